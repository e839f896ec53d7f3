// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/dcat_writer.h"

#include <cstdio>

#include "catalog/dcat/dcat_fields.h"
#include "catalog/vocabulary/vocabulary.h"
#include "rdf/namespaces.h"

namespace samverka::catalog {

namespace bj = boost::json;
using rdf::Term;

namespace {
constexpr const char* kType = rdf::ns::kRdfType;
using rdf::ns::kDcat;
using rdf::ns::kDct;
using rdf::ns::kXsd;

std::string dcat(const char* local) { return std::string(kDcat) + local; }
std::string dct(const char* local) { return std::string(kDct) + local; }

std::string string_of(const bj::object& object, const char* key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}
}  // namespace

void DcatWriter::add(const std::string& subject, const char* predicate, Term object) {
  triples_.push_back({Term::iri(subject), Term::iri(predicate), std::move(object)});
}

void DcatWriter::add_iri(const std::string& subject, const char* predicate,
                         const std::string& object) {
  add(subject, predicate, Term::iri(object));
}

void DcatWriter::typed(const std::string& iri, const char* type) {
  if (described_.insert(iri + " " + type).second) add_iri(iri, kType, type);
}

void DcatWriter::skos_concept(const std::string& iri, const std::string& label_sv,
                              const std::string& label_en) {
  if (!described_.insert(iri).second) return;
  add_iri(iri, kType, "http://www.w3.org/2004/02/skos/core#Concept");
  if (!label_sv.empty())
    add(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", Term::text(label_sv, "sv"));
  if (!label_en.empty())
    add(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", Term::text(label_en, "en"));
}

void DcatWriter::vocabulary_concept(const char* vocabulary, const std::string& code,
                                    const char* predicate, const std::string& subject,
                                    const char* type) {
  const VocabularyEntry* entry = find_vocabulary(vocabulary)->find(code);
  if (entry == nullptr) return;
  add_iri(subject, predicate, entry->iri);
  if (type != nullptr) {
    typed(entry->iri, type);
  } else {
    skos_concept(entry->iri, entry->label_sv, entry->label_en);
  }
}

void DcatWriter::language_map(const std::string& subject, const char* predicate,
                              const bj::value* map) {
  if (map == nullptr || !map->is_object()) return;
  for (const auto& [language, text] : map->get_object()) {
    if (text.is_string())
      add(subject, predicate, Term::text(std::string(text.get_string()), std::string(language)));
  }
}

void DcatWriter::date(const std::string& subject, const char* predicate, const bj::value* value) {
  if (value == nullptr || !value->is_string()) return;
  std::string text(value->get_string());
  const char* type = text.size() == 4 ? "gYear" : text.size() == 10 ? "date" : "dateTime";
  add(subject, predicate, Term::typed(text, std::string(kXsd) + type));
}

void DcatWriter::fields(const std::string& subject, const bj::object& document,
                        const std::vector<dcat_fields::Mapping>& table) {
  using dcat_fields::Shape;
  for (const auto& mapping : table) {
    const bj::value* value = document.if_contains(mapping.field);
    if (value == nullptr) continue;
    switch (mapping.shape) {
      case Shape::kText:
        language_map(subject, mapping.predicate, value);
        break;
      case Shape::kCode:
        if (value->is_string()) {
          vocabulary_concept(mapping.vocabulary, std::string(value->get_string()),
                             mapping.predicate, subject, mapping.range);
        }
        break;
      case Shape::kCodeList:
        if (!value->is_array()) break;
        for (const auto& code : value->get_array()) {
          if (code.is_string()) {
            vocabulary_concept(mapping.vocabulary, std::string(code.get_string()),
                               mapping.predicate, subject, mapping.range);
          }
        }
        break;
      case Shape::kIri:
        if (!value->is_string() || value->get_string().empty()) break;
        add_iri(subject, mapping.predicate, std::string(value->get_string()));
        if (mapping.range != nullptr) typed(std::string(value->get_string()), mapping.range);
        break;
      case Shape::kIriList:
        if (!value->is_array()) break;
        for (const auto& item : value->get_array()) {
          if (!item.is_string()) continue;
          add_iri(subject, mapping.predicate, std::string(item.get_string()));
          if (mapping.range != nullptr) typed(std::string(item.get_string()), mapping.range);
        }
        break;
      case Shape::kDate:
        date(subject, mapping.predicate, value);
        break;
      case Shape::kLiteral:
        if (value->is_string() && !value->get_string().empty()) {
          add(subject, mapping.predicate,
              Term::typed(std::string(value->get_string()), std::string(kXsd) + "string"));
        }
        break;
    }
  }
}

void DcatWriter::license(const std::string& subject, const bj::object& object) {
  if (std::string license = string_of(object, "license"); !license.empty()) {
    add_iri(subject, dct("license").c_str(), license);
    typed(license, "http://purl.org/dc/terms/LicenseDocument");
  }
}

void DcatWriter::keywords(const std::string& subject, const bj::object& document) {
  const bj::value* keywords = document.if_contains("keywords");
  if (keywords == nullptr || !keywords->is_object()) return;
  for (const auto& [language, list] : keywords->get_object()) {
    if (!list.is_array()) continue;
    for (const auto& word : list.get_array()) {
      if (word.is_string())
        add(subject, dcat("keyword").c_str(),
            Term::text(std::string(word.get_string()), std::string(language)));
    }
  }
}

void DcatWriter::contact_point(const std::string& subject, const std::string& iri,
                               const bj::value& contact) {
  if (!contact.is_object()) return;
  const bj::object& object = contact.get_object();
  add_iri(subject, dcat("contactPoint").c_str(), iri);
  typed(iri, "http://www.w3.org/2006/vcard/ns#Kind");
  typed(iri, string_of(object, "kind") == "individual"
                 ? "http://www.w3.org/2006/vcard/ns#Individual"
                 : "http://www.w3.org/2006/vcard/ns#Organization");
  if (std::string name = string_of(object, "name"); !name.empty()) {
    add(iri, "http://www.w3.org/2006/vcard/ns#fn", Term::text(name, "sv"));
  }
  if (std::string email = string_of(object, "email"); !email.empty()) {
    add_iri(iri, "http://www.w3.org/2006/vcard/ns#hasEmail", "mailto:" + email);
  }
  if (std::string phone = string_of(object, "phone"); !phone.empty()) {
    std::string digits;
    for (char c : phone)
      if ((c >= '0' && c <= '9') || c == '+') digits.push_back(c);
    add_iri(iri, "http://www.w3.org/2006/vcard/ns#hasTelephone", "tel:" + digits);
  }
}

std::string DcatWriter::organization_iri(const std::string& id) const {
  return base_url_ + "/organizations/" + id;
}

void DcatWriter::organization(const Organization& organization) {
  std::string iri = organization_iri(organization.id);
  if (!described_.insert(iri).second) return;
  add_iri(iri, kType, "http://xmlns.com/foaf/0.1/Agent");
  add_iri(iri, kType, "http://xmlns.com/foaf/0.1/Organization");
  add(iri, "http://xmlns.com/foaf/0.1/name", Term::text(organization.name_sv, "sv"));
  if (organization.name_en)
    add(iri, "http://xmlns.com/foaf/0.1/name", Term::text(*organization.name_en, "en"));
  if (organization.type) {
    vocabulary_concept("publisher-type", *organization.type, dct("type").c_str(), iri);
  }
  if (organization.homepage) {
    add_iri(iri, "http://xmlns.com/foaf/0.1/homepage", *organization.homepage);
    typed(*organization.homepage, "http://xmlns.com/foaf/0.1/Document");
  }
  if (organization.email)
    add_iri(iri, "http://xmlns.com/foaf/0.1/mbox", "mailto:" + *organization.email);
  if (organization.org_number)
    add(iri, dct("identifier").c_str(),
        Term::typed(*organization.org_number, std::string(kXsd) + "string"));
}

void DcatWriter::quality(const DatasetRecord& record, const bj::object& score) {
  static const std::string kDqv = "http://www.w3.org/ns/dqv#";
  static const std::string kPiveau = "https://piveau.eu/ns/voc#";
  std::string dataset = string_of(record.document, "iri");
  if (dataset.empty()) dataset = base_url_ + "/datasets/" + record.id;
  std::string base = base_url_ + "/datasets/" + record.id + "/quality#";
  auto measurement = [&](const std::string& metric, Term value) {
    std::string iri = base + metric;
    add_iri(dataset, (kDqv + "hasQualityMeasurement").c_str(), iri);
    add_iri(iri, kType, kDqv + "QualityMeasurement");
    add_iri(iri, (kDqv + "isMeasurementOf").c_str(), kPiveau + metric);
    add_iri(iri, (kDqv + "computedOn").c_str(), dataset);
    add(iri, (kDqv + "value").c_str(), std::move(value));
  };
  auto decimal = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return Term::typed(text, std::string(kXsd) + "decimal");
  };
  const bj::value* indicators = score.if_contains("indicators");
  if (indicators != nullptr && indicators->is_array()) {
    for (const bj::value& item : indicators->get_array()) {
      if (!item.is_object()) continue;
      const bj::object& indicator = item.get_object();
      std::string id = string_of(indicator, "id");
      if (id.empty()) continue;
      const bj::value* of = indicator.if_contains("distributions");
      const bj::value* met = indicator.if_contains("distributions_met");
      if (of != nullptr && met != nullptr && of->is_int64() && met->is_int64()) {
        // A distribution metric: the share of the distributions that meet it.
        measurement(id, decimal(of->get_int64() == 0 ? 0.0
                                                     : static_cast<double>(met->get_int64()) /
                                                           static_cast<double>(of->get_int64())));
      } else {
        const bj::value* flag = indicator.if_contains("met");
        bool yes = flag != nullptr && flag->is_bool() && flag->get_bool();
        measurement(id, Term::typed(yes ? "true" : "false", std::string(kXsd) + "boolean"));
      }
    }
  }
  if (const bj::value* points = score.if_contains("points"); points && points->is_number())
    measurement("score", decimal(points->to_number<double>()));
}

void DcatWriter::dataset(const DatasetRecord& record, const Organization* publisher) {
  const bj::object& document = record.document;
  std::string iri = string_of(document, "iri");
  if (iri.empty()) iri = base_url_ + "/datasets/" + record.id;
  std::string local = base_url_ + "/datasets/" + record.id;
  add_iri(iri, kType, dcat("Dataset"));
  language_map(iri, dct("title").c_str(), document.if_contains("title"));
  language_map(iri, dct("description").c_str(), document.if_contains("description"));
  add(iri, dct("identifier").c_str(),
      Term::typed(
          string_of(document, "identifier").empty() ? record.id : string_of(document, "identifier"),
          std::string(kXsd) + "string"));
  if (publisher != nullptr) {
    add_iri(iri, dct("publisher").c_str(), organization_iri(publisher->id));
    organization(*publisher);
  }
  if (const bj::value* contact = document.if_contains("contact_point"))
    contact_point(iri, local + "#contact-point", *contact);
  keywords(iri, document);
  fields(iri, document, dcat_fields::dataset());
  if (const bj::value* temporal = document.if_contains("temporal");
      temporal && temporal->is_object()) {
    std::string period = local + "#temporal";
    add_iri(iri, dct("temporal").c_str(), period);
    typed(period, "http://purl.org/dc/terms/PeriodOfTime");
    date(period, dcat("startDate").c_str(), temporal->get_object().if_contains("start"));
    date(period, dcat("endDate").c_str(), temporal->get_object().if_contains("end"));
  }
  if (const bj::value* distributions = document.if_contains("distributions");
      distributions && distributions->is_array()) {
    for (const auto& item : distributions->get_array()) {
      const bj::object& distribution = item.get_object();
      std::string node = local + "/distributions/" + string_of(distribution, "id");
      add_iri(iri, dcat("distribution").c_str(), node);
      add_iri(node, kType, dcat("Distribution"));
      fields(node, distribution, dcat_fields::distribution());
      if (std::string format = string_of(distribution, "format"); !format.empty()) {
        vocabulary_concept("file-type", format, dct("format").c_str(), node,
                           "http://purl.org/dc/terms/MediaTypeOrExtent");
      }
      if (std::string media = string_of(distribution, "media_type"); !media.empty()) {
        std::string media_iri = "https://www.iana.org/assignments/media-types/" + media;
        add_iri(node, dcat("mediaType").c_str(), media_iri);
        typed(media_iri, "http://purl.org/dc/terms/MediaType");
      }
      license(node, distribution);
      if (const bj::value* size = distribution.if_contains("byte_size"); size && size->is_int64()) {
        add(node, dcat("byteSize").c_str(),
            Term::typed(std::to_string(size->get_int64()),
                        std::string(kXsd) + "nonNegativeInteger"));
      }
      if (const bj::value* checksum = distribution.if_contains("checksum");
          checksum && checksum->is_object()) {
        std::string sum = node + "#checksum";
        std::string algorithm = "http://spdx.org/rdf/terms#checksumAlgorithm_" +
                                string_of(checksum->get_object(), "algorithm");
        add_iri(node, "http://spdx.org/rdf/terms#checksum", sum);
        add_iri(sum, kType, "http://spdx.org/rdf/terms#Checksum");
        add_iri(sum, "http://spdx.org/rdf/terms#algorithm", algorithm);
        typed(algorithm, "http://spdx.org/rdf/terms#ChecksumAlgorithm");
        add(sum, "http://spdx.org/rdf/terms#checksumValue",
            Term::typed(string_of(checksum->get_object(), "value"),
                        std::string(kXsd) + "hexBinary"));
      }
      if (const bj::value* rights = distribution.if_contains("rights");
          rights && rights->is_object()) {
        std::string statement = node + "#rights";
        add_iri(node, dct("rights").c_str(), statement);
        typed(statement, "http://purl.org/dc/terms/RightsStatement");
        language_map(statement, "http://www.w3.org/2000/01/rdf-schema#label", rights);
      }
    }
  }
}

void DcatWriter::data_service(const DataServiceRecord& record, const Organization* publisher,
                              const DatasetIri& dataset_iri) {
  const bj::object& document = record.document;
  std::string iri = string_of(document, "iri");
  if (iri.empty()) iri = base_url_ + "/data-services/" + record.id;
  std::string local = base_url_ + "/data-services/" + record.id;
  add_iri(iri, kType, dcat("DataService"));
  language_map(iri, dct("title").c_str(), document.if_contains("title"));
  language_map(iri, dct("description").c_str(), document.if_contains("description"));
  if (publisher != nullptr) {
    add_iri(iri, dct("publisher").c_str(), organization_iri(publisher->id));
    organization(*publisher);
  }
  if (const bj::value* contact = document.if_contains("contact_point"))
    contact_point(iri, local + "#contact-point", *contact);
  fields(iri, document, dcat_fields::data_service());
  license(iri, document);
  keywords(iri, document);
  if (const bj::value* served = document.if_contains("serves_datasets");
      served && served->is_array()) {
    for (const auto& id : served->get_array()) {
      std::string dataset = dataset_iri ? dataset_iri(std::string(id.get_string())) : "";
      if (dataset.empty()) dataset = base_url_ + "/datasets/" + std::string(id.get_string());
      add_iri(iri, dcat("servesDataset").c_str(), dataset);
      typed(dataset, dcat("Dataset").c_str());
    }
  }
}

void DcatWriter::catalog(const std::vector<std::string>& dataset_iris, int64_t page,
                         int64_t page_size, int64_t total, const std::string& page_base,
                         const std::string& filters) {
  std::string iri = base_url_ + "/catalog";
  add_iri(iri, kType, dcat("Catalog"));
  add(iri, dct("title").c_str(), Term::text("Samverka: öppna data", "sv"));
  add(iri, dct("title").c_str(), Term::text("Samverka: open data", "en"));
  add(iri, dct("description").c_str(),
      Term::text("Katalog över öppna data från offentlig sektor.", "sv"));
  add(iri, dct("description").c_str(),
      Term::text("Catalogue of open data from the public sector.", "en"));
  std::string publisher = base_url_ + "/#publisher";
  add_iri(iri, dct("publisher").c_str(), publisher);
  if (described_.insert(publisher).second) {
    add_iri(publisher, kType, "http://xmlns.com/foaf/0.1/Agent");
    add_iri(publisher, kType, "http://xmlns.com/foaf/0.1/Organization");
    add(publisher, "http://xmlns.com/foaf/0.1/name", Term::text("Samverka", "sv"));
  }
  std::string cc0 = "http://creativecommons.org/publicdomain/zero/1.0/";
  add_iri(iri, dct("license").c_str(), cc0);
  typed(cc0, "http://purl.org/dc/terms/LicenseDocument");
  std::string taxonomy = "http://publications.europa.eu/resource/authority/data-theme";
  add_iri(iri, dcat("themeTaxonomy").c_str(), taxonomy);
  if (described_.insert(taxonomy).second) {
    add_iri(taxonomy, kType, "http://www.w3.org/2004/02/skos/core#ConceptScheme");
    add(taxonomy, dct("title").c_str(), Term::text("Data theme", "en"));
  }
  add_iri(iri, "http://xmlns.com/foaf/0.1/homepage", base_url_ + "/");
  typed(base_url_ + "/", "http://xmlns.com/foaf/0.1/Document");
  for (const char* language : {"SWE", "ENG"}) {
    vocabulary_concept("language", language, dct("language").c_str(), iri,
                       "http://purl.org/dc/terms/LinguisticSystem");
  }
  for (const auto& dataset : dataset_iris) add_iri(iri, dcat("dataset").c_str(), dataset);
  // Hydra paging.
  const std::string hydra = "http://www.w3.org/ns/hydra/core#";
  int64_t last = std::max<int64_t>(1, (total + page_size - 1) / page_size);
  auto page_iri = [&](int64_t number) {
    return page_base + "?page=" + std::to_string(number) +
           "&page_size=" + std::to_string(page_size) + filters;
  };
  std::string view = page_iri(page);
  add_iri(iri, (hydra + "view").c_str(), view);
  add_iri(view, kType, hydra + "PartialCollectionView");
  add(iri, (hydra + "totalItems").c_str(),
      Term::typed(std::to_string(total), std::string(kXsd) + "integer"));
  add_iri(view, (hydra + "first").c_str(), page_iri(1));
  add_iri(view, (hydra + "last").c_str(), page_iri(last));
  if (page > 1) add_iri(view, (hydra + "previous").c_str(), page_iri(page - 1));
  if (page < last) add_iri(view, (hydra + "next").c_str(), page_iri(page + 1));
}

}  // namespace samverka::catalog
