// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/data_service/data_service.h"
#include "catalog/dataset/dataset.h"
#include "organization/organization.h"
#include "organization/organization_service.h"
#include "search/bilingual_dictionary.h"
#include "search/change_indexer.h"
#include "search/search_index.h"

namespace samverka::catalog {

// How catalogue entities appear in the search index: their text by language, the filters and
// facets the search API offers, the visibility terms and the summary shown in results.
// `publisher` may be null when the organisation is gone.
search::IndexDocument dataset_index_document(const DatasetRecord& record,
                                             const Organization* publisher);
search::IndexDocument data_service_index_document(const DataServiceRecord& record,
                                                  const Organization* publisher);

// Visibility values: every published public document has "public"; every document also has
// "org:<publisher id>", which members of that organisation may see.
inline constexpr const char* kPublicVisibility = search::kOpenVisibility;
std::string organization_visibility(const std::string& organization_id);

// The catalogue's facets, in the order its index has always stored them (theme, publisher,
// format, license, access_rights, keyword, frequency, type, language, publisher_type,
// hvd_category, state); theme, publisher, format and keyword also work as name:value in q.
std::vector<search::FacetSpec> catalog_facets();

// Swedish-English pairs from the Swedish and English labels of the vocabularies the catalogue
// uses (themes, high-value categories, languages, frequencies, access rights), for searching
// across the two languages: a label's parts are paired when both labels have as many parts
// (separated by commas and "och"/"and").
std::vector<search::BilingualDictionary::Pair> vocabulary_translations();

// Datasets and data services as search documents, for the change-log indexer: a change of a
// dataset or data service re-indexes it (or removes it when gone), a change of an organisation
// re-indexes the datasets it publishes (their publisher name and type are indexed).
class CatalogDocuments final : public search::DocumentSource {
 public:
  explicit CatalogDocuments(OrganizationService& organizations) : organizations_(organizations) {}
  Status apply(storage::Connection& connection, const std::vector<storage::Change>& changes,
               search::IndexWriter& writer) override;
  Result<int64_t> count(storage::Connection& connection) override;
  Status index_all(storage::Database& database, search::IndexWriter& writer,
                   const std::function<bool(int64_t indexed)>& advanced) override;

 private:
  OrganizationService& organizations_;
};

// A licence IRI as the code used in filters and facets (CC-BY-4.0, CC0-1.0 ...), or the IRI.
std::string license_code(const std::string& iri);

}  // namespace samverka::catalog
