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

// Maps the dcat:Dataset and dcat:DataService nodes of a graph to API bodies,
// following docs/dcat-mapping.md in reverse. Liberal: properties with a wrongly capitalised
// name (dcterms:Modified) are read and noted; values the model cannot hold become warnings.
// Blank-node datasets get an IRI under base_url minted from stable content (see the docs).
// Never fails: a graph without datasets has none. Reads one level of referenced nodes and never
// recurses, so cycles are harmless. The graph must outlive the reader.
class DcatReader {
 public:
  // Indexes the graph, finds its datasets and reads every publisher they name.
  DcatReader(rdf::Graph& graph, const std::string& base_url);
  ~DcatReader();

  size_t size() const;
  // Maps one dataset. Not thread-safe: one thread at a time maps, in any order.
  ImportedDataset dataset(size_t index);
  // The dcat:DataService nodes (typed, or listed by a catalogue's dcat:service), likewise.
  size_t data_service_count() const;
  ImportedDataService data_service(size_t index);
  // Complete from construction and never changed afterwards, so any thread may read it while
  // another maps datasets.
  const std::map<std::string, ImportedPublisher>& publishers() const;
  // File-wide remarks (misspelt properties read liberally ...), complete once every dataset
  // has been mapped.
  std::vector<std::string> notes() const;

 private:
  std::unique_ptr<class DcatMapper> mapper_;
};

}  // namespace samverka::catalog
