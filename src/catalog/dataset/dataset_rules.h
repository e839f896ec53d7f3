// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/dataset/dataset.h"
#include "core/result.h"

namespace samverka::catalog {

// The outcome of checking a dataset body against DCAT-AP-SE 3.0.1.
struct CheckedDataset {
  bj::object document;  // normalised descriptive fields (no server fields, no state/private)
  std::optional<std::string> slug;
  std::string publisher;  // as given: organisation id or slug
  DatasetState state = DatasetState::kPublished;
  bool is_private = false;
  std::optional<std::string> id;     // a client-chosen UUID on create
  std::vector<FieldError> warnings;  // missing recommended properties, draft gaps
};

// Checks a dataset body. Syntax rules (types, URLs, dates, e-mails, language tags, vocabulary
// values, unknown fields) always apply; mandatory properties apply when the state is
// published. Breaking either gives kValidation with field-level errors. A missing state means
// published.
Result<CheckedDataset> check_dataset(const bj::value& body);

}  // namespace samverka::catalog
