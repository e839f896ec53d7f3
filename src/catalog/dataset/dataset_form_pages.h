// SPDX-License-Identifier: Apache-2.0
// The portal's dataset form: its fields to and from the API's JSON document, and the rules'
// errors as messages beside the form's fields in the page's language. The form holds the
// fields a publisher fills in by hand; every other field of the document is kept as it is.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "web/forms.h"
#include "web/render.h"

namespace samverka::catalog {

struct DatasetForm {
  // The document to send to DatasetService::create or update (replace): `base` (the stored
  // document; empty for a new dataset) with the form's fields set or removed, and publisher.
  boost::json::object document;
  // Form index of each distribution in document["distributions"] (blank rows are dropped).
  std::vector<int> distribution_rows;
  // Per distribution: its access URL was left empty and the download link stands in for it
  // (so an error on it is the download link's, already reported).
  std::vector<bool> access_from_download;
};

// Reads the posted form over `base`.
DatasetForm dataset_from_form(const web::Form& form, const boost::json::object& base);

// The form's view (values of every input, the choices of selects and checkboxes) from a
// document in the API's shape, with one blank distribution row to add another.
boost::json::object dataset_form_view(const boost::json::object& document, web::Lang lang);
// The same from what was posted, so that nothing typed is lost when the form comes back with
// errors.
boost::json::object dataset_form_view(const web::Form& form, web::Lang lang);

// The rules' errors (fields like "distributions[1].format") as messages on the form's inputs.
std::vector<web::FieldMessage> dataset_form_errors(const Error& error, const DatasetForm& form,
                                                   web::Lang lang);

}  // namespace samverka::catalog
