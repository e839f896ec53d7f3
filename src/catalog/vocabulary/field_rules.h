// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace samverka::catalog {

namespace bj = boost::json;

// Checks and normalises the values of catalogue fields, collecting field-level errors (which
// refuse a write) and warnings (which do not). Each check returns the normalised value, or
// nothing after recording an error. Field names are paths such as "distributions[0].format".
class FieldChecker {
 public:
  void error(std::string field, std::string message);
  void warning(std::string field, std::string message);
  bool has_errors() const { return !errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }
  std::vector<FieldError>& warnings() { return warnings_; }

  // {"sv": "text", "en": "text"}: keys are language tags, values non-empty strings.
  std::optional<bj::value> language_map(const std::string& field, const bj::value& value,
                                        size_t max_length);
  // {"sv": ["a", "b"], "en": [...]}
  std::optional<bj::value> language_list_map(const std::string& field, const bj::value& value);
  // A code or IRI of the named vocabulary, returned as the code.
  std::optional<bj::value> code(const std::string& field, const bj::value& value,
                                const char* vocabulary);
  std::optional<bj::value> code_list(const std::string& field, const bj::value& value,
                                     const char* vocabulary);
  std::optional<bj::value> url(const std::string& field, const bj::value& value);
  std::optional<bj::value> url_list(const std::string& field, const bj::value& value);
  std::optional<bj::value> iri(const std::string& field, const bj::value& value);
  std::optional<bj::value> iri_list(const std::string& field, const bj::value& value);
  std::optional<bj::value> date(const std::string& field, const bj::value& value);
  std::optional<bj::value> boolean(const std::string& field, const bj::value& value);
  std::optional<bj::value> string(const std::string& field, const bj::value& value,
                                  size_t max_length);
  std::optional<bj::value> non_negative_integer(const std::string& field, const bj::value& value);
  // An IANA media type such as text/csv.
  std::optional<bj::value> media_type(const std::string& field, const bj::value& value);
  // A licence IRI, an SPDX identifier (CC0-1.0, CC-BY-4.0 ...) or an EU licence code; returned
  // as the IRI.
  std::optional<bj::value> license(const std::string& field, const bj::value& value);
  // {"kind": organization|individual, "name", "email", "phone"}
  std::optional<bj::value> contact_point(const std::string& field, const bj::value& value);
  // {"start": date, "end": date}, start not after end.
  std::optional<bj::value> temporal(const std::string& field, const bj::value& value);
  // {"algorithm": sha1|sha256|sha512|md5, "value": hex}
  std::optional<bj::value> checksum(const std::string& field, const bj::value& value);

 private:
  using ItemCheck = std::function<std::optional<bj::value>(const std::string&, const bj::value&)>;
  // A list of at most 1000 items, each checked; duplicates dropped.
  std::optional<bj::value> list(const std::string& field, const bj::value& value, const char* what,
                                const ItemCheck& item_check);

  std::vector<FieldError> errors_;
  std::vector<FieldError> warnings_;
};

// True when a language map or list has at least one non-empty entry.
bool has_text(const bj::value* value);

}  // namespace samverka::catalog
