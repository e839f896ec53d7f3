// SPDX-License-Identifier: Apache-2.0
#include "harvest/harvest_claims.h"

#include <map>
#include <memory>
#include <unordered_map>

#include "catalog/dataset/dataset_store.h"
#include "harvest/harvest_store.h"

namespace samverka::harvest {

namespace bj = boost::json;
using catalog::DatasetRecord;
using catalog::DatasetState;

namespace {

std::string in_quotes(const std::string& name) { return "\"" + name + "\""; }

// The top-level fields whose values differ, for "the source's values replaced: ...".
std::string changed_fields(const DatasetRecord& before, const DatasetRecord& after) {
  std::string fields;
  auto add = [&](std::string_view field) {
    fields += (fields.empty() ? "" : ", ") + std::string(field);
  };
  for (const auto& [key, value] : after.document) {
    const bj::value* old = before.document.if_contains(key);
    if (old == nullptr || *old != value) add(key);
  }
  for (const auto& [key, value] : before.document) {
    if (!after.document.contains(key)) add(key);
  }
  if (before.state != after.state) add("state");
  return fields;
}

struct RunState {
  HarvestSource source;
  std::string run_id;
  catalog::DatasetService* datasets;
  accounts::Principal harvester;
  WithdrawalRules rules;
  std::map<std::string, std::optional<HarvestSource>> others;  // other sources, looked up once
  std::unordered_map<std::string, catalog::StoredDataset> stored;
};

Result<std::optional<HarvestSource>> other_source(RunState& state, storage::Connection& connection,
                                                  const std::string& id) {
  auto found = state.others.find(id);
  if (found != state.others.end()) return found->second;
  auto source = TRY(harvest_store::find(connection, id));
  state.others.emplace(id, source);
  return source;
}

}  // namespace

catalog::ImportHooks claim_hooks(const HarvestSource& source, const std::string& run_id,
                                 catalog::DatasetService& datasets,
                                 const accounts::Principal& harvester, WithdrawalRules rules,
                                 std::unordered_map<std::string, catalog::StoredDataset> stored) {
  auto state = std::make_shared<RunState>(
      RunState{source, run_id, &datasets, harvester, rules, {}, std::move(stored)});
  catalog::ImportHooks hooks;

  hooks.before_replace =
      [state](storage::Connection& connection, const DatasetRecord& stored,
              std::vector<FieldError>& warnings) -> Result<std::optional<std::string>> {
    auto held = TRY(harvest_store::find_harvested(connection, stored.id));
    if (!held || held->source_id == state->source.id) return std::optional<std::string>();
    auto other = TRY(other_source(*state, connection, held->source_id));
    if (!other) return std::optional<std::string>();
    const int64_t mine = state->source.priority;
    if (other->priority >= mine) {
      return std::optional<std::string>(
          "the harvest source " + in_quotes(other->name) + " describes it too and keeps it: its " +
          "priority (" + std::to_string(other->priority) + ") is " +
          (other->priority > mine ? "higher than" : "the same as, and it came first,") +
          " this source's (" + std::to_string(mine) + ")");
    }
    warnings.push_back({"source", "taken over from the harvest source " + in_quotes(other->name) +
                                      ", whose priority (" + std::to_string(other->priority) +
                                      ") is lower than this source's (" + std::to_string(mine) +
                                      ")"});
    return std::optional<std::string>();
  };

  hooks.unchanged = [state](const std::string& iri) -> const catalog::StoredDataset* {
    auto found = state->stored.find(iri);
    return found == state->stored.end() ? nullptr : &found->second;
  };

  hooks.after_store = [state](storage::Connection& connection, const DatasetRecord* before,
                              const DatasetRecord& after, const std::string& fingerprint,
                              std::vector<FieldError>& warnings) -> Status {
    auto held = TRY(harvest_store::find_harvested(connection, after.id));
    if (before != nullptr && after.revision != before->revision) {
      if (held && held->source_id == state->source.id && held->revision != before->revision) {
        warnings.push_back(
            {"source", "edited in Samverka since the last harvest (revision " +
                           std::to_string(held->revision) + " to " +
                           std::to_string(before->revision) +
                           "); the source's values replaced: " + changed_fields(*before, after)});
      } else if (!held) {
        warnings.push_back({"source",
                            "was in the catalogue before this source brought it; the source's "
                            "values replaced: " +
                                changed_fields(*before, after)});
      }
    }
    const bj::value* iri = after.document.if_contains("iri");
    return harvest_store::put_harvested(
        connection,
        HarvestedDataset{after.id, state->source.id,
                         iri && iri->is_string() ? std::string(iri->get_string()) : std::string(),
                         after.revision, fingerprint, 0, state->run_id});
  };

  hooks.finish = [state](storage::Connection& connection,
                         const std::unordered_set<std::string>& iris, bj::object& report,
                         std::vector<std::string>& changed) -> Status {
    auto held = TRY(harvest_store::harvested_by(connection, state->source.id));
    // Missing from the file, and not withdrawn already.
    std::vector<std::pair<HarvestedDataset, DatasetRecord>> vanished;
    int64_t active = 0;
    for (HarvestedDataset& row : held) {
      if (iris.count(row.iri)) {
        ++active;
        continue;
      }
      auto record = TRY(catalog::dataset_store::find(connection, row.dataset_id));
      if (!record || record->state == DatasetState::kWithdrawn) continue;
      ++active;
      vanished.emplace_back(std::move(row), std::move(*record));
    }
    bj::object& summary = report["summary"].as_object();
    summary["vanished"] = static_cast<int64_t>(vanished.size());
    bj::array withdrawn;
    bj::array& notes = report["notes"].as_array();
    const auto count = static_cast<int64_t>(vanished.size());
    if (!state->rules.incomplete.empty()) {
      if (count > 0) {
        notes.push_back(bj::value(std::to_string(count) +
                                  " datasets this source brought were not read this time, and "
                                  "none was withdrawn: " +
                                  state->rules.incomplete));
      }
    } else if (count * 100 > int64_t{state->rules.max_vanished_percent} * active) {
      notes.push_back(bj::value(
          std::to_string(count) + " of the " + std::to_string(active) +
          " datasets this source brought are missing from it, more than " +
          std::to_string(state->rules.max_vanished_percent) +
          " %: none was withdrawn. If the source removed them on purpose, a sysadmin can raise "
          "harvest.max_vanished_percent or withdraw them by hand"));
    } else {
      for (auto& [row, record] : vanished) {
        int64_t missed = row.missed_runs + 1;
        if (missed < state->rules.after_runs) {
          TRY(harvest_store::set_missed_runs(connection, row.dataset_id, missed));
          continue;
        }
        TRY(harvest_store::set_missed_runs(connection, row.dataset_id, missed));
        if (!TRY(state->datasets->withdraw_in(connection, state->harvester, record))) continue;
        changed.push_back(record.id);
        withdrawn.push_back(bj::object{{"id", record.id}, {"iri", row.iri}});
      }
      if (count > static_cast<int64_t>(withdrawn.size())) {
        notes.push_back(bj::value(
            std::to_string(count - static_cast<int64_t>(withdrawn.size())) +
            " datasets missing from the source are kept until they have been missing from " +
            std::to_string(state->rules.after_runs) + " runs in a row"));
      }
    }
    summary["withdrawn"] = static_cast<int64_t>(withdrawn.size());
    report["withdrawn"] = std::move(withdrawn);
    return {};
  };
  return hooks;
}

}  // namespace samverka::harvest
