// SPDX-License-Identifier: Apache-2.0
#include "organization/organization_service.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "organization/organization_store.h"
#include "storage/change_log.h"

namespace samverka::catalog {

namespace bj = boost::json;

namespace {
Error not_found(const std::string& id_or_slug) {
  return make_error(ErrorCode::kNotFound, "no organisation '" + id_or_slug + "'");
}
Error conflict_from(const Error& error, const Organization& organization) {
  if (error.code != ErrorCode::kConflict) return error;
  if (storage::violates(error, "organizations.org_number")) {
    return make_error(ErrorCode::kConflict, "another organisation has this organisation number",
                      {{"org_number", "already registered"}});
  }
  return make_error(ErrorCode::kConflict, "the slug '" + organization.slug + "' is taken",
                    {{"slug", "already taken"}});
}
Status check_revision(const Organization& organization, std::optional<int64_t> expected) {
  if (expected && *expected != organization.revision) {
    return make_error(ErrorCode::kPreconditionFailed,
                      "the organisation has changed since you read it (revision " +
                          std::to_string(organization.revision) + ")");
  }
  return {};
}
}  // namespace

Result<std::vector<Organization>> OrganizationService::list() {
  return database_.read(
      [](storage::Connection& connection) { return organization_store::list(connection); });
}

Result<Organization> OrganizationService::get(const std::string& id_or_slug) {
  auto found = TRY(database_.read([&](storage::Connection& connection) {
    return organization_store::find(connection, id_or_slug);
  }));
  if (!found) return not_found(id_or_slug);
  return *found;
}

namespace {
// A free slug from the Swedish name (-2, -3 ... appended while taken); a name with no letters or
// digits to make one from gets organisation-<id>.
Status mint_slug(storage::Connection& connection, Organization& organization) {
  std::string base = text::slugify(organization.name_sv);
  if (!text::is_slug(base)) base = "organisation-" + organization.id.substr(0, 8);
  if (base.size() > 90) base.resize(90);
  organization.slug = base;
  for (int suffix = 2; TRY(organization_store::find(connection, organization.slug)); ++suffix) {
    organization.slug = base + "-" + std::to_string(suffix);
  }
  return {};
}
}  // namespace

Result<Organization> OrganizationService::create(const accounts::Principal& principal,
                                                 const bj::value& body) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "creating an organisation needs a token");
  }
  if (!principal.sysadmin) {
    return make_error(ErrorCode::kForbidden, "only sysadmins create organisations");
  }
  Organization organization;
  TRY(apply_organization_json(body, organization));
  organization.id = ids::new_uuid();
  organization.created = organization.modified = clock::now_iso();
  organization.revision = 1;
  TRY(database_.write([&](storage::Connection& connection) -> Status {
    // No slug given: one from the Swedish name, made free; a given one must be free.
    if (organization.slug.empty()) TRY(mint_slug(connection, organization));
    Status inserted = organization_store::insert(connection, organization);
    if (!inserted.ok()) return conflict_from(inserted.error(), organization);
    return storage::append_change(connection, "organization", organization.id, "create",
                                  organization.modified);
  }));
  return organization;
}

Status OrganizationService::add_member(const accounts::Principal& principal,
                                       const std::string& id_or_slug, const std::string& user,
                                       accounts::Role role) {
  if (role == accounts::Role::kNone) {
    return make_error(ErrorCode::kValidation, "unknown role",
                      {{"role", "must be admin, editor or member"}});
  }
  Organization organization = TRY(get(id_or_slug));
  if (!principal.at_least(organization.id, accounts::Role::kAdmin)) {
    return make_error(
        principal.authenticated() ? ErrorCode::kForbidden : ErrorCode::kUnauthenticated,
        "only sysadmins and the organisation's admins change its members");
  }
  return accounts_.add_member(organization.id, user, role);
}

Result<std::optional<Organization>> OrganizationService::find_in(storage::Connection& connection,
                                                                 const std::string& id_or_slug) {
  return organization_store::find(connection, id_or_slug);
}

Result<std::string> OrganizationService::resolve_publisher_in(storage::Connection& connection,
                                                              const std::string& publisher) {
  return organization_store::resolve_publisher(connection, publisher);
}

Result<std::optional<Organization>> OrganizationService::find_publisher_in(
    storage::Connection& connection, const std::optional<std::string>& org_number,
    const std::string& name_sv) {
  std::optional<Organization> found;
  if (org_number) found = TRY(organization_store::find_by_org_number(connection, *org_number));
  if (!found && !name_sv.empty()) {
    found = TRY(organization_store::find_by_name(connection, name_sv));
    // The same name with another organisation number is another organisation.
    if (found && org_number && found->org_number && *found->org_number != *org_number) {
      found.reset();
    }
  }
  return found;
}

Result<Organization> OrganizationService::create_in(storage::Connection& connection,
                                                    const accounts::Principal& principal,
                                                    Organization organization) {
  if (!principal.sysadmin) {
    return make_error(ErrorCode::kForbidden, "only sysadmins create organisations");
  }
  TRY(mint_slug(connection, organization));
  organization.created = organization.modified = clock::now_iso();
  organization.revision = 1;
  Status inserted = organization_store::insert(connection, organization);
  if (!inserted.ok()) return conflict_from(inserted.error(), organization);
  TRY(storage::append_change(connection, "organization", organization.id, "create",
                             organization.created));
  return organization;
}

Result<Organization> OrganizationService::update(const accounts::Principal& principal,
                                                 const std::string& id_or_slug,
                                                 const bj::value& body, UpdateKind kind,
                                                 std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "changing an organisation needs a token");
  }
  return database_.write([&](storage::Connection& connection) -> Result<Organization> {
    auto found = TRY(organization_store::find(connection, id_or_slug));
    if (!found) return not_found(id_or_slug);
    if (!principal.at_least(found->id, accounts::Role::kAdmin)) {
      return make_error(ErrorCode::kForbidden, "only the organisation's admins may change it");
    }
    TRY(check_revision(*found, expected_revision));
    Organization updated = *found;
    if (kind == UpdateKind::kReplace) {
      updated.name_en.reset();
      updated.org_number.reset();
      updated.type.reset();
      updated.homepage.reset();
      updated.email.reset();
      updated.name_sv.clear();
      TRY(apply_organization_json(body, updated));
    } else {
      if (!body.is_object()) {
        return make_error(ErrorCode::kBadRequest, "a merge patch must be a JSON object");
      }
      bj::value merged = json::merge_patch(to_json(*found), body);
      updated.name_en.reset();
      updated.name_sv.clear();
      TRY(apply_organization_json(merged, updated));
    }
    updated.modified = clock::now_iso();
    updated.revision = found->revision + 1;
    Status written = organization_store::update(connection, updated);
    if (!written.ok()) return conflict_from(written.error(), updated);
    TRY(storage::append_change(connection, "organization", updated.id, "update", updated.modified));
    return updated;
  });
}

Status OrganizationService::remove(const accounts::Principal& principal,
                                   const std::string& id_or_slug,
                                   std::optional<int64_t> expected_revision) {
  if (!principal.authenticated()) {
    return make_error(ErrorCode::kUnauthenticated, "deleting an organisation needs a token");
  }
  if (!principal.sysadmin) {
    return make_error(ErrorCode::kForbidden, "only sysadmins delete organisations");
  }
  return database_.write([&](storage::Connection& connection) -> Status {
    auto found = TRY(organization_store::find(connection, id_or_slug));
    if (!found) return not_found(id_or_slug);
    TRY(check_revision(*found, expected_revision));
    int64_t datasets = TRY(organization_store::count_datasets(connection, found->id));
    if (datasets > 0) {
      return make_error(ErrorCode::kConflict, "the organisation publishes " +
                                                  std::to_string(datasets) +
                                                  " datasets; move or purge them first");
    }
    TRY(organization_store::remove(connection, found->id));
    return storage::append_change(connection, "organization", found->id, "delete",
                                  clock::now_iso());
  });
}

}  // namespace samverka::catalog
