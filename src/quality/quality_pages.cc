// SPDX-License-Identifier: Apache-2.0
// The portal's quality pages: what the quality API says, for publishers and visitors.
#include "quality/quality_pages.h"

#include <boost/json.hpp>
#include <cstdio>

#include "accounts/account_pages.h"
#include "accounts/accounts_api.h"
#include "quality/mqa.h"
#include "web/page.h"
#include "web/render.h"

namespace samverka::quality {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

std::string lang_code(web::Lang lang) { return std::string(web::code(lang)); }

double number(const bj::value* value) {
  return value != nullptr && value->is_number() ? value->to_number<double>() : 0;
}
std::string whole(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}
// Points as people write them: 30, 33.3.
std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string out = text;
  if (out.ends_with(".0")) out.resize(out.size() - 2);
  return out;
}
// "rätta ..." -> "Rätta ..." (the fixes start with an ASCII letter in both languages).
std::string sentence(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}
std::string localised(const bj::value* map, web::Lang lang) {
  if (map == nullptr || !map->is_object()) return "";
  const bj::value* text = map->get_object().if_contains(web::code(lang));
  return text && text->is_string() ? std::string(text->get_string()) : "";
}
std::string date_of(const bj::value* value) {
  std::string text = value && value->is_string() ? std::string(value->get_string()) : "";
  return text.substr(0, 10);
}
int dimension_max(std::string_view dimension) {
  int sum = 0;
  for (const Indicator& indicator : indicators())
    if (dimension == indicator.dimension) sum += indicator.weight;
  return sum;
}

// What a link check saw, in words.
std::string answer_of(const bj::object& link, web::Lang lang) {
  const bj::value* checked = link.if_contains("checked");
  if (checked == nullptr || checked->is_null()) return web::text(lang, "quality.not_checked");
  int64_t status = static_cast<int64_t>(number(link.if_contains("status")));
  if (status == 0) {
    const bj::value* error = link.if_contains("error");
    return web::text(lang, "quality.no_answer") +
           (error && error->is_string() ? ": " + std::string(error->get_string()) : "");
  }
  std::string out = "HTTP " + std::to_string(status);
  if (const bj::value* target = link.if_contains("redirected_to"); target && target->is_string())
    out += " → " + std::string(target->get_string());
  return out;
}

void add_score(bj::object& view, const bj::object& score, web::Lang lang) {
  view["points"] = one_decimal(number(score.if_contains("points")));
  std::string rating = score.at("rating").is_string() ? std::string(score.at("rating").get_string())
                                                      : std::string("bad");
  view["rating"] = web::text(lang, "quality.rating_" + rating);
  view["rating_code"] = rating;
}

bj::array fixes_of(const bj::object& score, web::Lang lang, size_t limit) {
  bj::array out;
  const bj::value* fixes = score.if_contains("fixes");
  if (fixes == nullptr || !fixes->is_array()) return out;
  for (const bj::value& item : fixes->get_array()) {
    if (out.size() == limit || !item.is_object()) break;
    const bj::object& fix = item.get_object();
    std::string what;
    if (const bj::value* datasets = fix.if_contains("datasets"))
      what = web::text(lang, "quality.datasets_count", {{"n", whole(number(datasets))}});
    if (const bj::value* distributions = fix.if_contains("distributions");
        distributions && number(distributions) > 0) {
      what += (what.empty() ? "" : ", ") +
              web::text(lang, "quality.distributions_count", {{"n", whole(number(distributions))}});
    }
    if (const bj::value* unchecked = fix.if_contains("distributions_unchecked")) {
      what += (what.empty() ? "" : ", ") +
              web::text(lang, "quality.unchecked_count", {{"n", whole(number(unchecked))}});
    }
    out.push_back(bj::object{{"fix", sentence(localised(fix.if_contains("fix"), lang))},
                             {"points", one_decimal(number(fix.if_contains("points")))},
                             {"what", what.empty() ? bj::value(nullptr) : bj::value(what)}});
  }
  return out;
}

Response scope_page(QualityPagesApi& api, Request& request, web::Lang lang,
                    const std::string& slug) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  bj::object view;
  view["lang"] = lang_code(lang);
  std::string name = web::text(lang, "quality.the_catalogue");
  std::string path = "/quality";
  if (!slug.empty()) {
    auto organization = api.organizations.get(slug);
    if (!organization.ok()) return web::error_page(request, lang, organization.error());
    name = lang == web::Lang::kEn && organization->name_en ? *organization->name_en
                                                           : organization->name_sv;
    view["organization_href"] =
        web::lang_path(lang, "/organizations/" + web::url_encode(organization->slug));
    path = "/organizations/" + web::url_encode(organization->slug) + "/quality";
  }
  view["name"] = name;
  view["heading"] = web::text(lang, "quality.title") + ": " + name;
  auto score = api.quality.scope_quality(slug, 30);
  if (!score.ok() && score.error().code != ErrorCode::kNotFound)
    return web::error_page(request, lang, score.error());
  if (!score.ok()) {
    view["scored"] = false;
    view["not_scored"] = web::text(lang, "quality.not_scored");
  } else {
    const bj::object& found = score.value();
    view["scored"] = true;
    add_score(view, found, lang);
    view["measured"] = web::text(lang, "quality.measured",
                                 {{"date", date_of(found.if_contains("scored"))},
                                  {"n", whole(number(found.if_contains("datasets")))}});
    bj::array dimensions;
    const bj::value* points = found.if_contains("dimensions");
    for (const char* dimension : kDimensions) {
      dimensions.push_back(bj::object{
          {"label", web::text(lang, std::string("quality.dimension_") + dimension)},
          {"points", one_decimal(points && points->is_object()
                                     ? number(points->get_object().if_contains(dimension))
                                     : 0)},
          {"max", dimension_max(dimension)}});
    }
    view["dimensions"] = std::move(dimensions);
    view["fixes"] = fixes_of(found, lang, 10);
    bj::array history;
    if (const bj::value* past = found.if_contains("history"); past && past->is_array()) {
      for (auto it = past->get_array().rbegin(); it != past->get_array().rend(); ++it) {
        if (!it->is_object()) continue;
        const bj::object& entry = it->get_object();
        history.push_back(bj::object{{"scored", entry.at("scored")},
                                     {"date", date_of(entry.if_contains("scored"))},
                                     {"points", one_decimal(number(entry.if_contains("points")))},
                                     {"datasets", whole(number(entry.if_contains("datasets")))}});
      }
    }
    view["history"] = std::move(history);
    bj::array broken;
    if (const bj::value* links = found.if_contains("broken_links"); links && links->is_array()) {
      for (const bj::value& item : links->get_array()) {
        if (!item.is_object()) continue;
        const bj::object& link = item.get_object();
        std::string slug_text =
            link.at("slug").is_string() ? std::string(link.at("slug").get_string()) : "";
        broken.push_back(bj::object{
            {"url", link.at("url")},
            {"answer", answer_of(link, lang)},
            {"slug", slug_text},
            {"dataset_href", web::lang_path(lang, "/datasets/" + web::url_encode(slug_text))}});
      }
    }
    int64_t total = static_cast<int64_t>(number(found.if_contains("broken_links_total")));
    if (total > static_cast<int64_t>(broken.size())) {
      view["more_broken"] =
          web::text(lang, "quality.more_broken",
                    {{"n", std::to_string(total - static_cast<int64_t>(broken.size()))}});
    }
    view["has_broken"] = !broken.empty();
    view["broken"] = std::move(broken);
  }
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "quality";
  page.section = "organizations";
  page.title = view["heading"].as_string().c_str();
  page.path = path;
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

Response dataset_quality_page(QualityPagesApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  auto dataset = api.datasets.get(principal.value(), std::string(request.param("slug")));
  if (!dataset.ok()) return web::error_page(request, lang, dataset.error());
  auto score = api.quality.score_record(dataset->record, {.score = true});
  if (!score.ok()) return web::error_page(request, lang, score.error());
  const catalog::DatasetRecord& record = dataset->record;
  bj::object view;
  view["lang"] = lang_code(lang);
  std::string title = localised(record.document.if_contains("title"), lang);
  std::string title_lang = lang_code(lang);
  if (title.empty()) {
    web::Lang other = lang == web::Lang::kEn ? web::Lang::kSv : web::Lang::kEn;
    title = localised(record.document.if_contains("title"), other);
    title_lang = std::string(web::code(other));
  }
  view["title"] = title.empty() ? record.slug : title;
  if (title_lang != lang_code(lang)) view["title_lang"] = title_lang;
  view["dataset_href"] = web::lang_path(lang, "/datasets/" + web::url_encode(record.slug));
  add_score(view, score.value(), lang);
  view["fixes"] = fixes_of(score.value(), lang, 30);
  bj::array items;
  for (const bj::value& item : score->at("indicators").as_array()) {
    const bj::object& indicator = item.as_object();
    std::string note;
    if (const bj::value* of = indicator.if_contains("distributions")) {
      note = web::text(lang, "quality.distributions_met",
                       {{"n", whole(number(indicator.if_contains("distributions_met")))},
                        {"of", whole(number(of))}});
      if (const bj::value* unchecked = indicator.if_contains("distributions_unchecked"))
        note +=
            ", " + web::text(lang, "quality.unchecked_count", {{"n", whole(number(unchecked))}});
    }
    std::string dimension = indicator.at("dimension").is_string()
                                ? std::string(indicator.at("dimension").get_string())
                                : std::string();
    items.push_back(bj::object{{"label", localised(indicator.if_contains("label"), lang)},
                               {"note", note.empty() ? bj::value(nullptr) : bj::value(note)},
                               {"dimension", web::text(lang, "quality.dimension_" + dimension)},
                               {"points", one_decimal(number(indicator.if_contains("points")))},
                               {"weight", indicator.at("weight")}});
  }
  view["indicators"] = std::move(items);
  bj::array links;
  for (const bj::value& item : score->at("links").as_array()) {
    const bj::object& link = item.as_object();
    links.push_back(bj::object{{"url", link.at("url")},
                               {"answer", answer_of(link, lang)},
                               {"checked", date_of(link.if_contains("checked"))}});
  }
  view["has_links"] = !links.empty();
  view["links"] = std::move(links);
  bj::array history;  // newest first on the page
  if (const bj::value* past = score->if_contains("history"); past && past->is_array()) {
    for (auto it = past->get_array().rbegin(); it != past->get_array().rend(); ++it) {
      if (!it->is_object()) continue;
      const bj::object& entry = it->get_object();
      history.push_back(bj::object{{"scored", entry.at("scored")},
                                   {"date", date_of(entry.if_contains("scored"))},
                                   {"points", one_decimal(number(entry.if_contains("points")))}});
    }
  }
  view["has_history"] = !history.empty();
  view["history"] = std::move(history);
  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "dataset_quality";
  page.section = "datasets";
  page.title = web::text(lang, "quality.title") + ": " + view["title"].as_string().c_str();
  page.path = "/datasets/" + web::url_encode(record.slug) + "/quality";
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_quality_pages(http::Router& router, QualityPagesApi& api) {
  web::add_page(router, "/quality", [&api](Request& request, web::Lang lang) {
    return scope_page(api, request, lang, "");
  });
  web::add_page(router, "/organizations/{slug}/quality", [&api](Request& request, web::Lang lang) {
    return scope_page(api, request, lang, std::string(request.param("slug")));
  });
  web::add_page(router, "/datasets/{slug}/quality", [&api](Request& request, web::Lang lang) {
    return dataset_quality_page(api, request, lang);
  });
}

}  // namespace samverka::quality
