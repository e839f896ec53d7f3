// SPDX-License-Identifier: Apache-2.0
#include "quality/mqa.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>

#include "quality/mqa_vocabularies.h"

namespace samverka::quality {

namespace bj = boost::json;

const std::vector<Indicator>& indicators() {
  using enum Level;
  static const std::vector<Indicator> all = {
      {"keywordAvailability", "findability", 30, kDataset, "Keywords", "Nyckelord", "add keywords",
       "lägg till nyckelord"},
      {"categoryAvailability", "findability", 30, kDataset, "Themes", "Teman",
       "add a theme (data-theme)", "lägg till ett tema"},
      {"spatialAvailability", "findability", 20, kDataset, "Spatial coverage", "Geografiskt område",
       "add the spatial coverage", "ange geografiskt område"},
      {"temporalAvailability", "findability", 20, kDataset, "Temporal coverage", "Tidsperiod",
       "add the temporal coverage", "ange tidsperiod"},
      {"accessUrlStatusCode", "accessibility", 50, kDistribution, "Access URL reachable",
       "Åtkomst-URL nåbar", "mend the access URLs that do not answer",
       "rätta åtkomst-URL:er som inte svarar"},
      {"downloadUrlAvailability", "accessibility", 20, kDistribution, "Download URL given",
       "Nedladdnings-URL angiven", "add a download URL", "ange en nedladdnings-URL"},
      {"downloadUrlStatusCode", "accessibility", 30, kDistribution, "Download URL reachable",
       "Nedladdnings-URL nåbar", "give download URLs that answer",
       "ange nedladdnings-URL:er som svarar"},
      {"formatAvailability", "interoperability", 20, kBestDistribution, "Format", "Format",
       "give the format", "ange formatet"},
      {"mediaTypeAvailability", "interoperability", 10, kBestDistribution, "Media type", "Medietyp",
       "give the media type", "ange medietypen"},
      {"formatMediaTypeVocabularyAlignment", "interoperability", 10, kBestDistribution,
       "Format and media type from vocabularies", "Format och medietyp från ordlistor",
       "give a format and a registered media type", "ange format och en registrerad medietyp"},
      {"formatMediaTypeNonProprietary", "interoperability", 20, kBestDistribution,
       "Non-proprietary format", "Icke-proprietärt format",
       "offer a non-proprietary format (CSV, JSON, XML ...)",
       "erbjud ett öppet format (CSV, JSON, XML ...)"},
      {"formatMediaTypeMachineInterpretable", "interoperability", 20, kBestDistribution,
       "Machine-readable format", "Maskinläsbart format",
       "offer a machine-readable format (CSV, JSON, XML ...)",
       "erbjud ett maskinläsbart format (CSV, JSON, XML ...)"},
      {"dcatApCompliance", "interoperability", 30, kDataset, "DCAT-AP compliance", "Följer DCAT-AP",
       "give every property DCAT-AP-SE makes mandatory",
       "ange alla egenskaper som DCAT-AP-SE kräver"},
      {"licenceAvailability", "reusability", 20, kDistribution, "Licence", "Licens",
       "give a licence", "ange en licens"},
      {"knownLicence", "reusability", 10, kDistribution, "Known licence", "Känd licens",
       "use a licence from the licence vocabulary (e.g. CC BY 4.0, CC0)",
       "använd en licens ur licensordlistan (t.ex. CC BY 4.0, CC0)"},
      {"accessRightsAvailability", "reusability", 10, kDataset, "Access rights",
       "Åtkomsträttigheter", "give the access rights", "ange åtkomsträttigheter"},
      {"accessRightsVocabularyAlignment", "reusability", 5, kDataset,
       "Access rights from vocabulary", "Åtkomsträttigheter från ordlista",
       "give the access rights from the access-right vocabulary",
       "ange åtkomsträttigheter ur ordlistan"},
      {"contactPointAvailability", "reusability", 20, kDataset, "Contact point", "Kontaktpunkt",
       "add a contact point", "lägg till en kontaktpunkt"},
      {"publisherAvailability", "reusability", 10, kDataset, "Publisher", "Utgivare",
       "give the publisher", "ange utgivaren"},
      {"rightsAvailability", "contextuality", 5, kDistribution, "Rights", "Rättigheter",
       "describe the rights", "beskriv rättigheterna"},
      {"byteSizeAvailability", "contextuality", 5, kDistribution, "File size", "Filstorlek",
       "give the byte size", "ange filstorleken"},
      {"dateIssuedAvailability", "contextuality", 5, kDataset, "Release date", "Utgivningsdatum",
       "give the release date", "ange utgivningsdatum"},
      {"dateModifiedAvailability", "contextuality", 5, kDataset, "Modification date",
       "Ändringsdatum", "give the modification date", "ange ändringsdatum"},
  };
  return all;
}

namespace {

bool present(const bj::object& object, std::string_view key) {
  const bj::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return false;
  if (value->is_string()) return !value->get_string().empty();
  if (value->is_array()) return !value->get_array().empty();
  if (value->is_object()) {  // a language map of lists counts when one list has an entry
    for (const auto& [_, item] : value->get_object()) {
      if (!item.is_array() || !item.get_array().empty()) return true;
    }
    return false;
  }
  return true;
}

std::string text_of(const bj::object& object, std::string_view key) {
  const bj::value* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// The five interoperability indicators of one distribution, in the order of indicators().
std::array<bool, 5> interoperability_of(const bj::object& distribution) {
  std::string format = text_of(distribution, "format");
  std::string media_type = text_of(distribution, "media_type");
  std::string media_format = media_type.empty() ? "" : format_of_media_type(media_type);
  auto either = [&](bool (*test)(std::string_view)) {
    return (!format.empty() && test(format)) || (!media_format.empty() && test(media_format));
  };
  return {!format.empty(), !media_type.empty(), !format.empty() && !media_format.empty(),
          either(is_non_proprietary), either(is_machine_readable)};
}

size_t index_of(std::string_view id) {
  const auto& all = indicators();
  for (size_t i = 0; i < all.size(); ++i) {
    if (id == all[i].id) return i;
  }
  return all.size();
}

double rounded(double value) { return std::round(value * 10) / 10; }

bj::object dimensions_json(const std::vector<double>& points_by_indicator) {
  bj::object out;
  for (const char* dimension : kDimensions) out[dimension] = 0.0;
  for (size_t i = 0; i < indicators().size(); ++i)
    out[indicators()[i].dimension].as_double() += points_by_indicator[i];
  for (auto& [_, value] : out) value = rounded(value.as_double());
  return out;
}

bj::object labels(const Indicator& indicator) {
  return {{"sv", indicator.label_sv}, {"en", indicator.label_en}};
}
bj::object fix_text(const Indicator& indicator) {
  return {{"sv", indicator.fix_sv}, {"en", indicator.fix_en}};
}

}  // namespace

double DatasetScore::points() const {
  double sum = 0;
  for (const IndicatorResult& result : results) sum += result.points();
  return sum;
}

DatasetScore score_dataset(const bj::object& document, const LinkLookup& links, bool compliant) {
  DatasetScore score;
  const auto& all = indicators();
  score.results.resize(all.size());
  for (size_t i = 0; i < all.size(); ++i) score.results[i].indicator = &all[i];
  auto set = [&](std::string_view id, bool met) {
    score.results[index_of(id)].share = met ? 1 : 0;
  };

  set("keywordAvailability", present(document, "keywords"));
  set("categoryAvailability", present(document, "themes"));
  set("spatialAvailability", present(document, "spatial"));
  set("temporalAvailability", present(document, "temporal"));
  set("dcatApCompliance", compliant);
  // Access rights are stored as codes of the access-right vocabulary, so any is aligned.
  set("accessRightsAvailability", present(document, "access_rights"));
  set("accessRightsVocabularyAlignment", present(document, "access_rights"));
  set("contactPointAvailability", present(document, "contact_point"));
  set("publisherAvailability", present(document, "publisher"));

  static const bj::array kNone;
  const bj::value* listed = document.if_contains("distributions");
  const bj::array& distributions = listed && listed->is_array() ? listed->get_array() : kNone;
  bool any_issued = present(document, "issued");
  bool any_modified = present(document, "modified");

  // Distribution indicators: the share of the distributions that meet each.
  auto count = [&](std::string_view id, bool met, bool unchecked = false) {
    IndicatorResult& result = score.results[index_of(id)];
    ++result.distributions;
    if (met) ++result.distributions_met;
    if (unchecked) ++result.unchecked;
  };
  int best_points = -1;
  std::array<bool, 5> best{};
  for (size_t d = 0; d < distributions.size(); ++d) {
    if (!distributions[d].is_object()) continue;
    const bj::object& distribution = distributions[d].get_object();
    std::optional<bool> access = std::nullopt;
    if (std::string url = text_of(distribution, "access_url"); !url.empty() && links)
      access = links(url);
    count("accessUrlStatusCode", access.value_or(false), !access.has_value());

    const bj::value* downloads = distribution.if_contains("download_urls");
    bool has_download = downloads && downloads->is_array() && !downloads->get_array().empty();
    count("downloadUrlAvailability", has_download);
    bool all_reachable = has_download;
    bool unchecked = false;
    if (has_download) {
      for (const bj::value& url : downloads->get_array()) {
        std::optional<bool> seen =
            url.is_string() && links ? links(url.get_string()) : std::optional<bool>();
        if (!seen) unchecked = true;
        if (!seen.value_or(false)) all_reachable = false;
      }
    }
    count("downloadUrlStatusCode", all_reachable, unchecked);

    std::string licence = text_of(distribution, "license");
    count("licenceAvailability", !licence.empty());
    count("knownLicence", !licence.empty() && is_known_licence(licence));
    count("rightsAvailability", present(distribution, "rights"));
    count("byteSizeAvailability", present(distribution, "byte_size"));
    any_issued = any_issued || present(distribution, "issued");
    any_modified = any_modified || present(distribution, "modified");

    std::array<bool, 5> interop = interoperability_of(distribution);
    int points = 0;
    for (size_t k = 0; k < interop.size(); ++k) {
      if (interop[k]) points += all[index_of("formatAvailability") + k].weight;
    }
    if (points > best_points) {
      best_points = points;
      best = interop;
      score.best_distribution = static_cast<int>(d);
    }
  }
  for (IndicatorResult& result : score.results) {
    if (result.indicator->level == Level::kDistribution && result.distributions > 0)
      result.share = static_cast<double>(result.distributions_met) / result.distributions;
  }
  for (size_t k = 0; k < best.size(); ++k) {
    score.results[index_of("formatAvailability") + k].share = best[k] ? 1 : 0;
  }
  set("dateIssuedAvailability", any_issued);
  set("dateModifiedAvailability", any_modified);
  return score;
}

const char* rating_of(double points) {
  long whole = std::lround(points);
  if (whole > 350) return "excellent";
  if (whole > 220) return "good";
  if (whole > 120) return "sufficient";
  return "bad";
}

bj::object dimensions_of(const DatasetScore& score) {
  std::vector<double> points;
  points.reserve(score.results.size());
  for (const IndicatorResult& result : score.results) points.push_back(result.points());
  return dimensions_json(points);
}

bj::object to_json(const DatasetScore& score) {
  bj::array items;
  std::vector<double> points(score.results.size());
  std::vector<std::pair<double, size_t>> gains;
  for (size_t i = 0; i < score.results.size(); ++i) {
    const IndicatorResult& result = score.results[i];
    const Indicator& indicator = *result.indicator;
    points[i] = result.points();
    bj::object item{{"id", indicator.id},           {"dimension", indicator.dimension},
                    {"label", labels(indicator)},   {"weight", indicator.weight},
                    {"points", rounded(points[i])}, {"met", result.share >= 1}};
    if (indicator.level == Level::kDistribution) {
      item["distributions"] = result.distributions;
      item["distributions_met"] = result.distributions_met;
      if (result.unchecked > 0) item["distributions_unchecked"] = result.unchecked;
    }
    if (indicator.level == Level::kBestDistribution && score.best_distribution >= 0)
      item["distribution"] = score.best_distribution;
    items.push_back(std::move(item));
    if (double gain = indicator.weight - points[i]; gain > 0.05) gains.emplace_back(gain, i);
  }
  std::stable_sort(gains.begin(), gains.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  bj::array fixes;
  for (const auto& [gain, i] : gains) {
    const IndicatorResult& result = score.results[i];
    bj::object fix{{"indicator", result.indicator->id},
                   {"fix", fix_text(*result.indicator)},
                   {"points", rounded(gain)}};
    if (result.indicator->level == Level::kDistribution) {
      fix["distributions"] = result.distributions - result.distributions_met;
      if (result.unchecked > 0) fix["distributions_unchecked"] = result.unchecked;
    }
    fixes.push_back(std::move(fix));
  }
  double total = score.points();
  return {{"points", rounded(total)},       {"max_points", kMaxPoints},
          {"rating", rating_of(total)},     {"dimensions", dimensions_json(points)},
          {"indicators", std::move(items)}, {"fixes", std::move(fixes)}};
}

void ScoreSum::add(const DatasetScore& score) {
  ++datasets_;
  for (size_t i = 0; i < score.results.size() && i < sums_.size(); ++i) {
    const IndicatorResult& result = score.results[i];
    sums_[i].share += result.share;
    if (result.share < 1) ++sums_[i].datasets_missing;
    sums_[i].distributions_missing += result.distributions - result.distributions_met;
    sums_[i].distributions_unchecked += result.unchecked;
  }
}

double ScoreSum::points() const {
  if (datasets_ == 0) return 0;
  double sum = 0;
  for (size_t i = 0; i < sums_.size(); ++i) sum += indicators()[i].weight * sums_[i].share;
  return sum / datasets_;
}

bj::object ScoreSum::to_json() const {
  const auto& all = indicators();
  std::vector<double> points(all.size());
  bj::array items;
  std::vector<std::pair<double, size_t>> gains;
  for (size_t i = 0; i < all.size(); ++i) {
    double share = datasets_ == 0 ? 0 : sums_[i].share / datasets_;
    points[i] = all[i].weight * share;
    bj::object item{{"id", all[i].id},
                    {"dimension", all[i].dimension},
                    {"label", labels(all[i])},
                    {"weight", all[i].weight},
                    {"points", rounded(points[i])},
                    {"share", std::round(share * 1000) / 1000},
                    {"datasets_missing", sums_[i].datasets_missing}};
    if (all[i].level == Level::kDistribution)
      item["distributions_missing"] = sums_[i].distributions_missing;
    items.push_back(std::move(item));
    if (double gain = all[i].weight - points[i]; gain > 0.05 && datasets_ > 0)
      gains.emplace_back(gain, i);
  }
  std::stable_sort(gains.begin(), gains.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  bj::array fixes;
  for (const auto& [gain, i] : gains) {
    bj::object fix{{"indicator", all[i].id},
                   {"fix", fix_text(all[i])},
                   {"points", rounded(gain)},
                   {"datasets", sums_[i].datasets_missing}};
    if (all[i].level == Level::kDistribution) fix["distributions"] = sums_[i].distributions_missing;
    if (sums_[i].distributions_unchecked > 0)
      fix["distributions_unchecked"] = sums_[i].distributions_unchecked;
    fixes.push_back(std::move(fix));
  }
  double total = this->points();
  return {{"points", rounded(total)},
          {"max_points", kMaxPoints},
          {"rating", rating_of(total)},
          {"datasets", datasets_},
          {"dimensions", dimensions_json(points)},
          {"indicators", std::move(items)},
          {"fixes", std::move(fixes)}};
}

}  // namespace samverka::quality
