// SPDX-License-Identifier: Apache-2.0
#pragma once

// The namespaces of the vocabularies the catalogue reads and writes (DCAT-AP-SE 3.0.1).
namespace samverka::rdf::ns {

inline constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr const char* kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr const char* kDcat = "http://www.w3.org/ns/dcat#";
inline constexpr const char* kDct = "http://purl.org/dc/terms/";
inline constexpr const char* kFoaf = "http://xmlns.com/foaf/0.1/";
inline constexpr const char* kVcard = "http://www.w3.org/2006/vcard/ns#";
inline constexpr const char* kSpdx = "http://spdx.org/rdf/terms#";
inline constexpr const char* kDcatAp = "http://data.europa.eu/r5r/";

}  // namespace samverka::rdf::ns
