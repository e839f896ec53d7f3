// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "catalog/data_service/data_service.h"
#include "catalog/dataset/dataset.h"
#include "catalog/dcat/dcat_fields.h"
#include "organization/organization.h"
#include "rdf/rdf.h"

namespace samverka::catalog {

// Builds DCAT-AP-SE 3.0.1 RDF for catalogue entities: every node gets an IRI (no blank nodes
// for catalogue, dataset, distribution, agent or contact point), every referenced node is typed
// with its range class (skos:Concept with labels, dct:LicenseDocument, dct:Location ...), and
// every free-text literal has a language tag. See docs/dcat-mapping.md.
class DcatWriter {
 public:
  explicit DcatWriter(std::string base_url) : base_url_(std::move(base_url)) {}

  void dataset(const DatasetRecord& record, const Organization* publisher);
  // The IRI of a dataset by id (empty when unknown: BASE/datasets/ID is written).
  using DatasetIri = std::function<std::string(const std::string& id)>;
  void data_service(const DataServiceRecord& record, const Organization* publisher,
                    const DatasetIri& dataset_iri = {});
  void organization(const Organization& organization);
  // The catalogue node of one page: title, publisher, licence (CC0), theme taxonomy, the page's
  // datasets and a Hydra view with first/previous/next/last.
  // filters: "&name=value..." added to every page link.
  void catalog(const std::vector<std::string>& dataset_iris, int64_t page, int64_t page_size,
               int64_t total, const std::string& page_base, const std::string& filters = "");

  // The dataset's metadata quality as DQV measurements, as data.europa.eu publishes them: one
  // dqv:QualityMeasurement per MQA metric (piveau's metric IRIs) and one of the total score,
  // each dqv:computedOn the dataset. `score`: the quality API's dataset score (indicators with
  // id, met and, for distribution metrics, distributions and distributions_met; points).
  void quality(const DatasetRecord& record, const boost::json::object& score);

  std::string organization_iri(const std::string& id) const;
  const std::vector<rdf::Triple>& triples() const { return triples_; }

 private:
  void add(const std::string& subject, const char* predicate, rdf::Term object);
  void add_iri(const std::string& subject, const char* predicate, const std::string& object);
  // Types a referenced node once per document; concepts also get labels.
  void typed(const std::string& iri, const char* type);
  void skos_concept(const std::string& iri, const std::string& label_sv,
                    const std::string& label_en);
  void vocabulary_concept(const char* vocabulary, const std::string& code, const char* predicate,
                          const std::string& subject, const char* type = nullptr);
  void language_map(const std::string& subject, const char* predicate,
                    const boost::json::value* map);
  void date(const std::string& subject, const char* predicate, const boost::json::value* value);
  // The fields of `document` that the table maps one to one (catalog/dcat/dcat_fields.h).
  void fields(const std::string& subject, const boost::json::object& document,
              const std::vector<dcat_fields::Mapping>& table);
  void keywords(const std::string& subject, const boost::json::object& document);
  // dct:license: the licence IRI, typed dct:LicenseDocument.
  void license(const std::string& subject, const boost::json::object& object);
  void contact_point(const std::string& subject, const std::string& iri,
                     const boost::json::value& contact);

  std::string base_url_;
  std::vector<rdf::Triple> triples_;
  std::set<std::string> described_;
};

}  // namespace samverka::catalog
