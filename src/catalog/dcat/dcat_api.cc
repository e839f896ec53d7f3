// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_api.h"
#include "catalog/dcat/dcat_writer.h"
#include "core/text.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {

Response rdf_response(const DcatWriter& writer, rdf::Format format) {
  auto text = rdf::serialize(writer.triples(), format);
  if (!text.ok()) return http::problem(text.error());
  Response response;
  response.content_type = rdf::media_type(format);
  response.body = std::move(text.value());
  return response;
}

// "ID.EXT" -> ID and format; false when the extension is not an RDF one.
bool split_file(std::string_view file, std::string& id, rdf::Format& format) {
  size_t dot = file.rfind('.');
  if (dot == std::string_view::npos) return false;
  id = std::string(file.substr(0, dot));
  return rdf::format_from_extension(std::string(file.substr(dot + 1)), format);
}

// A page of the published public datasets that match a search, in relevance order.
Result<DatasetService::PublicPage> search_page(CatalogApi& api, const std::string& q,
                                               const std::optional<std::string>& publisher,
                                               const std::optional<std::string>& modified_since,
                                               int64_t page, int64_t page_size) {
  if (api.search == nullptr) return make_error(ErrorCode::kUnavailable, "search is not available");
  SearchRequest search;
  search.q = q;
  search.type = "dataset";
  if (publisher) search.filters["publisher"] = {*publisher};
  search.modified_since = modified_since;
  search.offset = static_cast<size_t>((page - 1) * page_size);
  search.limit = static_cast<size_t>(page_size);
  search.facets.clear();
  search.exact_counts = true;  // the Hydra links page by the total
  accounts::Principal anonymous;
  auto results = TRY(api.search->find(anonymous, search));
  DatasetService::PublicPage out;
  out.total = static_cast<int64_t>(results.total);
  for (const auto& hit : results.hits) {
    auto record = api.datasets.record(anonymous, hit.id);
    if (record.ok()) out.records.push_back(std::move(record.value()));
  }
  return out;
}

constexpr int64_t kAnonymousCatalogPage = 100;

Error unknown_format() {
  return make_error(ErrorCode::kNotFound,
                    "no such document; RDF is served as .ttl, .rdf, .jsonld or .nt");
}

}  // namespace

void register_dcat_routes(http::Router& router, CatalogApi& api, std::string base_url) {
  auto catalog = [&api, base_url](rdf::Format format, bool negotiate) {
    return [&api, base_url, format, negotiate](Request& request) -> Response {
      // The catalogue is public, but a token that is sent must be valid, as on every route.
      auto caller = accounts::principal_of(api.accounts, request);
      if (!caller.ok()) return http::problem(caller.error());
      rdf::Format chosen =
          negotiate ? rdf::format_from_accept(std::string(request.header("accept"))) : format;
      auto page = http::integer_param(request, "page", 1, 1000000);
      auto page_size = http::integer_param(request, "page_size", 1, 1000);
      if (!page.ok()) return http::problem(page.error());
      if (!page_size.ok()) return http::problem(page_size.error());
      int64_t number = page->value_or(1);
      // Anonymous pages stop at 100 datasets (a page of 1,000 is megabytes, and hundreds of
      // slow anonymous readers must not hold that much each); the paging links say so.
      int64_t size = page_size->value_or(100);
      if (!caller->authenticated()) size = std::min<int64_t>(size, kAnonymousCatalogPage);
      auto publisher = request.query_param("publisher");
      auto modified_since = request.query_param("modified_since");
      auto q = request.query_param("q");
      Result<DatasetService::PublicPage> records = DatasetService::PublicPage{};
      if (q && !q->empty()) {
        records = search_page(api, *q, publisher, modified_since, number, size);
      } else {
        records = api.datasets.public_page((number - 1) * size, static_cast<int>(size), publisher,
                                           modified_since);
      }
      if (!records.ok()) return http::problem(records.error());
      DcatWriter writer(base_url);
      std::map<std::string, std::optional<Organization>> organizations;
      std::vector<std::string> iris;
      for (const auto& record : records->records) {
        auto found = organizations.find(record.publisher_id);
        if (found == organizations.end()) {
          auto loaded = api.organizations.get(record.publisher_id);
          found = organizations
                      .emplace(record.publisher_id,
                               loaded.ok() ? std::optional(loaded.value()) : std::nullopt)
                      .first;
        }
        writer.dataset(record, found->second ? &*found->second : nullptr);
        const boost::json::value* iri = record.document.if_contains("iri");
        iris.push_back(iri && iri->is_string() ? std::string(iri->get_string())
                                               : base_url + "/datasets/" + record.id);
      }
      const char* extension = chosen == rdf::Format::kTurtle     ? "ttl"
                              : chosen == rdf::Format::kRdfXml   ? "rdf"
                              : chosen == rdf::Format::kNTriples ? "nt"
                                                                 : "jsonld";
      // Page links keep the filters.
      std::string filters;
      if (q && !q->empty()) filters += "&q=" + text::percent_encode(*q);
      if (publisher) filters += "&publisher=" + text::percent_encode(*publisher);
      if (modified_since) filters += "&modified_since=" + text::percent_encode(*modified_since);
      writer.catalog(iris, number, size, records->total, base_url + "/catalog." + extension,
                     filters);
      Response response = rdf_response(writer, chosen);
      if (negotiate) response.set_header("Vary", "Accept");
      return response;
    };
  };
  router.add("GET", "/catalog", catalog(rdf::Format::kTurtle, true));
  router.add("GET", "/catalog.ttl", catalog(rdf::Format::kTurtle, false));
  router.add("GET", "/catalog.rdf", catalog(rdf::Format::kRdfXml, false));
  router.add("GET", "/catalog.jsonld", catalog(rdf::Format::kJsonLd, false));
  router.add("GET", "/catalog.nt", catalog(rdf::Format::kNTriples, false));

  router.add("GET", "/datasets/{file}", [&api, base_url](Request& request) -> Response {
    std::string id;
    rdf::Format format;
    if (!split_file(request.param("file"), id, format)) return http::problem(unknown_format());
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto record = api.datasets.record(principal.value(), id);
    if (!record.ok()) return http::problem(record.error());
    auto publisher = api.organizations.get(record->publisher_id);
    DcatWriter writer(base_url);
    writer.dataset(record.value(), publisher.ok() ? &publisher.value() : nullptr);
    if (api.quality_of) {
      if (std::optional<bj::object> score = api.quality_of(record.value()))
        writer.quality(record.value(), *score);
    }
    return rdf_response(writer, format);
  });
  router.add("GET", "/organizations/{file}", [&api, base_url](Request& request) -> Response {
    std::string id;
    rdf::Format format;
    if (!split_file(request.param("file"), id, format)) return http::problem(unknown_format());
    if (auto caller = accounts::principal_of(api.accounts, request); !caller.ok()) {
      return http::problem(caller.error());
    }
    auto organization = api.organizations.get(id);
    if (!organization.ok()) return http::problem(organization.error());
    DcatWriter writer(base_url);
    writer.organization(organization.value());
    return rdf_response(writer, format);
  });
  router.add("GET", "/data-services/{file}", [&api, base_url](Request& request) -> Response {
    std::string id;
    rdf::Format format;
    if (!split_file(request.param("file"), id, format)) return http::problem(unknown_format());
    if (auto caller = accounts::principal_of(api.accounts, request); !caller.ok()) {
      return http::problem(caller.error());
    }
    auto record = api.data_services.get(id);
    if (!record.ok()) return http::problem(record.error());
    auto publisher = api.organizations.get(record->publisher_id);
    DcatWriter writer(base_url);
    // servesDataset names each dataset by its own IRI (an imported one keeps its agency's).
    auto dataset_iri = [&api](const std::string& id) -> std::string {
      auto dataset = api.datasets.record(accounts::Principal{}, id);
      if (!dataset.ok()) return "";
      const boost::json::value* iri = dataset->document.if_contains("iri");
      return iri && iri->is_string() ? std::string(iri->get_string()) : "";
    };
    writer.data_service(record.value(), publisher.ok() ? &publisher.value() : nullptr, dataset_iri);
    return rdf_response(writer, format);
  });
}

}  // namespace samverka::catalog
