// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/dcat_reader.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "catalog/dcat/dcat_fields.h"
#include "core/ids.h"
#include "core/text.h"
#include "rdf/namespaces.h"
#include "rdf/node_reader.h"

namespace samverka::catalog {

namespace bj = boost::json;
using rdf::Graph;
using rdf::Term;

namespace {

using rdf::ns::kDcat;
using rdf::ns::kDct;
using rdf::ns::kFoaf;
using rdf::ns::kRdfType;
using rdf::ns::kSpdx;
using rdf::ns::kVcard;
constexpr const char* kR5r = rdf::ns::kDcatAp;
constexpr const char* kIana = "www.iana.org/assignments/media-types/";

// The properties the mapping reads, by full IRI; their lower-cased forms catch misspellings.
const std::vector<std::string>& known_properties() {
  static const std::vector<std::string> kKnown = [] {
    std::vector<std::string> out;
    for (const char* local :
         {"title", "description", "identifier", "publisher", "issued", "modified", "language",
          "spatial", "temporal", "accrualPeriodicity", "accessRights", "conformsTo", "license",
          "format", "rights", "type"}) {
      out.push_back(std::string(kDct) + local);
    }
    for (const char* local :
         {"distribution", "keyword", "theme", "contactPoint", "landingPage", "accessURL",
          "downloadURL", "mediaType", "byteSize", "version", "startDate", "endDate", "dataset",
          "endpointURL", "endpointDescription", "servesDataset", "service", "accessService",
          "catalog"}) {
      out.push_back(std::string(kDcat) + local);
    }
    for (const char* local : {"page", "name", "homepage", "mbox"})
      out.push_back(std::string(kFoaf) + local);
    for (const char* local : {"fn", "hasEmail", "hasTelephone", "hasValue", "organization-name"}) {
      out.push_back(std::string(kVcard) + local);
    }
    for (const char* local : {"checksum", "algorithm", "checksumValue"})
      out.push_back(std::string(kSpdx) + local);
    for (const char* local : {"hvdCategory", "applicableLegislation", "availability"}) {
      out.push_back(std::string(kR5r) + local);
    }
    out.push_back("http://www.w3.org/ns/adms#status");
    out.push_back("http://schema.org/startDate");
    out.push_back("http://schema.org/endDate");
    out.push_back("http://www.w3.org/2002/07/owl#versionInfo");
    out.push_back("http://www.w3.org/2000/01/rdf-schema#label");
    out.push_back(kRdfType);
    return out;
  }();
  return kKnown;
}

std::string dcat(const char* local) { return std::string(kDcat) + local; }
std::string dct(const char* local) { return std::string(kDct) + local; }

}  // namespace

class DcatMapper {
 public:
  DcatMapper(Graph& graph, std::string base_url)
      : graph_(graph), nodes_(graph, known_properties()), base_url_(std::move(base_url)) {}

  // Indexes the graph, finds the datasets and reads every publisher they name.
  void prepare() {
    graph_.index();
    datasets_ = nodes_.subjects(dcat("Dataset"), dcat("dataset"));
    services_ = nodes_.subjects(dcat("DataService"), dcat("service"));
    for (Graph::TermId catalog : nodes_.subjects(dcat("Catalog"), dcat("catalog"))) {
      Properties described = properties(catalog);
      for (Graph::TermId id : values(described, dct("publisher"))) {
        if (catalog_publisher_.empty()) catalog_publisher_ = publisher(id);
      }
    }
    std::vector<Graph::TermId> all(datasets_);
    all.insert(all.end(), services_.begin(), services_.end());
    for (Graph::TermId subject : all) {
      Properties properties = this->properties(subject);
      for (Graph::TermId id : values(properties, dct("publisher"))) publisher(id);
    }
  }
  size_t size() const { return datasets_.size(); }
  ImportedDataset dataset_at(size_t index) { return dataset(datasets_[index]); }
  size_t service_count() const { return services_.size(); }
  ImportedDataService service_at(size_t index) { return data_service(services_[index]); }
  const std::map<std::string, ImportedPublisher>& publishers() const { return publishers_; }
  std::vector<std::string> notes() const { return nodes_.notes(); }

 private:
  using Properties = rdf::NodeReader::Properties;

  // The lenient node reading lives in rdf::NodeReader; these keep the mapping below short.
  Properties properties(Graph::TermId subject) { return nodes_.properties(subject); }
  static const std::vector<Graph::TermId>& values(Properties&&, const std::string&) = delete;
  static const std::vector<Graph::TermId>& values(const Properties& properties,
                                                  const std::string& predicate) {
    return rdf::NodeReader::values(properties, predicate);
  }
  std::optional<bj::object> language_map(const Properties& properties, const std::string& predicate,
                                         const std::string& field, ImportedEntity& entity) {
    return nodes_.language_map(properties, predicate, field, entity.warnings);
  }
  bj::array iri_list(const Properties& properties, const std::string& predicate,
                     const std::string& field, ImportedEntity& entity) {
    return nodes_.iri_list(properties, predicate, field, entity.warnings);
  }
  std::string iri_of(Graph::TermId id) const { return nodes_.iri_of(id); }
  std::string first_literal(const Properties& properties, const std::string& predicate) const {
    return nodes_.first_literal(properties, predicate);
  }
  bj::array codes(const Properties& properties, const std::string& predicate) const {
    return nodes_.codes(properties, predicate);
  }

  // One value of a field the model holds once; `warned` names it in a warning (default: field).
  void single(bj::object& body, const std::string& field, bj::array list, ImportedEntity& dataset,
              const std::string& warned = "") {
    if (list.empty()) return;
    if (list.size() > 1) {
      dataset.warnings.push_back({warned.empty() ? field : warned,
                                  "has " + std::to_string(list.size()) +
                                      " values; the model holds one, the first was kept"});
    }
    body[field] = list.front();
  }

  void date(bj::object& body, const Properties& properties, const std::string& predicate,
            const char* field) {
    std::string value = first_literal(properties, predicate);
    if (!value.empty()) body[field] = value;
  }

  bj::object contact_point(Graph::TermId node) {
    Properties properties = this->properties(node);
    bj::object contact;
    for (Graph::TermId type : values(properties, kRdfType)) {
      if (graph_.term(type).value == std::string(kVcard) + "Individual")
        contact["kind"] = "individual";
    }
    std::string name = first_literal(properties, std::string(kVcard) + "fn");
    if (name.empty()) name = first_literal(properties, std::string(kVcard) + "organization-name");
    if (!name.empty()) contact["name"] = name;
    auto address = [&](const std::string& predicate, const char* scheme) {
      for (Graph::TermId id : values(properties, predicate)) {
        const Term& term = graph_.term(id);
        std::string value = text::trimmed(term.value);
        if (term.kind == Term::Kind::kBlank) {  // a vcard:Email or vcard:Voice node
          Properties inner = this->properties(id);
          value.clear();
          for (Graph::TermId held : values(inner, std::string(kVcard) + "hasValue"))
            value = text::trimmed(graph_.term(held).value);
        }
        if (value.rfind(scheme, 0) == 0) value = value.substr(std::string(scheme).size());
        if (!value.empty()) return value;
      }
      return std::string();
    };
    if (std::string email = address(std::string(kVcard) + "hasEmail", "mailto:"); !email.empty())
      contact["email"] = email;
    if (std::string phone = address(std::string(kVcard) + "hasTelephone", "tel:"); !phone.empty())
      contact["phone"] = phone;
    return contact;
  }

  std::optional<bj::object> temporal(Graph::TermId node) {
    Properties properties = this->properties(node);
    bj::object period;
    for (const auto& [field, predicates] :
         {std::pair{"start",
                    std::vector<std::string>{dcat("startDate"), "http://schema.org/startDate"}},
          std::pair{"end",
                    std::vector<std::string>{dcat("endDate"), "http://schema.org/endDate"}}}) {
      for (const auto& predicate : predicates) {
        std::string value = first_literal(properties, predicate);
        if (value.size() > 10 && value[10] == 'T') value.resize(10);  // the model keeps dates
        if (!value.empty()) {
          period[field] = value;
          break;
        }
      }
    }
    if (period.empty()) return std::nullopt;
    return period;
  }

  std::string publisher(Graph::TermId node) {
    const Term& term = graph_.term(node);
    std::string key = term.kind == Term::Kind::kBlank ? "_:" + term.value : term.value;
    if (term.kind == Term::Kind::kLiteral) return "";
    if (publishers_.count(key)) return key;
    ImportedPublisher publisher;
    publisher.key = key;
    Properties properties = this->properties(node);
    // foaf:name, else the labels other vocabularies give agents.
    for (const std::string& predicate :
         {std::string(kFoaf) + "name", std::string("http://www.w3.org/2004/02/skos/core#prefLabel"),
          std::string(kVcard) + "fn", std::string("http://www.w3.org/2000/01/rdf-schema#label")}) {
      for (Graph::TermId id : values(properties, predicate)) {
        const Term& name = graph_.term(id);
        if (name.kind != Term::Kind::kLiteral || text::trimmed(name.value).empty()) continue;
        std::string language = name.language.empty() ? "sv" : rdf::language_tag(name.language);
        if (!publisher.name.contains(language))
          publisher.name[language] = text::trimmed(name.value);
      }
      if (!publisher.name.empty()) break;
    }
    if (publisher.name.empty() && term.kind == Term::Kind::kIri) {
      // Only an IRI: its last segment (GreekEnvironmentAgency) is the best name there is.
      std::string iri = term.value;
      while (!iri.empty() && (iri.back() == '/' || iri.back() == '#')) iri.pop_back();
      std::string last = iri.substr(iri.find_last_of("/#:") + 1);
      if (!last.empty()) {
        publisher.name["sv"] = last;
        nodes_.note("the publisher <" + term.value + "> has no name; it was named '" + last +
                    "' after its IRI");
      }
    }
    // A Swedish organisation number, given whole: "202100-0837", "2021000837", "SE2021000837"
    // or the VAT form "SE202100083701". Only a whole value (or an IRI's last segment) counts, so
    // that digits which merely happen to pass the check digit are not taken for one.
    auto org_number = [](std::string text) -> std::optional<std::string> {
      text = text::trimmed(text);
      if (text.rfind("SE", 0) == 0 || text.rfind("se", 0) == 0) text = text.substr(2);
      if (text.size() == 12 && text.ends_with("01") && text.find('-') == std::string::npos)
        text.resize(10);
      return text::normalize_org_number(text);
    };
    for (Graph::TermId id : values(properties, dct("identifier"))) {
      if (!publisher.org_number) publisher.org_number = org_number(graph_.term(id).value);
    }
    if (!publisher.org_number && term.kind == Term::Kind::kIri) {
      std::string iri = term.value;
      while (!iri.empty() && (iri.back() == '/' || iri.back() == '#')) iri.pop_back();
      publisher.org_number = org_number(iri.substr(iri.find_last_of("/#:=") + 1));
    }
    for (Graph::TermId id : values(properties, dct("type"))) {
      if (graph_.term(id).kind == Term::Kind::kIri) publisher.type = graph_.term(id).value;
    }
    for (Graph::TermId id : values(properties, std::string(kFoaf) + "homepage")) {
      if (std::string iri = iri_of(id); !iri.empty()) publisher.homepage = iri;
    }
    for (Graph::TermId id : values(properties, std::string(kFoaf) + "mbox")) {
      std::string mail = graph_.term(id).value;
      if (mail.rfind("mailto:", 0) == 0) mail = mail.substr(7);
      if (!mail.empty()) publisher.email = mail;
    }
    publishers_.emplace(key, std::move(publisher));
    return key;
  }

  bj::object distribution(Graph::TermId node, const std::string& dataset_key, size_t index,
                          ImportedEntity& dataset) {
    Properties properties = this->properties(node);
    std::string path = "distributions[" + std::to_string(index) + "]";
    bj::object out;
    fields(out, properties, dcat_fields::distribution(), path + ".", dataset);
    if (auto rights = rights_text(properties, path + ".rights", dataset))
      out["rights"] = std::move(*rights);
    single(out, "format", format_codes(values(properties, dct("format"))), dataset,
           path + ".format");
    bj::array media;
    for (Graph::TermId id : values(properties, dcat("mediaType"))) {
      std::string value =
          graph_.term(id).kind == Term::Kind::kBlank ? "" : text::trimmed(graph_.term(id).value);
      if (size_t at = value.find(kIana); at != std::string::npos)
        value = value.substr(at + std::string(kIana).size());
      if (!value.empty()) media.push_back(bj::value(value));
    }
    // A media type given as the format (dct:format "text/csv") is the media type too.
    if (media.empty()) {
      for (Graph::TermId id : values(properties, dct("format"))) {
        const Term& format = graph_.term(id);
        if (format.kind == Term::Kind::kLiteral &&
            text::trimmed(format.value).find('/') != std::string::npos) {
          media.push_back(bj::value(text::trimmed(format.value)));
        }
      }
    }
    single(out, "media_type", std::move(media), dataset, path + ".media_type");
    single(out, "license", codes(properties, dct("license")), dataset, path + ".license");
    if (std::string size = first_literal(properties, dcat("byteSize")); !size.empty()) {
      char* end = nullptr;
      double number = std::strtod(size.c_str(), &end);
      if (end && *end == '\0' && number >= 0 && number < 9e15 &&
          number == static_cast<double>(static_cast<int64_t>(number))) {
        out["byte_size"] = static_cast<int64_t>(number);
      } else {
        dataset.warnings.push_back(
            {path + ".byte_size", "'" + size + "' is not a whole number of bytes; left out"});
      }
    }
    for (Graph::TermId id : values(properties, std::string(kSpdx) + "checksum")) {
      Properties checksum = this->properties(id);
      std::string algorithm;
      for (Graph::TermId value : values(checksum, std::string(kSpdx) + "algorithm")) {
        algorithm = graph_.term(value).value;
        if (size_t at = algorithm.find("checksumAlgorithm_"); at != std::string::npos)
          algorithm = algorithm.substr(at + 18);
      }
      std::string sum = first_literal(checksum, std::string(kSpdx) + "checksumValue");
      if (!algorithm.empty() && !sum.empty())
        out["checksum"] = bj::object{{"algorithm", algorithm}, {"value", sum}};
    }
    // A stable id: from the distribution's IRI, or for a blank node from what it points at.
    const Term& term = graph_.term(node);
    std::string key = term.kind == Term::Kind::kIri ? term.value : identity_key(out);
    out["id"] = ids::name_uuid("distribution:" + dataset_key + "|" + key);
    return out;
  }

  // What a blank-node distribution's id is made from: its fields serialised in one fixed order
  // (the order earlier versions wrote them in), so that the same file always gives the same
  // ids however the mapping above is arranged.
  static std::string identity_key(const bj::object& distribution) {
    static constexpr const char* kOrder[] = {
        "title",      "description", "rights",    "access_url",  "download_urls", "format",
        "media_type", "license",     "byte_size", "checksum",    "status",        "availability",
        "issued",     "modified",    "languages", "conforms_to", "documentation"};
    bj::object ordered;
    for (const char* field : kOrder) {
      if (const bj::value* value = distribution.if_contains(field)) ordered[field] = *value;
    }
    for (const auto& [field, value] : distribution) {  // a field added later goes last
      if (!ordered.contains(field)) ordered[field] = value;
    }
    return bj::serialize(ordered);
  }

  // dct:rights: a RightsStatement with an rdfs:label, or a literal.
  std::optional<bj::object> rights_text(const Properties& properties, const std::string& field,
                                        ImportedEntity& dataset) {
    bj::object map;
    for (Graph::TermId id : values(properties, dct("rights"))) {
      const Term& term = graph_.term(id);
      if (term.kind == Term::Kind::kLiteral) {
        std::string language = term.language.empty() ? "sv" : rdf::language_tag(term.language);
        if (!map.contains(language) && !text::trimmed(term.value).empty())
          map[language] = text::trimmed(term.value);
        continue;
      }
      Properties statement = this->properties(id);
      if (auto labels = language_map(statement, "http://www.w3.org/2000/01/rdf-schema#label", field,
                                     dataset)) {
        for (const auto& [language, text] : *labels) {
          if (!map.contains(language)) map[language] = text;
        }
      }
    }
    if (map.empty()) return std::nullopt;
    return map;
  }

  // dct:format: an EU file-type IRI, or a literal code or media type naming one.
  bj::array format_codes(const std::vector<Graph::TermId>& ids) {
    bj::array out;
    for (Graph::TermId id : ids) {
      const Term& term = graph_.term(id);
      if (term.kind == Term::Kind::kBlank) continue;
      std::string value = text::trimmed(term.value);
      if (size_t at = value.find(kIana); at != std::string::npos)
        value = value.substr(at + std::string(kIana).size());
      if (size_t slash = value.find('/');
          term.kind == Term::Kind::kLiteral && slash != std::string::npos) {
        value = value.substr(slash + 1);  // text/csv -> csv
      }
      if (!value.empty()) out.push_back(bj::value(value));
    }
    return out;
  }

  // The publisher, title and description of a dataset or data service; gives the publisher's
  // identity (for minted IRIs).
  std::string publisher_and_texts(const Properties& properties, ImportedEntity& entity) {
    bj::object& body = entity.body;
    for (Graph::TermId id : values(properties, dct("publisher"))) {
      if (entity.publisher_key.empty()) entity.publisher_key = publisher(id);
    }
    if (values(properties, dct("publisher")).size() > 1) {
      entity.warnings.push_back(
          {"publisher", "the file names more than one publisher; the first was used"});
    }
    if (auto title = language_map(properties, dct("title"), "title", entity))
      body["title"] = std::move(*title);
    if (auto description = language_map(properties, dct("description"), "description", entity)) {
      body["description"] = std::move(*description);
    }
    auto found = publishers_.find(entity.publisher_key);
    return found != publishers_.end() ? found->second.identity() : std::string();
  }

  // The fields the table maps one to one (catalog/dcat/dcat_fields.h), into `body`; warnings
  // name fields under `path` ("distributions[0].").
  void fields(bj::object& body, const Properties& properties,
              const std::vector<dcat_fields::Mapping>& table, const std::string& path,
              ImportedEntity& entity) {
    using dcat_fields::Shape;
    for (const auto& mapping : table) {
      std::string field = path + mapping.field;
      switch (mapping.shape) {
        case Shape::kText:
          if (auto text = language_map(properties, mapping.predicate, field, entity)) {
            body[mapping.field] = std::move(*text);
          }
          break;
        case Shape::kCode:
          single(body, mapping.field, codes(properties, mapping.predicate), entity, field);
          break;
        case Shape::kCodeList:
          if (bj::array list = codes(properties, mapping.predicate); !list.empty())
            body[mapping.field] = std::move(list);
          break;
        case Shape::kIri:
          single(body, mapping.field, iri_list(properties, mapping.predicate, field, entity),
                 entity, field);
          break;
        case Shape::kIriList:
          if (bj::array list = iri_list(properties, mapping.predicate, field, entity);
              !list.empty()) {
            body[mapping.field] = std::move(list);
          }
          break;
        case Shape::kDate:
          date(body, properties, mapping.predicate, mapping.field);
          break;
        case Shape::kLiteral:
          if (std::string text = first_literal(properties, mapping.predicate); !text.empty())
            body[mapping.field] = text;
          break;
      }
    }
  }

  // The fields datasets and data services share, after the texts.
  void shared_fields(const Properties& properties, ImportedEntity& entity) {
    bj::object& body = entity.body;
    for (Graph::TermId id : values(properties, dcat("contactPoint"))) {
      if (graph_.term(id).kind == Term::Kind::kLiteral) continue;
      bj::object contact = contact_point(id);
      if (!contact.empty()) {
        body["contact_point"] = std::move(contact);
        break;
      }
    }
    bj::object keywords;
    for (Graph::TermId id : values(properties, dcat("keyword"))) {
      const Term& keyword = graph_.term(id);
      if (keyword.kind != Term::Kind::kLiteral || text::trimmed(keyword.value).empty()) continue;
      std::string language = keyword.language.empty() ? "sv" : rdf::language_tag(keyword.language);
      bj::array& list = keywords[language].is_array() ? keywords[language].get_array()
                                                      : keywords[language].emplace_array();
      bj::value word(text::trimmed(keyword.value));
      if (std::find(list.begin(), list.end(), word) == list.end()) list.push_back(std::move(word));
    }
    if (!keywords.empty()) body["keywords"] = std::move(keywords);
  }

  // For a data service without a publisher: the publisher of a dataset whose distribution has
  // it as dcat:accessService, else the catalogue's.
  std::string inherited_publisher(Graph::TermId service) {
    Graph::TermId access = graph_.find_iri(dcat("accessService"));
    Graph::TermId distribution_of = graph_.find_iri(dcat("distribution"));
    for (const auto& edge : graph_.edges()) {
      if (edge.predicate != access || edge.object != service) continue;
      for (const auto& holder : graph_.edges()) {
        if (holder.predicate != distribution_of || holder.object != edge.subject) continue;
        Properties dataset = this->properties(holder.subject);
        for (Graph::TermId id : values(dataset, dct("publisher"))) {
          std::string key = publisher(id);
          if (!key.empty()) return key;
        }
      }
    }
    return catalog_publisher_;
  }

  ImportedDataService data_service(Graph::TermId subject) {
    ImportedDataService service;
    Properties properties = this->properties(subject);
    const Term& term = graph_.term(subject);
    bj::object& body = service.body;
    std::string publisher_identity = publisher_and_texts(properties, service);
    if (service.publisher_key.empty()) {
      service.publisher_key = inherited_publisher(subject);
      if (!service.publisher_key.empty()) {
        service.warnings.push_back({"publisher",
                                    "the data service names no publisher; that of a dataset using "
                                    "it, or of the catalogue, was taken"});
        publisher_identity = publishers_.at(service.publisher_key).identity();
      }
    }
    fields(body, properties, dcat_fields::data_service(), "", service);
    single(body, "license", codes(properties, dct("license")), service);
    shared_fields(properties, service);
    for (Graph::TermId id : values(properties, dcat("servesDataset"))) {
      std::string iri = iri_of(id);
      if (iri.empty()) {
        service.warnings.push_back(
            {"serves_datasets", "a dataset without an IRI cannot be linked; left out"});
      } else {
        service.serves.push_back(iri);
      }
    }
    if (term.kind == Term::Kind::kIri) {
      service.iri = term.value;
    } else {
      service.minted_from = "publisher and endpoint";
      std::string endpoint =
          body.contains("endpoint_url") ? std::string(body.at("endpoint_url").get_string()) : "";
      service.minted_id = ids::name_uuid("data-service:" + publisher_identity + "|" + endpoint);
      service.iri = base_url_ + "/data-services/" + service.minted_id;
    }
    body["iri"] = service.iri;
    return service;
  }

  ImportedDataset dataset(Graph::TermId subject) {
    ImportedDataset dataset;
    Properties properties = this->properties(subject);
    const Term& term = graph_.term(subject);
    bj::object& body = dataset.body;
    dataset.identifier = first_literal(properties, dct("identifier"));
    if (dataset.identifier.empty()) {
      for (Graph::TermId id : values(properties, dct("identifier"))) {
        if (graph_.term(id).kind == Term::Kind::kIri) dataset.identifier = graph_.term(id).value;
      }
    }
    std::string publisher_identity = publisher_and_texts(properties, dataset);
    if (term.kind == Term::Kind::kIri) {
      dataset.iri = term.value;
    } else if (!dataset.identifier.empty()) {
      dataset.minted_from = "dct:identifier";
      if (text::is_http_url(dataset.identifier)) {
        dataset.iri = dataset.identifier;  // an identifier that is an IRI names the dataset
        dataset.minted_id = ids::name_uuid("iri:" + dataset.iri);
      } else {
        dataset.minted_id =
            ids::name_uuid("identifier:" + publisher_identity + "|" + dataset.identifier);
        dataset.iri = base_url_ + "/datasets/" + dataset.minted_id;
      }
    } else {
      dataset.minted_from = "publisher and title";
      std::string title;
      if (const bj::value* titles = body.if_contains("title")) {
        const bj::object& map = titles->get_object();
        title = map.contains("sv") ? std::string(map.at("sv").get_string())
                                   : std::string(map.begin()->value().get_string());
      }
      dataset.minted_id = ids::name_uuid("title:" + publisher_identity + "|" + title);
      dataset.iri = base_url_ + "/datasets/" + dataset.minted_id;
    }
    body["iri"] = dataset.iri;
    if (!dataset.identifier.empty()) body["identifier"] = dataset.identifier;
    shared_fields(properties, dataset);
    fields(body, properties, dcat_fields::dataset(), "", dataset);
    for (Graph::TermId id : values(properties, dct("temporal"))) {
      if (graph_.term(id).kind == Term::Kind::kLiteral) continue;
      if (auto period = temporal(id)) {
        body["temporal"] = std::move(*period);
        break;
      }
    }
    if (!body.contains("version")) {  // DCAT 2 files name it owl:versionInfo
      std::string version = first_literal(properties, "http://www.w3.org/2002/07/owl#versionInfo");
      if (!version.empty()) body["version"] = version;
    }
    bj::array distributions;
    for (Graph::TermId id : values(properties, dcat("distribution"))) {
      if (graph_.term(id).kind == Term::Kind::kLiteral) continue;
      distributions.push_back(distribution(id, dataset.iri, distributions.size(), dataset));
    }
    if (!distributions.empty()) body["distributions"] = std::move(distributions);
    return dataset;
  }

  Graph& graph_;
  rdf::NodeReader nodes_;
  std::string base_url_;
  std::vector<Graph::TermId> datasets_;
  std::vector<Graph::TermId> services_;
  std::string catalog_publisher_;  // the key of the file's catalogue's publisher, if any
  std::map<std::string, ImportedPublisher> publishers_;
};

std::string ImportedPublisher::identity() const {
  if (org_number) return "org:" + *org_number;
  if (const bj::value* sv = name.if_contains("sv")) return "name:" + std::string(sv->get_string());
  if (!name.empty()) return "name:" + std::string(name.begin()->value().get_string());
  return key.rfind("_:", 0) == 0 ? std::string() : "iri:" + key;
}

DcatReader::DcatReader(Graph& graph, const std::string& base_url)
    : mapper_(std::make_unique<DcatMapper>(graph, base_url)) {
  mapper_->prepare();
}

DcatReader::~DcatReader() = default;

size_t DcatReader::size() const { return mapper_->size(); }

ImportedDataset DcatReader::dataset(size_t index) { return mapper_->dataset_at(index); }

const std::map<std::string, ImportedPublisher>& DcatReader::publishers() const {
  return mapper_->publishers();
}

std::vector<std::string> DcatReader::notes() const { return mapper_->notes(); }

size_t DcatReader::data_service_count() const { return mapper_->service_count(); }

ImportedDataService DcatReader::data_service(size_t index) { return mapper_->service_at(index); }

}  // namespace samverka::catalog
