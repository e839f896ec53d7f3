// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_api.h"
#include "catalog/vocabulary/vocabulary.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;

void register_vocabulary_routes(http::Router& router) {
  router.add("GET", "/api/v1/vocabularies", [](http::Request&) {
    bj::array names;
    for (const auto& name : vocabulary_names()) {
      names.push_back(bj::object{{"name", name}, {"href", "/api/v1/vocabularies/" + name}});
    }
    return http::json_response(200, bj::value(bj::object{{"items", std::move(names)}}));
  });
  router.add("GET", "/api/v1/vocabularies/{name}", [](http::Request& request) {
    const Vocabulary* vocabulary = find_vocabulary(request.param("name"));
    if (vocabulary == nullptr) {
      return http::problem(make_error(
          ErrorCode::kNotFound, "no vocabulary '" + std::string(request.param("name")) + "'"));
    }
    bj::array items;
    for (const auto& entry : vocabulary->entries()) {
      items.push_back(bj::object{{"code", entry.code},
                                 {"iri", entry.iri},
                                 {"label_sv", entry.label_sv},
                                 {"label_en", entry.label_en}});
    }
    http::Response response = http::json_response(
        200, bj::value(bj::object{{"name", vocabulary->name()}, {"items", std::move(items)}}));
    response.set_header("Cache-Control", "public, max-age=86400");
    return response;
  });
}

}  // namespace samverka::catalog
