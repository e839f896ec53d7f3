// SPDX-License-Identifier: Apache-2.0
// Creating, editing and publishing a dataset from the portal: the same service calls, rules
// and messages as the JSON API, with the errors in a summary at the top of the form and
// beside each field.
#include <variant>

#include "catalog/catalog_pages.h"
#include "catalog/dataset/dataset_form_pages.h"
#include "web/forms.h"

namespace samverka::catalog::pages {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

// The organisations the principal may publish for, for the publisher menu.
bj::array publisher_options(CatalogApi& api, const accounts::Principal& principal,
                            const std::string& selected, web::Lang lang) {
  bj::array options;
  auto organizations = api.organizations.list();
  if (!organizations.ok()) return options;
  std::vector<std::pair<std::string, const Organization*>> allowed;
  for (const Organization& organization : *organizations) {
    if (!principal.at_least(organization.id, accounts::Role::kEditor)) continue;
    std::string name = lang == web::Lang::kEn && organization.name_en ? *organization.name_en
                                                                      : organization.name_sv;
    allowed.emplace_back(std::move(name), &organization);
  }
  std::sort(allowed.begin(), allowed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, organization] : allowed) {
    bool chosen = selected == organization->slug || selected == organization->id;
    options.push_back(
        bj::object{{"value", organization->slug}, {"label", name}, {"selected", chosen}});
  }
  return options;
}

struct FormPage {
  bj::object view;
  std::string title;
  std::string path;  // after /{lang}
  int status = 200;
};

Response form_response(CatalogApi& api, const Request& request, web::Lang lang,
                       const accounts::Principal& principal, FormPage form) {
  web::Visitor visitor = accounts::visitor_of(principal, request);
  web::Page page;
  page.lang = lang;
  page.template_name = "dataset_form";
  page.section = "datasets";
  page.title = form.title;
  page.path = form.path;
  page.noindex = true;
  page.status = form.status;
  page.visitor = visitor;
  page.view = std::move(form.view);
  std::string publisher =
      page.view.contains("publisher") ? std::string(page.view["publisher"].as_string()) : "";
  page.view["publishers"] = publisher_options(api, principal, publisher, lang);
  page.view["lang"] = std::string(web::code(lang));
  page.view["csrf"] = visitor.csrf;
  page.view["heading"] = form.title;
  page.view["action"] = web::lang_path(lang, form.path);
  // Errors beside the distribution rows' inputs.
  if (bj::value* rows = page.view.if_contains("distributions"); rows && rows->is_array()) {
    for (bj::value& row : rows->as_array()) {
      bj::object& item = row.as_object();
      std::string prefix = "d" + std::to_string(item["row"].as_int64()) + "_";
      for (const char* field : {"title", "access_url", "download_url", "format", "license"}) {
        if (const bj::value* error = page.view.if_contains(prefix + field + "_error"))
          item[std::string(field) + "_error"] = *error;
      }
    }
  }
  return web::page_response(request, std::move(page));
}

// The status of a form sent back with errors.
int status_of(const Error& error) {
  if (error.code == ErrorCode::kPreconditionFailed) return 409;
  if (error.code == ErrorCode::kForbidden) return 403;
  return 422;
}

Response new_form(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  if (!principal->authenticated())
    return accounts::sign_in_redirect(lang, web::lang_path(lang, "/datasets/new"));
  FormPage form;
  form.view = dataset_form_view(bj::object{}, lang);
  form.view["is_new"] = true;
  form.title = web::text(lang, "dataset_form.new_title");
  form.path = "/datasets/new";
  if (publisher_options(api, *principal, "", lang).empty())
    return web::error_page(request, lang, 403);
  return form_response(api, request, lang, *principal, std::move(form));
}

Response create(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  if (!principal->authenticated())
    return accounts::sign_in_redirect(lang, web::lang_path(lang, "/datasets/new"));
  auto posted = web::read_form(request, accounts::visitor_of(*principal, request));
  if (!posted.ok()) return web::error_page(request, lang, posted.error());
  DatasetForm form = dataset_from_form(*posted, {});
  bool publish = posted->value("action") == "publish";
  form.document["state"] = publish ? "published" : "draft";
  auto created = api.datasets.create(*principal, form.document);
  if (created.ok()) {
    return web::see_other(dataset_href(lang, created->record.slug) +
                          (publish ? "?published=1" : "?saved=1"));
  }
  FormPage page;
  page.view = dataset_form_view(*posted, lang);
  page.view["is_new"] = true;
  web::put_errors(page.view, dataset_form_errors(created.error(), form, lang));
  page.title = web::text(lang, "dataset_form.new_title");
  page.path = "/datasets/new";
  page.status = status_of(created.error());
  return form_response(api, request, lang, *principal, std::move(page));
}

// The record to edit, when the principal may edit it.
Result<DatasetRecord> editable(CatalogApi& api, const accounts::Principal& principal,
                               const std::string& slug) {
  auto record = TRY(api.datasets.record(principal, slug));
  if (!principal.at_least(record.publisher_id, accounts::Role::kEditor)) {
    return make_error(ErrorCode::kForbidden, "only the publisher's editors edit its datasets");
  }
  return record;
}

// The edit form of a record around a view of its fields (from the record or from what was
// posted).
FormPage edit_page(const DatasetRecord& record, bj::object fields, web::Lang lang) {
  FormPage page;
  page.title = web::text(lang, "dataset_form.edit_title");
  page.path = "/datasets/" + web::url_encode(record.slug) + "/edit";
  page.view = std::move(fields);
  page.view["revision"] = record.revision;
  page.view["draft"] = record.state == DatasetState::kDraft;
  page.view["cancel_href"] = dataset_href(lang, record.slug);
  return page;
}

// The record's document as the form shows it: the publisher by its slug.
bj::object document_for_form(CatalogApi& api, const DatasetRecord& record) {
  bj::object document = record.document;
  document["publisher"] = record.publisher_id;
  if (auto organization = api.organizations.get(record.publisher_id); organization.ok())
    document["publisher"] = organization->slug;
  return document;
}

Response edit_form(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  std::string slug(request.param("slug"));
  if (!principal->authenticated())
    return accounts::sign_in_redirect(
        lang, web::lang_path(lang, "/datasets/" + web::url_encode(slug) + "/edit"));
  auto record = editable(api, *principal, slug);
  if (!record.ok()) return web::error_page(request, lang, record.error());
  FormPage page =
      edit_page(*record, dataset_form_view(document_for_form(api, *record), lang), lang);
  return form_response(api, request, lang, *principal, std::move(page));
}

// A form posted to change a dataset the visitor may edit, with the revision it was opened at.
struct PostedEdit {
  accounts::Principal principal;
  web::Form form;
  DatasetRecord record;
  int64_t revision = 0;
};

// The posted edit, or the answer when it is not one (signed out, no rights, bad token).
std::variant<PostedEdit, Response> posted_edit(CatalogApi& api, Request& request, web::Lang lang,
                                               std::string_view back) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  std::string slug(request.param("slug"));
  if (!principal->authenticated())
    return accounts::sign_in_redirect(
        lang, web::lang_path(lang, "/datasets/" + web::url_encode(slug)) + std::string(back));
  auto posted = web::read_form(request, accounts::visitor_of(*principal, request));
  if (!posted.ok()) return web::error_page(request, lang, posted.error());
  auto record = editable(api, *principal, slug);
  if (!record.ok()) return web::error_page(request, lang, record.error());
  PostedEdit edit{std::move(*principal), std::move(*posted), std::move(*record)};
  try {
    edit.revision = std::stoll(edit.form.value("revision"));
  } catch (const std::exception&) {
    return web::error_page(request, lang, 400);
  }
  return edit;
}

Response update(CatalogApi& api, Request& request, web::Lang lang) {
  auto opened = posted_edit(api, request, lang, "/edit");
  if (auto* answer = std::get_if<Response>(&opened)) return std::move(*answer);
  PostedEdit& edit = std::get<PostedEdit>(opened);
  const DatasetRecord& record = edit.record;
  DatasetForm form = dataset_from_form(edit.form, record.document);
  bool publish = edit.form.value("action") == "publish";
  form.document["state"] = publish ? std::string("published") : state_name(record.state);
  form.document["private"] = record.is_private;
  form.document["slug"] = record.slug;
  auto updated = api.datasets.update(edit.principal, record.id, form.document,
                                     DatasetService::UpdateKind::kReplace, edit.revision);
  if (updated.ok()) {
    return web::see_other(dataset_href(lang, updated->record.slug) +
                          (publish ? "?published=1" : "?saved=1"));
  }
  FormPage page = edit_page(record, dataset_form_view(edit.form, lang), lang);
  // The revision the visitor edited stays, so that a change made meanwhile is not overwritten
  // by sending the form again.
  page.view["revision"] = edit.revision;
  web::put_errors(page.view, dataset_form_errors(updated.error(), form, lang));
  page.status = status_of(updated.error());
  return form_response(api, request, lang, edit.principal, std::move(page));
}

// Publishing a draft from its page: only the state changes. When the rules refuse, the edit
// form shows what is missing.
Response publish(CatalogApi& api, Request& request, web::Lang lang) {
  auto opened = posted_edit(api, request, lang, "");
  if (auto* answer = std::get_if<Response>(&opened)) return std::move(*answer);
  PostedEdit& edit = std::get<PostedEdit>(opened);
  const DatasetRecord& record = edit.record;
  auto updated = api.datasets.update(edit.principal, record.id, bj::object{{"state", "published"}},
                                     DatasetService::UpdateKind::kMergePatch, edit.revision);
  if (updated.ok()) return web::see_other(dataset_href(lang, record.slug) + "?published=1");
  FormPage page = edit_page(record, dataset_form_view(document_for_form(api, record), lang), lang);
  DatasetForm as_stored;  // the rows are the stored distributions, in order
  if (const bj::value* list = record.document.if_contains("distributions");
      list && list->is_array()) {
    for (size_t index = 0; index < list->get_array().size(); ++index)
      as_stored.distribution_rows.push_back(static_cast<int>(index));
  }
  web::put_errors(page.view, dataset_form_errors(updated.error(), as_stored, lang));
  page.status = status_of(updated.error());
  return form_response(api, request, lang, edit.principal, std::move(page));
}

}  // namespace

void register_dataset_form_pages(http::Router& router, CatalogApi& api) {
  web::add_page(router, "/datasets/new",
                [&api](Request& request, web::Lang lang) { return new_form(api, request, lang); });
  web::add_form(router, "/datasets/new",
                [&api](Request& request, web::Lang lang) { return create(api, request, lang); });
  web::add_page(router, "/datasets/{slug}/edit",
                [&api](Request& request, web::Lang lang) { return edit_form(api, request, lang); });
  web::add_form(router, "/datasets/{slug}/edit",
                [&api](Request& request, web::Lang lang) { return update(api, request, lang); });
  web::add_form(router, "/datasets/{slug}/publish",
                [&api](Request& request, web::Lang lang) { return publish(api, request, lang); });
}

}  // namespace samverka::catalog::pages
