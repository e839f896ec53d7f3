// SPDX-License-Identifier: Apache-2.0
// The home page and the search page.
#include <algorithm>

#include "catalog/catalog_pages.h"
#include "catalog/vocabulary/vocabulary.h"
#include "core/text.h"

namespace samverka::catalog::pages {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

constexpr size_t kPageSize = 20;
// The filters the page offers, in the order shown; values are comma-separated in the URL.
constexpr const char* kPageFacets[] = {"theme",   "publisher",     "format",
                                       "license", "access_rights", "frequency"};

std::string join_commas(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ",") + value;
  return out;
}

// The whole state of a search page, as its URL holds it.
struct SearchState {
  std::string q;
  std::map<std::string, std::vector<std::string>> filters;
  std::string sort = "relevance";
  size_t page = 1;

  // The URL of this state, with the filters in a fixed order (one URL per state).
  std::string href(web::Lang lang) const {
    std::vector<std::pair<std::string, std::string>> parts;
    if (!q.empty()) parts.emplace_back("q", q);
    for (const char* facet : kPageFacets) {
      auto found = filters.find(facet);
      if (found != filters.end() && !found->second.empty())
        parts.emplace_back(facet, join_commas(found->second));
    }
    if (sort != "relevance") parts.emplace_back("sort", sort);
    if (page > 1) parts.emplace_back("page", std::to_string(page));
    std::string out = "/" + std::string(web::code(lang)) + "/datasets";
    for (size_t index = 0; index < parts.size(); ++index) {
      out += index == 0 ? '?' : '&';
      out += parts[index].first + "=" + web::url_encode(parts[index].second);
    }
    return out;
  }
  SearchState toggled(const std::string& facet, const std::string& value) const {
    SearchState next = *this;
    next.page = 1;
    auto& values = next.filters[facet];
    auto found = std::find(values.begin(), values.end(), value);
    if (found == values.end())
      values.push_back(value);
    else
      values.erase(found);
    return next;
  }
};

SearchState state_of(const Request& request) {
  SearchState state;
  state.q = request.query_param("q").value_or("");
  for (const char* facet : kPageFacets) {
    if (auto value = request.query_param(facet)) {
      auto values = text::split_commas(*value);
      if (values.size() > kMaxFilterValues) values.resize(kMaxFilterValues);
      if (!values.empty()) state.filters[facet] = std::move(values);
    }
  }
  std::string sort = request.query_param("sort").value_or("relevance");
  if (sort == "modified" || sort == "title") state.sort = sort;
  std::string page = request.query_param("page").value_or("1");
  size_t number = 0;
  for (char c : page) {
    if (c < '0' || c > '9' || number > 100000) {
      number = 0;
      break;
    }
    number = number * 10 + static_cast<size_t>(c - '0');
  }
  state.page = std::max<size_t>(number, 1);
  return state;
}

std::string count_text(web::Lang lang, size_t total, bool estimate) {
  std::string number = std::to_string(total);
  // Thousands grouped as the language writes them: 12 345 and 12,345.
  std::string grouped;
  for (size_t index = 0; index < number.size(); ++index) {
    if (index > 0 && (number.size() - index) % 3 == 0)
      grouped += lang == web::Lang::kSv ? "\u00a0" : ",";
    grouped += number[index];
  }
  if (total == 1 && !estimate) return web::text(lang, "search.found_one");
  return web::text(lang, estimate ? "search.found_about" : "search.found_many",
                   {{"count", grouped}});
}

std::string facet_label(web::Lang lang, const LabelledCount& value) {
  const std::string& label = lang == web::Lang::kSv ? value.label_sv : value.label_en;
  if (!label.empty()) return label;
  if (!value.label_sv.empty()) return value.label_sv;
  return value.value;
}

Response search_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  SearchState state = state_of(request);
  // The deepest page the index serves (offset at most search::kMaxOffset).
  constexpr size_t max_page = search::kMaxOffset / kPageSize;
  state.page = std::min(state.page, max_page);
  SearchRequest search;
  search.q = state.q;
  search.filters = state.filters;
  search.sort = state.sort;
  search.limit = kPageSize;
  search.offset = (state.page - 1) * kPageSize;
  search.facets.assign(std::begin(kPageFacets), std::end(kPageFacets));
  search.facet_limit = 10;
  auto found = api.search->search(principal.value(), search);
  if (!found.ok()) return web::error_page(request, lang, found.error());

  bj::object view;
  view["lang"] = std::string(web::code(lang));
  view["q"] = state.q;
  bj::array hidden, sort_hidden;
  for (const auto& [facet, values] : state.filters) {
    bj::object field{{"name", facet}, {"value", join_commas(values)}};
    hidden.push_back(field);
    sort_hidden.push_back(field);
  }
  if (!state.q.empty()) sort_hidden.push_back(bj::object{{"name", "q"}, {"value", state.q}});
  if (state.sort != "relevance")
    hidden.push_back(bj::object{{"name", "sort"}, {"value", state.sort}});
  view["hidden"] = std::move(hidden);
  view["sort_hidden"] = std::move(sort_hidden);

  // Facets: each value a link that adds or removes it.
  bj::array facets, active;
  size_t shown = 0;
  for (const char* facet : kPageFacets) {
    auto counts = found->facets.find(facet);
    const auto& selected = state.filters[facet];
    bj::array values;
    if (counts != found->facets.end()) {
      for (const LabelledCount& value : counts->second) {
        bool is_selected =
            std::find(selected.begin(), selected.end(), value.value) != selected.end();
        values.push_back(bj::object{{"label", facet_label(lang, value)},
                                    {"count", static_cast<int64_t>(value.count)},
                                    {"href", state.toggled(facet, value.value).href(lang)},
                                    {"selected", is_selected}});
      }
    }
    for (const std::string& value : selected) {
      std::string shown_label = value;
      if (counts != found->facets.end()) {
        for (const LabelledCount& count : counts->second) {
          if (count.value == value) shown_label = facet_label(lang, count);
        }
      }
      if (shown_label == value) {
        auto labels = api.search->label(facet, value);
        const std::string& text = lang == web::Lang::kSv ? labels.first : labels.second;
        if (!text.empty()) shown_label = text;
      }
      active.push_back(bj::object{{"facet", web::text(lang, std::string("search.facet.") + facet)},
                                  {"label", shown_label},
                                  {"href", state.toggled(facet, value).href(lang)}});
    }
    if (values.empty()) continue;
    facets.push_back(bj::object{{"label", web::text(lang, std::string("search.facet.") + facet)},
                                {"values", std::move(values)},
                                {"open", !selected.empty() || shown++ < 3}});
  }
  view["facets"] = std::move(facets);
  view["has_active"] = !active.empty();
  view["active"] = std::move(active);
  SearchState cleared;
  cleared.q = state.q;
  cleared.sort = state.sort;
  view["clear_href"] = cleared.href(lang);
  view["estimates"] = found->facets_are_estimates;
  view["found"] = count_text(lang, found->total, found->total_is_estimate);

  bj::array sorts;
  for (const char* sort : {"relevance", "modified", "title"}) {
    sorts.push_back(bj::object{{"value", sort},
                               {"label", web::text(lang, std::string("search.sort_") + sort)},
                               {"selected", state.sort == sort}});
  }
  view["sorts"] = std::move(sorts);
  if (found->suggestion) {
    SearchState suggested = state;
    suggested.q = *found->suggestion;
    suggested.page = 1;
    view["suggestion"] = bj::object{{"text", *found->suggestion}, {"href", suggested.href(lang)}};
  }

  bj::array hits;
  for (const search::SearchHit& hit : found->hits) {
    boost::system::error_code error;
    bj::value summary = bj::parse(hit.stored, error);
    if (error || !summary.is_object()) continue;
    bj::object item = hit_view(summary.get_object(), lang);
    // Xapian escapes the text of a snippet; only its <mark> tags are markup.
    if (!hit.snippet.empty()) item["snippet"] = hit.snippet;
    item["translated"] = hit.translated;
    hits.push_back(std::move(item));
  }
  view["hits"] = std::move(hits);

  size_t pages = std::min(max_page, (found->total + kPageSize - 1) / kPageSize);
  if (pages > 1) {
    bj::object pagination;
    auto at_page = [&](size_t number) {
      SearchState other = state;
      other.page = number;
      return other.href(lang);
    };
    if (state.page > 1) pagination["previous"] = at_page(state.page - 1);
    if (state.page < pages) pagination["next"] = at_page(state.page + 1);
    bj::array numbers;
    size_t first = state.page > 3 ? state.page - 2 : 1;
    size_t last = std::min(pages, first + 4);
    for (size_t number = first; number <= last; ++number) {
      numbers.push_back(bj::object{{"number", static_cast<int64_t>(number)},
                                   {"href", at_page(number)},
                                   {"current", number == state.page}});
    }
    pagination["pages"] = std::move(numbers);
    view["pagination"] = std::move(pagination);
  }

  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "search";
  page.section = "datasets";
  page.title = state.q.empty() ? web::text(lang, "search.title")
                               : state.q + " – " + web::text(lang, "search.title");
  page.path = state.href(lang).substr(3);
  // Result pages are not for search engines' indexes (the sitemap lists the datasets); the
  // plain list is.
  page.noindex = !state.q.empty() || !state.filters.empty() || state.page > 1;
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

Response home_page(CatalogApi& api, Request& request, web::Lang lang) {
  auto principal = accounts::page_principal(api.sessions, request);
  if (!principal.ok()) return web::error_page(request, lang, principal.error());
  SearchRequest newest;
  newest.public_only = true;
  newest.type = "dataset";
  newest.limit = 6;
  newest.sort_keys = {{search::SortKey::Field::kCreated, true}};
  newest.facets = {"theme", "publisher"};
  newest.facet_limit = 12;
  auto datasets = api.search->search(principal.value(), newest);
  if (!datasets.ok()) return web::error_page(request, lang, datasets.error());
  SearchRequest updated = newest;
  updated.sort_keys.clear();
  updated.sort = "modified";
  updated.facets.clear();
  auto recent = api.search->search(principal.value(), updated);
  if (!recent.ok()) return web::error_page(request, lang, recent.error());
  SearchRequest services;
  services.public_only = true;
  services.type = "data_service";
  services.limit = 1;
  services.facets.clear();
  auto apis = api.search->search(principal.value(), services);
  if (!apis.ok()) return web::error_page(request, lang, apis.error());
  auto organizations = api.organizations.list();
  if (!organizations.ok()) return web::error_page(request, lang, organizations.error());

  bj::object view;
  view["lang"] = std::string(web::code(lang));
  view["figures"] = bj::object{{"datasets", static_cast<int64_t>(datasets->total)},
                               {"publishers", static_cast<int64_t>(organizations->size())},
                               {"apis", static_cast<int64_t>(apis->total)}};
  // All 13 EU themes, with their counts (0 for the unused).
  std::map<std::string, size_t> theme_counts;
  if (auto themes = datasets->facets.find("theme"); themes != datasets->facets.end()) {
    for (const LabelledCount& count : themes->second) theme_counts[count.value] = count.count;
  }
  bj::array themes;
  if (const Vocabulary* vocabulary = find_vocabulary("data-theme")) {
    for (const VocabularyEntry& entry : vocabulary->entries()) {
      themes.push_back(
          bj::object{{"code", entry.code},
                     {"label", lang == web::Lang::kSv ? entry.label_sv : entry.label_en},
                     {"count", static_cast<int64_t>(theme_counts[entry.code])}});
    }
  }
  view["themes"] = std::move(themes);
  auto list_of = [&](const SearchPage& found) {
    bj::array items;
    for (const search::SearchHit& hit : found.hits) {
      boost::system::error_code error;
      bj::value summary = bj::parse(hit.stored, error);
      if (!error && summary.is_object()) items.push_back(hit_view(summary.get_object(), lang));
    }
    return items;
  };
  view["newest"] = list_of(*datasets);
  view["updated"] = list_of(*recent);
  bj::array publishers;
  if (auto counts = datasets->facets.find("publisher"); counts != datasets->facets.end()) {
    for (const LabelledCount& count : counts->second) {
      publishers.push_back(bj::object{{"href", organization_href(lang, count.value)},
                                      {"label", facet_label(lang, count)},
                                      {"count", static_cast<int64_t>(count.count)}});
    }
  }
  view["publishers"] = std::move(publishers);

  web::Page page;
  page.visitor = accounts::visitor_of(principal.value(), request);
  page.lang = lang;
  page.template_name = "home";
  page.section = "home";
  page.path = "/";
  page.view = std::move(view);
  return web::page_response(request, std::move(page));
}

}  // namespace

void register_search_pages(http::Router& router, CatalogApi& api) {
  if (api.search == nullptr) return;
  web::add_page(router, "/",
                [&api](Request& request, web::Lang lang) { return home_page(api, request, lang); });
  web::add_page(router, "/datasets", [&api](Request& request, web::Lang lang) {
    return search_page(api, request, lang);
  });
}

}  // namespace samverka::catalog::pages
