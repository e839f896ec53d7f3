// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_ckan.h"

#include <set>

#include "catalog/vocabulary/vocabulary.h"
#include "ckan/ckan_mapping.h"
#include "core/json.h"
#include "core/text.h"

namespace samverka::harvest {

namespace bj = boost::json;

namespace {

constexpr size_t kMaxPages = 10000;
constexpr int kRows = 1000;  // CKAN's own cap on rows

std::string text_of(const bj::value* value) {
  if (value == nullptr || value->is_null()) return "";
  if (value->is_string()) return std::string(value->get_string());
  return bj::serialize(*value);
}

bool is_theme(const std::string& name) {
  return catalog::find_vocabulary("data-theme")
             ->find(name.find("://") == std::string::npos ? text::ascii_upper(name) : name) !=
         nullptr;
}

std::string organization_key(const bj::object& organization) {
  std::string id = text_of(organization.if_contains("id"));
  return "ckan-organization:" + (id.empty() ? text_of(organization.if_contains("name")) : id);
}

}  // namespace

std::string ckan_portal(const std::string& url) {
  std::string portal = url.substr(0, url.find_first_of("?#"));
  auto trim = [&] {
    while (!portal.empty() && portal.back() == '/') portal.pop_back();
  };
  trim();
  for (std::string_view tail : {"/api/3/action", "/api/action", "/api/3", "/api"}) {
    if (portal.ends_with(tail)) {
      portal.resize(portal.size() - tail.size());
      break;
    }
  }
  trim();
  return portal;
}

Result<CkanPackages> fetch_ckan_packages(const std::string& url, const net::FetchOptions& options,
                                         const std::function<bool()>& cancelled) {
  CkanPackages out;
  out.portal = ckan_portal(url);
  net::FetchOptions page_options = options;
  page_options.accept = "application/json";
  page_options.if_none_match.clear();
  page_options.if_modified_since.clear();
  size_t bytes = 0, malformed = 0, repeated = 0;
  int64_t start = 0;
  std::optional<int64_t> count;
  std::set<std::string> seen;
  for (;;) {
    if (cancelled && cancelled())
      return make_error(ErrorCode::kUnavailable, "the harvest was stopped; nothing was written");
    std::string where = "page " + std::to_string(out.pages + 1) + " of package_search";
    if (out.pages == kMaxPages) {
      return make_error(ErrorCode::kBadRequest, "the portal has more than " +
                                                    std::to_string(kMaxPages) + " pages of " +
                                                    std::to_string(kRows) + " packages");
    }
    if (bytes >= options.max_bytes) {
      return make_error(ErrorCode::kBadRequest, "the portal's packages hold more than " +
                                                    std::to_string(options.max_bytes) + " bytes");
    }
    page_options.max_bytes = options.max_bytes - bytes;
    std::string address = out.portal +
                          "/api/3/action/package_search?rows=" + std::to_string(kRows) +
                          "&start=" + std::to_string(start) + "&sort=id%20asc";
    auto fetched = net::fetch(address, page_options);
    if (!fetched.ok())
      return make_error(fetched.error().code, where + ": " + fetched.error().message);
    bytes += fetched->body.size();
    auto parsed = json::parse(fetched->body);
    if (!parsed.ok()) {
      return make_error(ErrorCode::kBadRequest, where + " is not JSON: " + parsed.error().message);
    }
    const bj::object* answer = parsed->if_object();
    const bj::value* success = answer ? answer->if_contains("success") : nullptr;
    const bj::value* result = answer ? answer->if_contains("result") : nullptr;
    const bj::value* results =
        result && result->is_object() ? result->get_object().if_contains("results") : nullptr;
    if (success == nullptr || !success->is_bool() || !success->get_bool() || results == nullptr ||
        !results->is_array()) {
      return make_error(ErrorCode::kBadRequest,
                        where +
                            " is not CKAN's answer ({\"success\": true, \"result\": "
                            "{\"count\": ..., \"results\": [...]}})");
    }
    if (!count) {
      const bj::value* total = result->get_object().if_contains("count");
      if (total && total->is_int64()) count = total->get_int64();
    }
    bj::array& items = parsed->get_object()["result"].get_object()["results"].get_array();
    ++out.pages;
    if (items.empty()) break;
    start += static_cast<int64_t>(items.size());
    for (bj::value& item : items) {
      const bj::value* id = item.is_object() ? item.get_object().if_contains("id") : nullptr;
      if (id == nullptr || !id->is_string() || id->get_string().empty()) {
        ++malformed;
        continue;
      }
      // The portal changed while it was paged: a package met twice is read once.
      if (!seen.insert(std::string(id->get_string())).second) {
        ++repeated;
        continue;
      }
      out.packages.push_back(std::move(item.get_object()));
    }
    if (count && start >= *count) break;
  }
  if (malformed > 0) {
    out.notes.push_back(std::to_string(malformed) +
                        " entries of package_search's results were not package dicts with an "
                        "id; left out");
  }
  if (repeated > 0) {
    out.notes.push_back(std::to_string(repeated) +
                        " packages came twice (the portal changed while it was read); each was "
                        "read once");
  }
  return out;
}

CkanRecords::CkanRecords(CkanPackages packages) : packages_(std::move(packages)) {
  for (const bj::object& package : packages_.packages) {
    const bj::value* organization = package.if_contains("organization");
    if (organization == nullptr || !organization->is_object()) continue;
    const bj::object& dict = organization->get_object();
    catalog::ImportedPublisher publisher;
    publisher.key = organization_key(dict);
    if (publishers_.count(publisher.key)) continue;
    std::string title = text_of(dict.if_contains("title"));
    if (title.empty()) title = text_of(dict.if_contains("name"));
    if (!title.empty()) publisher.name["sv"] = title;
    if (const bj::value* extras = dict.if_contains("extras"); extras && extras->is_array()) {
      for (const bj::value& extra : extras->get_array()) {
        if (!extra.is_object()) continue;
        std::string key = text_of(extra.get_object().if_contains("key"));
        std::string value = text_of(extra.get_object().if_contains("value"));
        if (value.empty()) continue;
        if (key == "org_number")
          publisher.org_number = text::normalize_org_number(value);
        else if (key == "publisher_type")
          publisher.type = value;
        else if (key == "homepage" && text::is_http_url(value))
          publisher.homepage = value;
        else if (key == "email")
          publisher.email = value;
      }
    }
    publishers_.emplace(publisher.key, std::move(publisher));
  }
}

catalog::ImportedDataset CkanRecords::dataset(size_t index) {
  const bj::object& package = packages_.packages[index];
  catalog::ImportedDataset out;
  bj::object dict;
  for (const auto& [key, value] : package) {
    // The publisher comes from the organisation; the state and the slug are this catalogue's.
    if (key == "owner_org" || key == "organization" || key == "state" || key == "private" ||
        key == "name") {
      continue;
    }
    if (key == "extras" && value.is_array()) {
      bj::array kept;
      for (const bj::value& extra : value.get_array()) {
        std::string name =
            extra.is_object() ? text_of(extra.get_object().if_contains("key")) : std::string();
        if (ckan::is_kept_extra(name)) {
          kept.push_back(extra);
        } else {
          out.warnings.push_back(
              {"extras", "the extra '" + name + "' has no place in DCAT-AP-SE here; left out"});
        }
      }
      dict["extras"] = std::move(kept);
    } else if (key == "groups" && value.is_array()) {
      bj::array kept;
      for (const bj::value& group : value.get_array()) {
        std::string name =
            group.is_object() ? text_of(group.get_object().if_contains("name")) : text_of(&group);
        if (is_theme(name)) {
          kept.push_back(group);
        } else {
          out.warnings.push_back(
              {"groups", "the group '" + name + "' is not an EU data theme; left out"});
        }
      }
      dict["groups"] = std::move(kept);
    } else {
      dict.emplace(key, value);
    }
  }
  auto mapped = ckan::dataset_from_package(dict, nullptr, nullptr, packages_.portal);
  bj::object body;
  if (mapped.ok()) {
    body = std::move(mapped.value());
  } else {
    Error error = ckan::ckan_field_names(std::move(mapped).error());
    out.warnings.push_back({"package", "could not be read: " + error.message});
    std::string title = text_of(package.if_contains("title"));
    if (!title.empty()) body["title"] = bj::object{{"sv", title}};
  }
  for (const char* field : {"publisher", "state", "private", "slug"}) body.erase(field);
  std::string iri = text_of(body.if_contains("iri"));
  if (!text::is_http_url(iri))
    iri = packages_.portal + "/dataset/" + text::percent_encode(text_of(package.if_contains("id")));
  body["iri"] = iri;
  out.iri = iri;
  out.identifier = text_of(body.if_contains("identifier"));
  if (const bj::value* organization = package.if_contains("organization");
      organization && organization->is_object()) {
    out.publisher_key = organization_key(organization->get_object());
  }
  out.body = std::move(body);
  return out;
}

}  // namespace samverka::harvest
