// SPDX-License-Identifier: Apache-2.0
// The reading actions other than searches: packages, resources, activity, organisations,
// groups (the EU data themes), licences, users and the site.
#include <algorithm>

#include "catalog/search/catalog_documents.h"
#include "catalog/vocabulary/vocabulary.h"
#include "ckan/ckan_action.h"
#include "ckan/ckan_mapping.h"
#include "core/text.h"

namespace samverka::ckan {

namespace bj = boost::json;
using search::Condition;
using Kind = Condition::Kind;

namespace {

// Public datasets (or what the caller may read, when `as_caller`) in an order, as packages.
Result<std::pair<bj::array, size_t>> packages_where(ActionContext& context,
                                                    std::optional<Condition> condition,
                                                    search::SortKey::Field order, size_t offset,
                                                    size_t limit, bool as_caller = false) {
  catalog::SearchRequest search;
  search.type = "dataset";
  search.condition = std::move(condition);
  search.facets.clear();
  search.public_only = !as_caller;
  search.exact_counts = true;
  search.limit = std::max<size_t>(limit, 1);
  search.offset = offset;
  search.max_offset = search::kMaxDeepOffset;
  search.sort_keys = {{order, true}};
  auto results =
      TRY(context.api.search->find(as_caller ? context.principal : accounts::Principal{}, search));
  bj::array out;
  if (limit > 0) {
    for (const auto& hit : results.hits) {
      auto package = context.package(hit.id);
      if (package.ok()) out.push_back(std::move(package.value()));
    }
  }
  return std::pair{std::move(out), results.total};
}

Result<bj::value> package_show(ActionContext& context) {
  std::string id = TRY(context.required("id", "name_or_id"));
  return bj::value(TRY(context.package(id)));
}

Result<bj::value> package_list(ActionContext& context) {
  int64_t limit = TRY(context.integer("limit", 100000, 1, 100000));
  int64_t offset = TRY(context.integer("offset", 0, 0, 100000000));
  auto slugs = TRY(context.api.datasets.public_slugs(offset, static_cast<int>(limit)));
  bj::array names;
  for (auto& slug : slugs) names.push_back(bj::value(slug));
  return bj::value(std::move(names));
}

Result<bj::value> current_package_list_with_resources(ActionContext& context) {
  int64_t limit = TRY(context.integer("limit", 10, 1, 1000));
  int64_t offset = TRY(context.integer("offset", -1, 0, 1000000));
  if (offset < 0) offset = (TRY(context.integer("page", 1, 1, 1000000)) - 1) * limit;
  auto [packages, total] =
      TRY(packages_where(context, std::nullopt, search::SortKey::Field::kModified,
                         static_cast<size_t>(offset), static_cast<size_t>(limit)));
  return bj::value(std::move(packages));
}

// CKAN's activity dict for a dataset's change.
bj::object activity_of(const std::string& id, const std::string& at, const std::string& user_id,
                       const std::string& object_id, const std::string& type, bj::object data) {
  return bj::object{{"id", id},
                    {"timestamp", ckan_time(at)},
                    {"user_id", user_id.empty() ? bj::value(nullptr) : bj::value(user_id)},
                    {"object_id", object_id},
                    {"revision_id", nullptr},
                    {"activity_type", type},
                    {"data", std::move(data)}};
}

Result<std::pair<int64_t, int64_t>> activity_window(ActionContext& context) {
  int64_t offset = TRY(context.integer("offset", 0, 0, 100000));
  int64_t limit = TRY(context.integer("limit", 31, 1, 100, true));
  return std::pair{offset, limit};
}

Result<bj::value> package_activity_list(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  auto [offset, limit] = TRY(activity_window(context));
  bj::object package = TRY(context.package(id));
  std::string dataset_id(package.at("id").get_string());
  auto entries = TRY(context.api.datasets.activity(context.principal, dataset_id,
                                                   static_cast<int>(offset + limit)));
  bj::array out;
  bj::object summary{
      {"id", package.at("id")}, {"name", package.at("name")}, {"title", package.at("title")}};
  for (size_t index = static_cast<size_t>(offset); index < entries.size(); ++index) {
    const bj::object& entry = entries[index].get_object();
    std::string op(entry.at("op").get_string());
    std::string type = op == "create"                       ? "new package"
                       : op == "delete" || op == "withdraw" ? "deleted package"
                                                            : "changed package";
    std::string user;
    if (entry.at("user").is_object()) user = std::string(entry.at("user").at("id").get_string());
    out.push_back(
        activity_of(dataset_id + "-" + std::to_string(entry.at("revision").to_number<int64_t>()),
                    std::string(entry.at("at").get_string()), user, dataset_id, type,
                    bj::object{{"package", summary}}));
  }
  return bj::value(std::move(out));
}

// The newest changes of public datasets (of one organisation when `publisher` is given), one
// activity per dataset, as CKAN's activity plugin lists them.
Result<bj::value> recent_activity(ActionContext& context, std::optional<Condition> condition) {
  auto [offset, limit] = TRY(activity_window(context));
  auto [packages, total] =
      TRY(packages_where(context, std::move(condition), search::SortKey::Field::kModified,
                         static_cast<size_t>(offset), static_cast<size_t>(limit)));
  bj::array out;
  for (auto& item : packages) {
    bj::object& package = item.as_object();
    std::string id(package.at("id").get_string());
    std::string modified(package.at("metadata_modified").get_string());
    bool is_new = package.at("metadata_created") == package.at("metadata_modified");
    bj::object activity = activity_of(id + "-" + modified, modified, "", id,
                                      is_new ? "new package" : "changed package", {});
    activity["timestamp"] = modified;  // already in CKAN's form
    activity["data"] = bj::object{{"package", std::move(package)}};
    out.push_back(std::move(activity));
  }
  return bj::value(std::move(out));
}

Result<bj::value> recently_changed_packages_activity_list(ActionContext& context) {
  return recent_activity(context, std::nullopt);
}

Result<bj::value> organization_activity_list(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  auto organization = TRY(context.api.organizations.get(id));
  return recent_activity(context, Condition::leaf(Kind::kTerm, "publisher", organization.id));
}

Result<bj::value> resource_show(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  auto [package, index] = TRY(context.package_holding(id));
  return package.at("resources").as_array()[index];
}

// Public datasets per organisation and per theme, counted by the index.
Result<std::map<std::string, int64_t>> counts_by(ActionContext& context, const char* facet) {
  std::map<std::string, int64_t> counts;
  for (const auto& count : TRY(public_facet(context, facet)))
    counts[count.value] = static_cast<int64_t>(count.count);
  return counts;
}

// What CKAN's organization_show and group_show add to the dict: no members are shown here.
void add_group_parts(bj::object& out, std::optional<bj::array> packages) {
  if (packages) out["packages"] = std::move(*packages);
  out["users"] = bj::array();
  out["groups"] = bj::array();
  out["tags"] = bj::array();
  out["num_followers"] = 0;
}

std::vector<std::string> names_param(const ActionContext& context, const char* key) {
  std::vector<std::string> out;
  const bj::value* value = context.params.if_contains(key);
  if (value == nullptr) return out;
  if (value->is_array()) {
    for (const auto& item : value->get_array())
      if (item.is_string()) out.emplace_back(item.get_string());
    return out;
  }
  std::string text = context.text(key).value_or("");
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) out.push_back(name);
    start = end + 1;
  }
  return out;
}

// organization_list and group_list share CKAN's paging and sorting: dicts with a name, a
// title and a package_count.
Result<bj::value> list_groups(ActionContext& context, std::vector<bj::object> all,
                              const char* names_key) {
  bool all_fields = TRY(context.flag("all_fields"));
  std::string sort = context.text("sort").value_or(context.text("order_by").value_or("title asc"));
  std::string field = sort.substr(0, sort.find(' '));
  std::string direction =
      sort.find(' ') == std::string::npos ? "" : sort.substr(sort.find(' ') + 1);
  if (field == "packages") field = "package_count";
  if (field != "name" && field != "title" && field != "package_count")
    return field_error("sort", "Cannot sort by field `" + field + "`");
  if (direction.empty()) direction = field == "package_count" ? "desc" : "asc";
  if (direction != "asc" && direction != "desc")
    return field_error("sort", "Cannot sort in direction `" + direction + "`");
  std::vector<std::string> wanted = names_param(context, names_key);
  std::string q = text::ascii_lower(context.text("q").value_or(""));
  std::erase_if(all, [&](const bj::object& group) {
    std::string name(group.at("name").get_string());
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end())
      return true;
    if (q.empty()) return false;
    std::string haystack =
        text::ascii_lower(name + " " + std::string(group.at("title").get_string()));
    return haystack.find(q) == std::string::npos;
  });
  std::stable_sort(all.begin(), all.end(), [&](const bj::object& a, const bj::object& b) {
    bool less = field == "package_count" ? a.at("package_count").to_number<int64_t>() <
                                               b.at("package_count").to_number<int64_t>()
                                         : a.at(field).get_string() < b.at(field).get_string();
    bool greater = field == "package_count" ? a.at("package_count").to_number<int64_t>() >
                                                  b.at("package_count").to_number<int64_t>()
                                            : a.at(field).get_string() > b.at(field).get_string();
    return direction == "asc" ? less : greater;
  });
  int64_t limit = TRY(context.integer("limit", all_fields ? 25 : 1000, 1, 1000, true));
  int64_t offset = TRY(context.integer("offset", 0, 0, 1000000));
  bj::array out;
  for (size_t index = static_cast<size_t>(offset);
       index < all.size() && static_cast<int64_t>(out.size()) < limit; ++index) {
    out.push_back(all_fields ? bj::value(all[index]) : all[index].at("name"));
  }
  return bj::value(std::move(out));
}

Result<std::vector<bj::object>> all_organizations(ActionContext& context) {
  auto organizations = TRY(context.api.organizations.list());
  auto counts = TRY(counts_by(context, "publisher"));
  std::vector<bj::object> out;
  for (const auto& organization : organizations)
    out.push_back(organization_of(organization, counts[organization.slug]));
  return out;
}

Result<bj::value> organization_list(ActionContext& context) {
  return list_groups(context, TRY(all_organizations(context)), "organizations");
}

Result<bj::value> organization_show(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  auto organization = TRY(context.api.organizations.get(id));
  bool include = TRY(context.flag("include_datasets"));
  auto [packages, total] =
      TRY(packages_where(context, Condition::leaf(Kind::kTerm, "publisher", organization.id),
                         search::SortKey::Field::kModified, 0, include ? 10 : 0));
  bj::object out = organization_of(organization, static_cast<int64_t>(total));
  add_group_parts(out, include ? std::optional(std::move(packages)) : std::nullopt);
  return bj::value(std::move(out));
}

// A theme of the EU vocabulary as a CKAN group: its name is the code in lower case.
bj::object group_of(const catalog::VocabularyEntry& theme, int64_t package_count) {
  std::string name = text::ascii_lower(theme.code);
  return bj::object{
      {"id", theme.iri},
      {"name", name},
      {"title", theme.label_sv},
      {"display_name", theme.label_sv},
      {"description", theme.label_en},
      {"type", "group"},
      {"is_organization", false},
      {"state", "active"},
      {"approval_status", "approved"},
      {"image_url", ""},
      {"image_display_url", ""},
      {"created", nullptr},
      {"package_count", package_count},
      {"extras", bj::array{bj::object{{"key", "title_en"}, {"value", theme.label_en}}}}};
}

Result<std::vector<bj::object>> all_groups(ActionContext& context) {
  auto counts = TRY(counts_by(context, "theme"));
  std::vector<bj::object> out;
  for (const auto& theme : catalog::find_vocabulary("data-theme")->entries())
    out.push_back(group_of(theme, counts[theme.code]));
  return out;
}

Result<bj::value> group_list(ActionContext& context) {
  return list_groups(context, TRY(all_groups(context)), "groups");
}

Result<bj::value> group_show(ActionContext& context) {
  std::string id = TRY(context.required("id"));
  std::string code = id.find("://") == std::string::npos ? text::ascii_upper(id) : id;
  const catalog::VocabularyEntry* theme = catalog::find_vocabulary("data-theme")->find(code);
  if (theme == nullptr) return make_error(ErrorCode::kNotFound, "Group was not found.");
  bool include = TRY(context.flag("include_datasets"));
  auto [packages, total] =
      TRY(packages_where(context, Condition::leaf(Kind::kTerm, "theme", theme->code),
                         search::SortKey::Field::kModified, 0, include ? 10 : 0));
  bj::object out = group_of(*theme, static_cast<int64_t>(total));
  add_group_parts(out, include ? std::optional(std::move(packages)) : std::nullopt);
  return bj::value(std::move(out));
}

Result<bj::value> license_list(ActionContext&) {
  bj::array out;
  for (const auto& entry : catalog::find_vocabulary("license")->entries()) {
    // CKAN gives every field of a licence as a string.
    out.push_back(bj::object{{"id", entry.code},
                             {"title", entry.label_en},
                             {"url", entry.iri},
                             {"status", "active"},
                             {"maintainer", ""},
                             {"family", ""},
                             {"is_generic", "False"},
                             {"domain_content", "True"},
                             {"domain_data", "True"},
                             {"domain_software", "False"},
                             {"od_conformance", "approved"},
                             {"osd_conformance", "not reviewed"}});
  }
  return bj::value(std::move(out));
}

Result<bj::value> status_show(ActionContext& context) {
  return bj::value(bj::object{{"site_title", "Samverka"},
                              {"site_url", context.base_url},
                              {"site_description", "Sveriges öppna data / Sweden's open data"},
                              {"ckan_version", "2.10.4"},
                              {"locale_default", "sv"},
                              {"error_emails_to", nullptr},
                              {"extensions", bj::array{"samverka", "dcat", "activity"}}});
}

Result<bj::value> site_read(ActionContext&) { return bj::value(true); }

Result<bj::value> help_show(ActionContext& context) {
  std::string name = TRY(context.required("name"));
  for (const auto* list : {&search_actions(), &read_actions(), &write_actions()}) {
    for (const ActionEntry& entry : *list) {
      if (name == entry.name) {
        return bj::value(std::string(entry.help) +
                         "\n\nSamverka serves this action as CKAN does; docs/ckan-compat.md lists "
                         "its parameters.");
      }
    }
  }
  return make_error(ErrorCode::kNotFound, "Action function not found");
}

// A person's public face: name and when they joined; e-mail only to themselves and sysadmins.
Result<bj::value> user_show(ActionContext& context) {
  auto id = context.text("id");
  if (!id || id->empty()) {
    if (!context.principal.authenticated()) return field_error("id", "Missing value");
    id = context.principal.user_id;
  }
  auto user = TRY(context.api.accounts.find_user(*id));
  if (!user) return make_error(ErrorCode::kNotFound, "User not found");
  bj::object out{{"id", user->id},
                 {"name", user->name},
                 {"fullname", user->name},
                 {"display_name", user->name},
                 {"created", ckan_time(user->created)},
                 {"about", ""},
                 {"state", "active"},
                 {"sysadmin", user->sysadmin},
                 {"image_url", ""},
                 {"image_display_url", ""}};
  if (context.principal.sysadmin || context.principal.user_id == user->id)
    out["email"] = user->email;
  return bj::value(std::move(out));
}

}  // namespace

const std::vector<ActionEntry>& read_actions() {
  static const std::vector<ActionEntry> kActions = {
      {"package_show", package_show, false, "Return the metadata of a dataset (id or name)."},
      {"package_list", package_list, false, "Return the names of the public datasets."},
      {"current_package_list_with_resources", current_package_list_with_resources, false,
       "Return public datasets with their resources, most recently modified first."},
      {"package_activity_list", package_activity_list, false,
       "Return a dataset's activity stream, newest first."},
      {"recently_changed_packages_activity_list", recently_changed_packages_activity_list, false,
       "Return the activity of the most recently changed public datasets."},
      {"recently_changed_packages_activity_stream", recently_changed_packages_activity_list, false,
       "The same as recently_changed_packages_activity_list."},
      {"organization_activity_list", organization_activity_list, false,
       "Return the activity of an organization's public datasets."},
      {"resource_show", resource_show, false, "Return the metadata of a resource."},
      {"organization_list", organization_list, false, "Return the organizations."},
      {"organization_show", organization_show, false, "Return an organization."},
      {"group_list", group_list, false, "Return the groups: the EU data themes."},
      {"group_show", group_show, false, "Return a group (an EU data theme)."},
      {"license_list", license_list, false, "Return the licences datasets may use."},
      {"status_show", status_show, false, "Return the site's status and version."},
      {"site_read", site_read, false, "Return true when the site may be read."},
      {"help_show", help_show, false, "Return the help text of an action."},
      {"user_show", user_show, false, "Return a user's public details."}};
  return kActions;
}

}  // namespace samverka::ckan
