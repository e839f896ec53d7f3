// SPDX-License-Identifier: Apache-2.0
#include "organization/organization_api.h"

#include "accounts/accounts_api.h"
#include "http/json_api.h"
#include "http/problem.h"

namespace samverka::catalog {

namespace bj = boost::json;
using http::Request;
using http::Response;

namespace {
Response organization_response(int status, const Organization& organization) {
  Response response = http::json_response(status, bj::value(to_json(organization)));
  response.set_header("ETag", http::etag_for(organization.revision));
  return response;
}
}  // namespace

void register_organization_routes(http::Router& router, OrganizationApi& api) {
  router.add("GET", "/api/v1/organizations", [&api](Request& request) -> Response {
    auto organizations = api.organizations.list();
    if (!organizations.ok()) return http::problem(organizations.error());
    bj::array items;
    for (const auto& organization : organizations.value()) items.push_back(to_json(organization));
    bj::object body{{"total", items.size()}, {"items", std::move(items)}, {"next", nullptr}};
    return http::json_response(200, bj::value(std::move(body)));
  });

  router.add("GET", "/api/v1/organizations/{id}", [&api](Request& request) -> Response {
    auto organization = api.organizations.get(std::string(request.param("id")));
    if (!organization.ok()) return http::problem(organization.error());
    if (http::if_none_match(request, organization->revision)) {
      return http::not_modified(organization->revision);
    }
    return organization_response(200, organization.value());
  });

  router.add("POST", "/api/v1/organizations", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto created = api.organizations.create(principal.value(), body.value());
    if (!created.ok()) return http::problem(created.error());
    Response response = organization_response(201, created.value());
    response.set_header("Location", "/api/v1/organizations/" + created->id);
    return response;
  });

  auto update = [&api](OrganizationService::UpdateKind kind) {
    return [&api, kind](Request& request) -> Response {
      auto principal = accounts::principal_of(api.accounts, request);
      if (!principal.ok()) return http::problem(principal.error());
      auto body = http::json_body(request);
      if (!body.ok()) return http::problem(body.error());
      auto updated = api.organizations.update(principal.value(), std::string(request.param("id")),
                                              body.value(), kind, http::if_match_revision(request));
      if (!updated.ok()) return http::problem(updated.error());
      return organization_response(200, updated.value());
    };
  };
  router.add("PUT", "/api/v1/organizations/{id}",
             update(OrganizationService::UpdateKind::kReplace));
  router.add("PATCH", "/api/v1/organizations/{id}",
             update(OrganizationService::UpdateKind::kMergePatch));

  router.add("DELETE", "/api/v1/organizations/{id}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    Status removed = api.organizations.remove(principal.value(), std::string(request.param("id")),
                                              http::if_match_revision(request));
    if (!removed.ok()) return http::problem(removed.error());
    return http::no_content();
  });
}

}  // namespace samverka::catalog
