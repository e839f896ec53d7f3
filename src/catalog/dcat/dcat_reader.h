// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "rdf/graph.h"

namespace samverka::catalog {

// A dct:publisher as a file describes it, before it is matched to an organisation.
struct ImportedPublisher {
  std::string key;           // its IRI, or "_:label" for a blank node (meaningful within one file)
  boost::json::object name;  // language -> foaf:name
  std::optional<std::string> org_number;  // a valid Swedish organisation number, if given
  std::optional<std::string> type;        // ADMS publisher-type IRI
  std::optional<std::string> homepage;
  std::optional<std::string> email;
  // What identifies it across imports: its organisation number, else its Swedish (or first)
  // name, else its IRI.
  std::string identity() const;
};

// What datasets and data services of a file have in common once mapped.
struct ImportedEntity {
  std::string iri;
  // Set when it was a blank node: how its IRI was minted ("dct:identifier", "publisher and
  // title", "publisher and endpoint"). The id to create it under is then `minted_id`.
  std::optional<std::string> minted_from;
  std::string minted_id;
  std::string publisher_key;         // ImportedPublisher::key, empty when the file names none
  boost::json::object body;          // the API's body, without publisher (and state, for datasets)
  std::vector<FieldError> warnings;  // values the mapping could not carry over
};

// A dcat:Dataset of a file, mapped to the API's dataset body.
struct ImportedDataset : ImportedEntity {
  std::string identifier;  // dct:identifier, empty when absent
};

// A dcat:DataService of a file, mapped to the API's data service body.
struct ImportedDataService : ImportedEntity {
  std::vector<std::string> serves;  // dcat:servesDataset IRIs, resolved to ids when stored
};

// What an import stores: datasets and data services mapped to API bodies, and the publishers
// they name. DcatReader reads them from a DCAT graph; a harvest of a CKAN portal from its
// package dicts.
class ImportRecords {
 public:
  virtual ~ImportRecords() = default;
  virtual size_t size() const = 0;
  // Maps one dataset. Not thread-safe: one thread at a time maps, in any order.
  virtual ImportedDataset dataset(size_t index) = 0;
  virtual size_t data_service_count() const = 0;
  virtual ImportedDataService data_service(size_t index) = 0;
  // Complete from construction and never changed afterwards, so any thread may read it while
  // another maps datasets.
  virtual const std::map<std::string, ImportedPublisher>& publishers() const = 0;
  // Remarks on the whole source, complete once every dataset has been mapped.
  virtual std::vector<std::string> notes() const = 0;
};

// Maps the dcat:Dataset and dcat:DataService nodes of a graph to API bodies,
// following docs/dcat-mapping.md in reverse. Liberal: properties with a wrongly capitalised
// name (dcterms:Modified) are read and noted; values the model cannot hold become warnings.
// Blank-node datasets get an IRI under base_url minted from stable content (see the docs).
// Never fails: a graph without datasets has none. Reads one level of referenced nodes and never
// recurses, so cycles are harmless. The graph must outlive the reader.
class DcatReader final : public ImportRecords {
 public:
  // Indexes the graph, finds its datasets and reads every publisher they name.
  DcatReader(rdf::Graph& graph, const std::string& base_url);
  ~DcatReader() override;

  size_t size() const override;
  ImportedDataset dataset(size_t index) override;
  // The dcat:DataService nodes (typed, or listed by a catalogue's dcat:service), likewise.
  size_t data_service_count() const override;
  ImportedDataService data_service(size_t index) override;
  const std::map<std::string, ImportedPublisher>& publishers() const override;
  // File-wide remarks (misspelt properties read liberally ...).
  std::vector<std::string> notes() const override;

 private:
  std::unique_ptr<class DcatMapper> mapper_;
};

}  // namespace samverka::catalog
