// SPDX-License-Identifier: Apache-2.0
// The writing actions: packages, resources, organisations and members, through the same
// services, rules and roles as /api/v1. Each answers what CKAN answers: the package dict,
// the resource dict, the organisation dict, a member dict, or null for deletions.
#include "catalog/dataset/dataset.h"
#include "ckan/ckan_action.h"
#include "ckan/ckan_mapping.h"

namespace samverka::ckan {

namespace bj = boost::json;

namespace {

// The package a write produced, as package_show gives it.
Result<bj::value> shown(ActionContext& context, const catalog::DatasetView& view) {
  return bj::value(
      package_of(view.record, context.organization(view.record.publisher_id), context.base_url));
}

// The stored dataset (the API's JSON shape) that a package dict names by id or name.
Result<catalog::DatasetRecord> existing_record(ActionContext& context, const bj::object& package) {
  std::string id;
  if (const bj::value* value = package.if_contains("id"); value && value->is_string())
    id = std::string(value->get_string());
  if (id.empty())
    if (const bj::value* value = package.if_contains("name"); value && value->is_string())
      id = std::string(value->get_string());
  if (id.empty()) return field_error("id", "Missing value");
  auto record = context.api.datasets.record(context.principal, id);
  if (!record.ok() && record.error().code == ErrorCode::kNotFound)
    return make_error(ErrorCode::kNotFound, "Package was not found.");
  return record;
}

// Replaces a dataset with what a package dict asks for.
Result<bj::value> update_package(ActionContext& context, const bj::object& package) {
  auto record = TRY(existing_record(context, package));
  bj::object current = catalog::to_json(record);
  bj::object body = TRY(dataset_from_package(
      package, &current, context.organization(record.publisher_id), context.base_url));
  auto view =
      context.api.datasets.update(context.principal, record.id, bj::value(std::move(body)),
                                  catalog::DatasetService::UpdateKind::kReplace, std::nullopt);
  if (!view.ok()) return ckan_field_names(std::move(view).error());
  return shown(context, view.value());
}

Result<bj::value> package_create(ActionContext& context) {
  if (!context.params.contains("name")) return field_error("name", "Missing value");
  if (!context.params.contains("owner_org"))
    return field_error("owner_org", "An organization must be provided");
  bj::object body = TRY(dataset_from_package(context.params, nullptr, nullptr, context.base_url));
  auto view = context.api.datasets.create(context.principal, bj::value(std::move(body)));
  if (!view.ok()) {
    Error error = ckan_field_names(std::move(view).error());
    if (error.code == ErrorCode::kConflict) {
      return make_error(ErrorCode::kValidation, "That URL is already in use.",
                        {{"name", "That URL is already in use."}});
    }
    return error;
  }
  return shown(context, view.value());
}

Result<bj::value> package_update(ActionContext& context) {
  return update_package(context, context.params);
}

// CKAN's patch: the shown package with the given fields put over it, then an update.
Result<bj::value> package_patch(ActionContext& context) {
  auto record = TRY(existing_record(context, context.params));
  bj::object package =
      package_of(record, context.organization(record.publisher_id), context.base_url);
  for (const auto& [key, value] : context.params) package[key] = value;
  package["id"] = record.id;
  return update_package(context, package);
}

Result<bj::value> package_delete(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  Status removed = context.api.datasets.remove(context.principal, id, false, std::nullopt);
  if (!removed.ok()) {
    if (removed.error().code == ErrorCode::kNotFound)
      return make_error(ErrorCode::kNotFound, "Package was not found.");
    return removed.error();
  }
  return bj::value(nullptr);
}

// The resource dict a package write left at `index` (the last one when index is past the end).
Result<bj::value> resource_at(const bj::value& package, size_t index) {
  const bj::array& resources = package.at("resources").get_array();
  if (resources.empty()) return make_error(ErrorCode::kInternal, "the resource was not kept");
  return resources[std::min(index, resources.size() - 1)];
}

// A resource's errors narrowed to the resource, as CKAN gives them.
Error resource_error(Error error, size_t index) {
  std::string prefix = "resources[" + std::to_string(index) + "].";
  for (auto& detail : error.details)
    if (detail.field.starts_with(prefix)) detail.field = detail.field.substr(prefix.size());
  return error;
}

Result<bj::value> resource_create(ActionContext& context) {
  std::string package_id = TRY(context.required("package_id"));
  auto record = TRY(existing_record(context, bj::object{{"id", package_id}}));
  bj::object package =
      package_of(record, context.organization(record.publisher_id), context.base_url);
  bj::object resource = context.params;
  resource.erase("package_id");
  if (!resource.contains("url")) resource["url"] = "";
  bj::array& resources = package.at("resources").as_array();
  size_t index = resources.size();
  resources.push_back(std::move(resource));
  auto updated = update_package(context, package);
  if (!updated.ok()) return resource_error(std::move(updated).error(), index);
  return resource_at(updated.value(), index);
}

Result<bj::value> write_resource(ActionContext& context, bool patch) {
  std::string id = TRY(context.required("id"));
  auto [package, index] = TRY(context.package_holding(id));
  bj::value& slot = package.at("resources").as_array()[index];
  if (patch) {
    for (const auto& [key, value] : context.params) slot.as_object()[key] = value;
  } else {
    bj::object replacement = context.params;
    replacement["id"] = id;
    slot = std::move(replacement);
  }
  auto updated = update_package(context, package);
  if (!updated.ok()) return resource_error(std::move(updated).error(), index);
  return resource_at(updated.value(), index);
}

Result<bj::value> resource_update(ActionContext& context) { return write_resource(context, false); }
Result<bj::value> resource_patch(ActionContext& context) { return write_resource(context, true); }

Result<bj::value> resource_delete(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  auto [package, index] = TRY(context.package_holding(id));
  bj::array& resources = package.at("resources").as_array();
  resources.erase(resources.begin() + static_cast<std::ptrdiff_t>(index));
  TRY(update_package(context, package));
  return bj::value(nullptr);
}

// An organisation body from CKAN's organization dict: name, title, description (the English
// name) and the extras organization_show gives.
bj::object organization_body(const bj::object& dict, bj::object body) {
  auto text = [&](const char* key) -> std::optional<std::string> {
    const bj::value* value = dict.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->get_string());
  };
  if (auto name = text("name")) body["slug"] = *name;
  bj::value& names = body["name"];
  if (!names.is_object()) names = bj::object();
  if (auto title = text("title")) names.as_object()["sv"] = *title;
  if (auto description = text("description")) {
    if (description->empty())
      names.as_object().erase("en");
    else
      names.as_object()["en"] = *description;
  }
  if (const bj::value* extras = dict.if_contains("extras"); extras && extras->is_array()) {
    for (const auto& item : extras->get_array()) {
      if (!item.is_object()) continue;
      const bj::value* key = item.get_object().if_contains("key");
      const bj::value* value = item.get_object().if_contains("value");
      if (!key || !key->is_string() || !value) continue;
      std::string field(key->get_string());
      if (field == "publisher_type") field = "type";
      if (field == "org_number" || field == "type" || field == "homepage" || field == "email")
        body[field] = *value;
    }
  }
  return body;
}

bj::object organization_json(const catalog::Organization& organization) {
  bj::object names{{"sv", organization.name_sv}};
  if (organization.name_en) names["en"] = *organization.name_en;
  bj::object out{{"slug", organization.slug}, {"name", std::move(names)}};
  if (organization.org_number) out["org_number"] = *organization.org_number;
  if (organization.type) out["type"] = *organization.type;
  if (organization.homepage) out["homepage"] = *organization.homepage;
  if (organization.email) out["email"] = *organization.email;
  return out;
}

Result<bj::value> organization_create(ActionContext& context) {
  if (!context.params.contains("name")) return field_error("name", "Missing value");
  bj::object body = organization_body(context.params, {});
  if (!body.at("name").as_object().contains("sv"))
    body["name"].as_object()["sv"] = body.at("slug");  // CKAN's title defaults to the name
  auto created = context.api.organizations.create(context.principal, bj::value(std::move(body)));
  if (!created.ok()) return ckan_field_names(std::move(created).error());
  return bj::value(organization_of(created.value(), 0));
}

Result<bj::value> write_organization(ActionContext& context, bool patch) {
  std::string id = TRY(context.required("id"));
  auto organization = context.api.organizations.get(id);
  if (!organization.ok()) return make_error(ErrorCode::kNotFound, "Organization was not found.");
  bj::object start = patch ? organization_json(organization.value()) : bj::object{};
  if (!patch) start["slug"] = organization->slug;  // update keeps the name unless it is sent
  bj::object body = organization_body(context.params, std::move(start));
  if (!body.at("name").as_object().contains("sv"))
    body["name"].as_object()["sv"] = organization->name_sv;
  auto updated = context.api.organizations.update(
      context.principal, organization->id, bj::value(std::move(body)),
      catalog::OrganizationService::UpdateKind::kReplace, std::nullopt);
  if (!updated.ok()) return ckan_field_names(std::move(updated).error());
  return bj::value(organization_of(updated.value(), std::nullopt));
}

Result<bj::value> organization_update(ActionContext& context) {
  return write_organization(context, false);
}
Result<bj::value> organization_patch(ActionContext& context) {
  return write_organization(context, true);
}

// A membership as CKAN's member dict.
bj::value member_dict(const catalog::Organization& organization, const std::string& object_id,
                      const std::string& table, const std::string& capacity) {
  return bj::value(bj::object{{"id", organization.id + ":" + object_id},
                              {"table_name", table},
                              {"table_id", object_id},
                              {"capacity", capacity},
                              {"group_id", organization.id},
                              {"state", "active"}});
}

Result<bj::value> add_user(ActionContext& context, const std::string& organization_id,
                           const std::string& user, const std::string& role) {
  accounts::Role parsed = accounts::role_from_name(role);
  if (parsed == accounts::Role::kNone) return field_error("role", "role does not exist.");
  auto organization = context.api.organizations.get(organization_id);
  if (!organization.ok()) return make_error(ErrorCode::kNotFound, "Organization not found");
  auto found = TRY(context.api.accounts.find_user(user));
  if (!found) return field_error("username", "User " + user + " does not exist.");
  TRY(context.api.organizations.add_member(context.principal, organization->id, found->id, parsed));
  return member_dict(organization.value(), found->id, "user", role);
}

Result<bj::value> organization_member_create(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  std::string user = TRY(context.required("username"));
  std::string role = TRY(context.required("role"));
  return add_user(context, id, user, role);
}

// member_create: a user into an organisation with a capacity (a role), or a package into it
// (it becomes the package's publisher).
Result<bj::value> member_create(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  std::string object = TRY(context.required("object"));
  std::string type = TRY(context.required("object_type"));
  std::string capacity = TRY(context.required("capacity"));
  if (type == "user") return add_user(context, id, object, capacity);
  if (type != "package") return field_error("object_type", "Must be user or package");
  auto organization = context.api.organizations.get(id);
  if (!organization.ok()) return make_error(ErrorCode::kNotFound, "Group was not found.");
  auto record = TRY(existing_record(context, bj::object{{"id", object}}));
  bj::object package =
      package_of(record, context.organization(record.publisher_id), context.base_url);
  package["owner_org"] = organization->id;
  TRY(update_package(context, package));
  return member_dict(organization.value(), record.id, "package", capacity);
}

}  // namespace

const std::vector<ActionEntry>& write_actions() {
  static const std::vector<ActionEntry> kActions = {
      {"package_create", package_create, true,
       "Create a dataset from a package dict; returns the package."},
      {"package_update", package_update, true,
       "Replace a dataset with a package dict; returns the package."},
      {"package_patch", package_patch, true,
       "Change the given fields of a dataset; returns the package."},
      {"package_delete", package_delete, true, "Withdraw a dataset."},
      {"resource_create", resource_create, true, "Add a resource to a package."},
      {"resource_update", resource_update, true, "Replace a resource."},
      {"resource_patch", resource_patch, true, "Change the given fields of a resource."},
      {"resource_delete", resource_delete, true, "Remove a resource from its package."},
      {"organization_create", organization_create, true, "Create an organization."},
      {"organization_update", organization_update, true, "Replace an organization's fields."},
      {"organization_patch", organization_patch, true,
       "Change the given fields of an organization."},
      {"member_create", member_create, true,
       "Make a user a member of an organization, or a package one of its datasets."},
      {"organization_member_create", organization_member_create, true,
       "Make a user a member of an organization with a role."}};
  return kActions;
}

}  // namespace samverka::ckan
