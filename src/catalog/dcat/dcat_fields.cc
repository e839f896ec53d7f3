// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/dcat_fields.h"

namespace samverka::catalog::dcat_fields {

namespace {
constexpr const char* kDocument = "http://xmlns.com/foaf/0.1/Document";
constexpr const char* kStandard = "http://purl.org/dc/terms/Standard";
}  // namespace

const std::vector<Mapping>& dataset() {
  static const std::vector<Mapping> kFields = {
      {"themes", "http://www.w3.org/ns/dcat#theme", Shape::kCodeList, "data-theme"},
      {"access_rights", "http://purl.org/dc/terms/accessRights", Shape::kCode, "access-right",
       "http://purl.org/dc/terms/RightsStatement"},
      {"frequency", "http://purl.org/dc/terms/accrualPeriodicity", Shape::kCode, "frequency",
       "http://purl.org/dc/terms/Frequency"},
      {"languages", "http://purl.org/dc/terms/language", Shape::kCodeList, "language",
       "http://purl.org/dc/terms/LinguisticSystem"},
      {"hvd_categories", "http://data.europa.eu/r5r/hvdCategory", Shape::kCodeList, "hvd-category"},
      {"spatial", "http://purl.org/dc/terms/spatial", Shape::kIriList, nullptr,
       "http://purl.org/dc/terms/Location"},
      {"conforms_to", "http://purl.org/dc/terms/conformsTo", Shape::kIriList, nullptr, kStandard},
      {"documentation", "http://xmlns.com/foaf/0.1/page", Shape::kIriList, nullptr, kDocument},
      {"applicable_legislation", "http://data.europa.eu/r5r/applicableLegislation", Shape::kIriList,
       nullptr, "http://data.europa.eu/eli/ontology#LegalResource"},
      {"landing_page", "http://www.w3.org/ns/dcat#landingPage", Shape::kIri, nullptr, kDocument},
      {"issued", "http://purl.org/dc/terms/issued", Shape::kDate},
      {"modified", "http://purl.org/dc/terms/modified", Shape::kDate},
      {"version", "http://www.w3.org/ns/dcat#version", Shape::kLiteral},
  };
  return kFields;
}

const std::vector<Mapping>& data_service() {
  static const std::vector<Mapping> kFields = {
      {"endpoint_url", "http://www.w3.org/ns/dcat#endpointURL", Shape::kIri},
      {"endpoint_description", "http://www.w3.org/ns/dcat#endpointDescription", Shape::kIri},
      {"themes", "http://www.w3.org/ns/dcat#theme", Shape::kCodeList, "data-theme"},
      {"access_rights", "http://purl.org/dc/terms/accessRights", Shape::kCode, "access-right",
       "http://purl.org/dc/terms/RightsStatement"},
      {"hvd_categories", "http://data.europa.eu/r5r/hvdCategory", Shape::kCodeList, "hvd-category"},
      {"conforms_to", "http://purl.org/dc/terms/conformsTo", Shape::kIriList, nullptr, kStandard},
      {"landing_page", "http://www.w3.org/ns/dcat#landingPage", Shape::kIri, nullptr, kDocument},
  };
  return kFields;
}

const std::vector<Mapping>& distribution() {
  static const std::vector<Mapping> kFields = {
      {"title", "http://purl.org/dc/terms/title", Shape::kText},
      {"description", "http://purl.org/dc/terms/description", Shape::kText},
      {"access_url", "http://www.w3.org/ns/dcat#accessURL", Shape::kIri},
      {"download_urls", "http://www.w3.org/ns/dcat#downloadURL", Shape::kIriList},
      {"status", "http://www.w3.org/ns/adms#status", Shape::kCode, "distribution-status"},
      {"availability", "http://data.europa.eu/r5r/availability", Shape::kCode,
       "planned-availability"},
      {"issued", "http://purl.org/dc/terms/issued", Shape::kDate},
      {"modified", "http://purl.org/dc/terms/modified", Shape::kDate},
      {"languages", "http://purl.org/dc/terms/language", Shape::kCodeList, "language",
       "http://purl.org/dc/terms/LinguisticSystem"},
      {"conforms_to", "http://purl.org/dc/terms/conformsTo", Shape::kIriList, nullptr, kStandard},
      {"documentation", "http://xmlns.com/foaf/0.1/page", Shape::kIriList, nullptr, kDocument},
  };
  return kFields;
}

}  // namespace samverka::catalog::dcat_fields
