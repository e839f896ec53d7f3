// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_datajson.h"

#include <cctype>
#include <set>

#include "catalog/vocabulary/vocabulary.h"
#include "core/json.h"
#include "core/text.h"

namespace samverka::harvest {

namespace bj = boost::json;

namespace {

// What every dataset key becomes is decided below; these are read elsewhere or mean nothing
// here, so they pass without a warning.
const std::set<std::string, std::less<>> kQuiet = {"@type",     "@id",          "@context",
                                                   "publisher", "distribution", "language"};

// A value that may be a string or, in DCAT-US 3.0, an object naming it.
std::string text_of(const bj::value* value) {
  if (value == nullptr || value->is_null()) return "";
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_object()) {
    for (const char* key : {"@id", "url", "accessURL", "notation", "name", "prefLabel", "title"}) {
      if (const bj::value* inner = value->get_object().if_contains(key);
          inner && inner->is_string())
        return std::string(inner->get_string());
    }
  }
  if (value->is_int64()) return std::to_string(value->get_int64());
  return "";
}

// One value or a list of them, as strings.
std::vector<std::string> texts_of(const bj::value* value) {
  std::vector<std::string> out;
  if (value == nullptr) return out;
  if (value->is_array()) {
    for (const bj::value& item : value->get_array())
      if (std::string text = text_of(&item); !text.empty()) out.push_back(std::move(text));
  } else if (std::string text = text_of(value); !text.empty()) {
    out.push_back(std::move(text));
  }
  return out;
}

const bj::value* field(const bj::object& object, std::string_view key) {
  return object.if_contains(key);
}

// ISO 639-1 (what data.json gives, e.g. en-US) to the EU language table's codes.
std::string eu_language(std::string_view tag) {
  static const std::map<std::string, std::string, std::less<>> kCodes = {
      {"sv", "SWE"}, {"en", "ENG"}, {"fi", "FIN"}, {"da", "DAN"}, {"no", "NOR"}, {"nb", "NOB"},
      {"nn", "NNO"}, {"de", "DEU"}, {"fr", "FRA"}, {"es", "SPA"}, {"it", "ITA"}, {"nl", "NLD"}};
  auto found = kCodes.find(text::ascii_lower(tag.substr(0, tag.find_first_of("-_"))));
  return found == kCodes.end() ? std::string() : found->second;
}

// A date as the catalogue takes it (YYYY, YYYY-MM-DD or an RFC 3339 date-time), or "".
std::string date_of(const std::string& value, std::vector<FieldError>& warnings,
                    const std::string& name) {
  auto digits = [&](size_t from, size_t count) {
    if (value.size() < from + count) return false;
    for (size_t i = from; i < from + count; ++i)
      if (!std::isdigit(static_cast<unsigned char>(value[i]))) return false;
    return true;
  };
  if (value.empty()) return "";
  if (value.size() == 4 && digits(0, 4)) return value;
  bool day = value.size() >= 10 && digits(0, 4) && value[4] == '-' && digits(5, 2) &&
             value[7] == '-' && digits(8, 2);
  if (day && value.size() == 10) return value;
  if (day && value[10] == 'T' &&
      (value.back() == 'Z' || value.find_first_of("+-", 19) != std::string::npos))
    return value;
  if (day) {
    warnings.push_back({name, "'" + value + "' has a time without a time zone; the date is kept"});
    return value.substr(0, 10);
  }
  warnings.push_back({name, "'" + value + "' is not an ISO 8601 date; left out"});
  return "";
}

// DCAT-US frequencies (ISO 8601 repeating durations in 1.1, words in 3.0) to EU codes.
std::string frequency_of(const std::string& value) {
  static const std::map<std::string, std::string, std::less<>> kCodes = {
      {"r/p10y", "OTHER"},        {"r/p4y", "OTHER"},         {"r/p3y", "TRIENNIAL"},
      {"r/p2y", "BIENNIAL"},      {"r/p1y", "ANNUAL"},        {"r/p6m", "ANNUAL_2"},
      {"r/p4m", "ANNUAL_3"},      {"r/p3m", "QUARTERLY"},     {"r/p2m", "BIMONTHLY"},
      {"r/p0.5m", "MONTHLY_2"},   {"r/p1m", "MONTHLY"},       {"r/p0.33m", "MONTHLY_3"},
      {"r/p1w", "WEEKLY"},        {"r/p2w", "BIWEEKLY"},      {"r/p3.5d", "WEEKLY_2"},
      {"r/p0.33w", "WEEKLY_3"},   {"r/p1d", "DAILY"},         {"r/pt1h", "OTHER"},
      {"r/pt1s", "CONT"},         {"irregular", "IRREG"},     {"continuous", "CONT"},
      {"daily", "DAILY"},         {"weekly", "WEEKLY"},       {"biweekly", "BIWEEKLY"},
      {"monthly", "MONTHLY"},     {"bimonthly", "BIMONTHLY"}, {"quarterly", "QUARTERLY"},
      {"semiannual", "ANNUAL_2"}, {"annual", "ANNUAL"},       {"biennial", "BIENNIAL"},
      {"triennial", "TRIENNIAL"}, {"never", "NEVER"},         {"unknown", "UNKNOWN"}};
  auto found = kCodes.find(text::ascii_lower(value));
  if (found != kCodes.end()) return found->second;
  // An EU frequency code or IRI is taken as it is.
  const catalog::VocabularyEntry* entry = catalog::find_vocabulary("frequency")->find(value);
  return entry ? entry->code : std::string();
}

// An EU file-type code for a data.json format ("CSV", "csv") or media type ("text/csv").
std::string file_type_of(const std::string& format, const std::string& media_type) {
  const catalog::Vocabulary* types = catalog::find_vocabulary("file-type");
  if (!format.empty()) {
    if (const catalog::VocabularyEntry* entry = types->find(text::ascii_upper(format)))
      return entry->code;
  }
  std::string subtype = media_type.substr(media_type.find('/') + 1);
  subtype = subtype.substr(0, subtype.find(';'));
  if (!media_type.empty() && media_type.find('/') != std::string::npos) {
    if (const catalog::VocabularyEntry* entry = types->find(text::ascii_upper(subtype)))
      return entry->code;
  }
  return "";
}

bj::object language_map(const std::string& language, const std::string& value) {
  return bj::object{{language, value}};
}

}  // namespace

Result<DataJsonCatalog> read_datajson(std::string_view body, const std::string& url) {
  auto parsed = json::parse(body);
  if (!parsed.ok())
    return make_error(ErrorCode::kBadRequest, "not JSON: " + parsed.error().message);
  DataJsonCatalog out;
  out.url = url;
  bj::value& root = parsed.value();
  bj::value* datasets = &root;
  if (root.is_object()) {
    std::string conforms = text_of(root.get_object().if_contains("conformsTo"));
    std::string type = text_of(root.get_object().if_contains("@type"));
    out.version = conforms.find("v1.1") != std::string::npos ? "1.1"
                  : conforms.find("3.0") != std::string::npos ||
                          conforms.find("v3") != std::string::npos || type == "Catalog"
                      ? "3.0"
                      : "1.1";
    datasets = root.get_object().if_contains("dataset");
  } else {
    out.version = "1.0";
  }
  if (datasets == nullptr || !datasets->is_array()) {
    return make_error(ErrorCode::kBadRequest,
                      "not a data.json catalogue: it has no \"dataset\" array");
  }
  size_t skipped = 0;
  for (bj::value& item : datasets->get_array()) {
    if (!item.is_object()) {
      ++skipped;
      continue;
    }
    out.datasets.push_back(std::move(item.get_object()));
  }
  if (skipped > 0)
    out.notes.push_back(std::to_string(skipped) +
                        " entries of \"dataset\" were not objects; left out");
  return out;
}

DataJsonRecords::DataJsonRecords(DataJsonCatalog catalog) : catalog_(std::move(catalog)) {
  for (const bj::object& dataset : catalog_.datasets) {
    std::string name = text_of(field(dataset, "publisher"));
    if (name.empty() || publishers_.count(name)) continue;
    catalog::ImportedPublisher publisher;
    publisher.key = name;
    publisher.name["sv"] = name;  // an organisation's name, whatever its language
    publishers_.emplace(name, std::move(publisher));
  }
}

catalog::ImportedDataset DataJsonRecords::dataset(size_t index) {
  const bj::object& dataset = catalog_.datasets[index];
  catalog::ImportedDataset out;
  std::vector<FieldError>& warnings = out.warnings;
  bj::object body;

  std::vector<std::string> tags = texts_of(field(dataset, "language"));
  std::string language = "en";  // DCAT-US is written in English unless it says otherwise
  bj::array languages;
  for (const std::string& tag : tags) {
    std::string code = eu_language(tag);
    if (code.empty()) {
      warnings.push_back(
          {"language", "'" + tag + "' is not a language the catalogue knows; left out"});
      continue;
    }
    if (languages.empty()) language = text::ascii_lower(tag.substr(0, tag.find_first_of("-_")));
    languages.push_back(bj::value(code));
  }
  if (!languages.empty()) body["languages"] = std::move(languages);

  std::string identifier = text_of(field(dataset, "identifier"));
  std::string iri = text_of(field(dataset, "@id"));
  if (!text::is_http_url(iri)) iri = text::is_http_url(identifier) ? identifier : "";
  if (iri.empty()) {
    std::string key = identifier.empty() ? text_of(field(dataset, "title")) : identifier;
    iri = catalog_.url.substr(0, catalog_.url.find('#')) + "#" + text::percent_encode(key);
  }
  body["iri"] = iri;
  out.iri = iri;
  if (!identifier.empty()) body["identifier"] = identifier;
  out.identifier = identifier;
  out.publisher_key = text_of(field(dataset, "publisher"));

  std::string licence;
  bj::object rights;
  for (const auto& [key_view, value] : dataset) {
    std::string key(key_view);
    if (key == "title" || key == "description") {
      if (std::string text = text_of(&value); !text.empty())
        body[key] = language_map(language, text);
    } else if (key == "keyword") {
      bj::array words;
      for (std::string& word : texts_of(&value)) words.push_back(bj::value(word));
      if (!words.empty()) body["keywords"] = bj::object{{language, std::move(words)}};
    } else if (key == "modified" || key == "issued") {
      if (std::string date = date_of(text_of(&value), warnings, key); !date.empty())
        body[key] = date;
    } else if (key == "accessLevel") {
      std::string level = text::ascii_lower(text_of(&value));
      if (level == "public")
        body["access_rights"] = "PUBLIC";
      else if (level == "restricted public")
        body["access_rights"] = "RESTRICTED";
      else if (level == "non-public")
        body["access_rights"] = "NON_PUBLIC";
      else
        warnings.push_back(
            {"accessLevel",
             "'" + level + "' is not public, restricted public or non-public; left out"});
    } else if (key == "license") {
      licence = text_of(&value);
      if (licence.find("unknown-license") != std::string::npos) {
        warnings.push_back({"license", "the source says its licence is unknown; left out"});
        licence.clear();
      }
    } else if (key == "rights") {
      std::vector<std::string> lines = texts_of(&value);
      std::string joined;
      for (const std::string& line : lines) joined += (joined.empty() ? "" : " ") + line;
      if (!joined.empty()) rights = language_map(language, joined);
    } else if (key == "spatial") {
      bj::array places;
      for (const std::string& place : texts_of(&value)) {
        if (text::is_http_url(place))
          places.push_back(bj::value(place));
        else
          warnings.push_back({"spatial", "'" + place + "' is not the IRI of a place; left out"});
      }
      if (!places.empty()) body["spatial"] = std::move(places);
    } else if (key == "temporal") {
      std::string start, end;
      if (value.is_string()) {
        std::string period(value.get_string());
        size_t slash = period.find('/');
        start = period.substr(0, slash);
        end = slash == std::string::npos ? "" : period.substr(slash + 1);
      } else {
        const bj::value* first =
            value.is_array() && !value.get_array().empty() ? &value.get_array()[0] : &value;
        if (first->is_object()) {
          start = text_of(first->get_object().if_contains("startDate"));
          end = text_of(first->get_object().if_contains("endDate"));
        }
      }
      bj::object period;
      if (std::string date = date_of(start, warnings, "temporal"); !date.empty())
        period["start"] = date;
      if (std::string date = date_of(end, warnings, "temporal"); !date.empty())
        period["end"] = date;
      if (!period.empty()) body["temporal"] = std::move(period);
    } else if (key == "accrualPeriodicity") {
      std::string given = text_of(&value);
      if (std::string code = frequency_of(given); !code.empty())
        body["frequency"] = code;
      else
        warnings.push_back({"accrualPeriodicity",
                            "'" + given + "' is not a frequency the catalogue knows; left out"});
    } else if (key == "landingPage") {
      if (std::string page = text_of(&value); text::is_http_url(page)) body["landing_page"] = page;
    } else if (key == "references" || key == "describedBy") {
      bj::array& documents = body["documentation"].is_array()
                                 ? body["documentation"].get_array()
                                 : body["documentation"].emplace_array();
      for (const std::string& url : texts_of(&value))
        if (text::is_http_url(url)) documents.push_back(bj::value(url));
    } else if (key == "conformsTo") {
      bj::array standards;
      for (const std::string& url : texts_of(&value))
        if (text::is_http_url(url)) standards.push_back(bj::value(url));
      if (!standards.empty()) body["conforms_to"] = std::move(standards);
    } else if (key == "theme") {
      bj::array themes;
      for (const std::string& theme : texts_of(&value)) {
        const catalog::VocabularyEntry* entry = catalog::find_vocabulary("data-theme")->find(theme);
        if (entry)
          themes.push_back(bj::value(entry->code));
        else
          warnings.push_back({"theme", "'" + theme + "' is not an EU data theme; left out"});
      }
      if (!themes.empty()) body["themes"] = std::move(themes);
    } else if (key == "contactPoint") {
      const bj::value* contact =
          value.is_array() && !value.get_array().empty() ? &value.get_array()[0] : &value;
      if (contact->is_object()) {
        bj::object point;
        std::string name = text_of(contact->get_object().if_contains("fn"));
        std::string email = text_of(contact->get_object().if_contains("hasEmail"));
        if (email.starts_with("mailto:")) email.erase(0, 7);
        if (!name.empty()) point["name"] = name;
        if (!email.empty()) point["email"] = email;
        if (!point.empty()) body["contact_point"] = std::move(point);
      }
    } else if (key != "identifier" && !kQuiet.count(key)) {
      warnings.push_back({key, "DCAT-AP-SE has no place for '" + key + "'; left out"});
    }
  }
  if (body.contains("documentation") && body["documentation"].get_array().empty())
    body.erase("documentation");

  bj::array distributions;
  if (const bj::value* listed = field(dataset, "distribution"); listed && listed->is_array()) {
    for (const bj::value& item : listed->get_array()) {
      if (!item.is_object()) continue;
      const bj::object& given = item.get_object();
      bj::object distribution;
      std::string access = text_of(field(given, "accessURL"));
      std::string download = text_of(field(given, "downloadURL"));
      distribution["access_url"] = access.empty() ? download : access;
      if (!download.empty()) distribution["download_urls"] = bj::array{bj::value(download)};
      std::string media_type = text_of(field(given, "mediaType"));
      if (!media_type.empty()) distribution["media_type"] = media_type;
      std::string format = text_of(field(given, "format"));
      if (std::string code = file_type_of(format, media_type); !code.empty()) {
        distribution["format"] = code;
      } else if (!format.empty()) {
        warnings.push_back(
            {"distribution.format", "'" + format + "' is not an EU file type; left out"});
      }
      for (const char* key : {"title", "description"})
        if (std::string text = text_of(field(given, key)); !text.empty())
          distribution[key] = language_map(language, text);
      for (const char* key : {"issued", "modified"})
        if (std::string date = date_of(text_of(field(given, key)), warnings, key); !date.empty())
          distribution[key] = date;
      std::string size = text_of(field(given, "byteSize"));
      if (!size.empty() && size.find_first_not_of("0123456789") == std::string::npos &&
          size.size() < 19)
        distribution["byte_size"] = std::stoll(size);
      std::string own_licence = text_of(field(given, "license"));
      if (!own_licence.empty() || !licence.empty())
        distribution["license"] = own_licence.empty() ? licence : own_licence;
      if (!rights.empty()) distribution["rights"] = rights;
      if (std::string standard = text_of(field(given, "conformsTo")); text::is_http_url(standard))
        distribution["conforms_to"] = bj::array{bj::value(standard)};
      if (std::string documentation = text_of(field(given, "describedBy"));
          text::is_http_url(documentation))
        distribution["documentation"] = bj::array{bj::value(documentation)};
      distributions.push_back(std::move(distribution));
    }
  }
  if (!distributions.empty()) body["distributions"] = std::move(distributions);
  out.body = std::move(body);
  return out;
}

}  // namespace samverka::harvest
