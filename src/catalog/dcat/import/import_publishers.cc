// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_publishers.h"

#include "catalog/vocabulary/vocabulary.h"
#include "core/ids.h"
#include "core/text.h"

namespace samverka::catalog::importing {

namespace bj = boost::json;

Result<std::string> PublisherResolver::resolve(storage::Connection& connection,
                                               const std::string& key) {
  if (auto known = resolved_.find(key); known != resolved_.end()) return known->second;
  auto described = publishers_.find(key);
  if (key.empty() || described == publishers_.end()) {
    return make_error(ErrorCode::kValidation,
                      "no dct:publisher is named; import with a publisher (--publisher ORG)",
                      {{"publisher", "is required"}});
  }
  const ImportedPublisher& publisher = described->second;
  std::string name_sv;
  if (const bj::value* name = publisher.name.if_contains("sv"))
    name_sv = std::string(name->get_string());
  else if (!publisher.name.empty())
    name_sv = std::string(publisher.name.begin()->value().get_string());
  std::optional<Organization> found =
      TRY(organizations_.find_publisher_in(connection, publisher.org_number, name_sv));
  if (found) {
    resolved_[key] = found->id;
    return found->id;
  }
  if (name_sv.empty()) {
    return make_error(
        ErrorCode::kValidation,
        "the publisher <" + key + "> has no foaf:name, so no organisation can be made for it",
        {{"publisher", "needs a foaf:name"}});
  }
  if (!principal_.sysadmin) {
    return make_error(ErrorCode::kForbidden,
                      "the publisher '" + name_sv +
                          "' is not an organisation of this catalogue; only sysadmins create "
                          "organisations, or import with a publisher (--publisher ORG)",
                      {{"publisher", "unknown organisation"}});
  }
  Organization organization;
  organization.id = ids::name_uuid("organization:" + publisher.identity());
  organization.name_sv = name_sv;
  if (const bj::value* name = publisher.name.if_contains("en"))
    organization.name_en = std::string(name->get_string());
  organization.org_number = publisher.org_number;
  if (publisher.type) {
    if (const VocabularyEntry* entry = find_vocabulary("publisher-type")->find(*publisher.type))
      organization.type = entry->code;
  }
  if (publisher.homepage && text::is_http_url(*publisher.homepage))
    organization.homepage = publisher.homepage;
  if (publisher.email && text::is_email(*publisher.email)) organization.email = publisher.email;
  organization = TRY(organizations_.create_in(connection, principal_, std::move(organization)));
  resolved_[key] = organization.id;
  created_now_.push_back(key);
  created_.push_back(
      bj::object{{"id", organization.id}, {"slug", organization.slug}, {"name", name_sv}});
  return organization.id;
}

void PublisherResolver::rolled_back() {
  for (const auto& key : created_now_) {
    resolved_.erase(key);
    created_.pop_back();
  }
  created_now_.clear();
}

}  // namespace samverka::catalog::importing
