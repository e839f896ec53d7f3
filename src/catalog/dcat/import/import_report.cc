// SPDX-License-Identifier: Apache-2.0
#include "catalog/dcat/import/import_report.h"

#include <map>

#include "core/clock.h"
#include "core/json.h"

namespace samverka::catalog::importing {

namespace bj = boost::json;

namespace {
constexpr size_t kMaxReportString = 1000;
}  // namespace

bj::object build_report(ReportParts parts) {
  const std::string& status = parts.status;
  std::vector<Candidate>& candidates = parts.candidates;
  std::vector<ServiceCandidate>& services = parts.services;
  bj::object report;
  report["id"] = parts.id;
  report["status"] = status;
  report["created"] = clock::now_iso();
  report["source"] = parts.source;
  if (!parts.publisher_id.empty()) report["publisher"] = parts.publisher_id;
  std::map<std::string, int64_t> counts = {{"created", 0}, {"updated", 0}, {"unchanged", 0},
                                           {"draft", 0},   {"skipped", 0}, {"rejected", 0}};
  // Datasets of the file that share a dct:identifier under different IRIs: each is kept (a
  // dataset is its IRI), and each is flagged with the others' IRIs.
  std::map<std::string, std::vector<const Candidate*>> by_identifier;
  for (const auto& candidate : candidates) {
    if (candidate.source != nullptr && !candidate.source->identifier.empty())
      by_identifier[candidate.source->identifier].push_back(&candidate);
  }
  int64_t possible_duplicates = 0;
  for (auto& candidate : candidates) {
    if (candidate.source == nullptr || candidate.source->identifier.empty()) continue;
    const auto& namesakes = by_identifier[candidate.source->identifier];
    if (namesakes.size() < 2) continue;
    std::string others;
    size_t named = 0, more = 0;
    for (const Candidate* other : namesakes) {
      if (other == &candidate || other->source->iri == candidate.source->iri) continue;
      if (named++ < 5)
        others += (others.empty() ? "<" : ", <") + other->source->iri + ">";
      else
        ++more;
    }
    if (others.empty()) continue;
    if (more > 0) others += " and " + std::to_string(more) + " more";
    ++possible_duplicates;
    candidate.warnings.push_back(
        {"identifier", "possible duplicate: shares dct:identifier \"" +
                           candidate.source->identifier + "\" with " + others +
                           " in this file; each is kept under its own IRI"});
  }
  bj::array items;
  std::map<std::string, int64_t> missing_recommended;
  for (auto& candidate : candidates) {
    bj::object item;
    item["iri"] = candidate.source->iri;
    if (!candidate.source->identifier.empty()) item["identifier"] = candidate.source->identifier;
    item["title"] = std::move(candidate.title);
    std::string outcome = candidate.rejected.empty() ? candidate.outcome : "rejected";
    item["outcome"] = outcome;
    ++counts[outcome];
    if (!candidate.id.empty()) {
      item["id"] = candidate.id;
      item["slug"] = candidate.slug;
      if (outcome != "skipped") item["state"] = candidate.errors.empty() ? "published" : "draft";
    }
    if (candidate.source->minted_from) {
      item["iri_minted_from"] = *candidate.source->minted_from;
    }
    if (!candidate.skipped.empty()) item["reason"] = candidate.skipped;
    if (!candidate.rejected.empty()) {
      item["reason"] = candidate.rejected;
      item["errors"] = to_json(std::move(candidate.rejected_details));
    } else {
      item["errors"] = to_json(std::move(candidate.errors));
    }
    item["warnings"] = to_json(std::move(candidate.warnings));
    bj::array missing;
    for (auto& field : candidate.missing_recommended) {
      std::string general = without_indexes(field);
      ++missing_recommended[general];
      missing.push_back(bj::value(std::move(field)));
    }
    candidate.missing_recommended = {};
    item["missing_recommended"] = std::move(missing);
    items.push_back(std::move(item));
  }
  bj::object summary;
  summary["datasets"] = static_cast<int64_t>(candidates.size());
  for (const auto& [outcome, count] : counts) summary[outcome] = count;
  summary["organizations_created"] = static_cast<int64_t>(parts.organizations_created.size());
  summary["possible_duplicates"] = possible_duplicates;
  bj::object missing_counts;
  for (const auto& [field, count] : missing_recommended) missing_counts[field] = count;
  summary["missing_recommended"] = std::move(missing_counts);
  report["summary"] = std::move(summary);
  if (status == "failed") {
    report["message"] = std::to_string(parts.rejected) + " of " +
                        std::to_string(candidates.size() + services.size()) +
                        " datasets and data services were rejected, so nothing was written; fix "
                        "them, or import with partial to keep the others";
  } else if (status == "dry_run") {
    report["message"] = "a dry run: nothing was written";
  }
  report["organizations_created"] = parts.organizations_created;
  bj::array notes;
  for (const auto& note : parts.notes) notes.push_back(bj::value(note));
  if (candidates.empty()) notes.push_back("the file describes no dcat:Dataset");
  report["notes"] = std::move(notes);
  report["datasets"] = std::move(items);
  bj::array service_items;
  bj::object service_counts{{"created", 0}, {"updated", 0}, {"unchanged", 0}, {"rejected", 0}};
  for (auto& service : services) {
    bj::object item;
    item["iri"] = service.source.iri;
    item["title"] = title_of(service.source.body);
    item["outcome"] = service.outcome;
    service_counts[service.outcome] = service_counts[service.outcome].as_int64() + 1;
    if (!service.id.empty()) item["id"] = service.id;
    if (service.source.minted_from) item["iri_minted_from"] = *service.source.minted_from;
    if (!service.reason.empty()) item["reason"] = service.reason;
    item["errors"] = to_json(std::move(service.errors));
    item["warnings"] = to_json(std::move(service.warnings));
    service_items.push_back(std::move(item));
  }
  service_counts["total"] = static_cast<int64_t>(services.size());
  report["summary"].as_object()["data_services"] = std::move(service_counts);
  report["data_services"] = std::move(service_items);
  // Titles, IRIs and messages quote the file: none is kept whole, whatever the file held.
  bj::value clipped(std::move(report));
  json::clip_strings(clipped, kMaxReportString);
  return std::move(clipped.get_object());
}

}  // namespace samverka::catalog::importing
