// SPDX-License-Identifier: Apache-2.0
#include <cstdio>

#include "core/clock.h"
#include "harvest/harvest_source.h"

namespace samverka::harvest {

namespace bj = boost::json;

bj::object to_json(const HarvestSource& source) {
  return bj::object{
      {"id", source.id},
      {"name", source.name},
      {"url", source.url},
      {"type", source.type},
      {"publisher", source.publisher_id ? bj::value(*source.publisher_id) : bj::value(nullptr)},
      {"schedule", source.schedule},
      {"enabled", source.enabled},
      {"priority", source.priority},
      {"created", source.created},
      {"modified", source.modified},
      {"revision", source.revision}};
}

bj::object to_json(const HarvestRun& run) {
  return bj::object{{"id", run.id},
                    {"source", run.source_id},
                    {"started", run.started},
                    {"finished", run.finished ? bj::value(*run.finished) : bj::value(nullptr)},
                    {"status", run.status},
                    {"message", run.message},
                    {"summary", run.summary},
                    {"report", "/api/v1/imports/" + run.id}};
}

namespace {

bool valid_schedule(const std::string& schedule) {
  int hours = 0, minutes = 0;
  char end = 0;
  if (schedule.rfind("daily ", 0) == 0) {
    return schedule.size() == 11 &&
           std::sscanf(schedule.c_str() + 6, "%2d:%2d%c", &hours, &minutes, &end) == 2 &&
           schedule[8] == ':' && hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60;
  }
  if (schedule.rfind("every ", 0) == 0) {
    char unit[8] = "";
    return std::sscanf(schedule.c_str() + 6, "%3d %7s%c", &hours, unit, &end) == 2 && hours >= 1 &&
           hours <= 168 &&
           (std::string(unit) == "hours" || (hours == 1 && std::string(unit) == "hour"));
  }
  return false;
}

}  // namespace

Result<CheckedSource> check_source(const bj::value& body, const HarvestSource& base) {
  if (!body.is_object())
    return make_error(ErrorCode::kBadRequest, "the body must be a JSON object");
  CheckedSource checked;
  checked.source = base;
  HarvestSource& source = checked.source;
  std::vector<FieldError> errors;
  auto text = [&](const char* field, const bj::value& value,
                  size_t max) -> std::optional<std::string> {
    if (!value.is_string() || value.get_string().empty() || value.get_string().size() > max) {
      errors.push_back({field, "must be a text of 1 to " + std::to_string(max) + " characters"});
      return std::nullopt;
    }
    return std::string(value.get_string());
  };
  for (const auto& [key, value] : body.get_object()) {
    if (key == "name") {
      if (auto name = text("name", value, 200)) source.name = *name;
    } else if (key == "url") {
      if (auto url = text("url", value, 2000)) {
        if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
          errors.push_back({"url", "must be an http or https URL"});
        else if (url->find_first_of(" \t\r\n") != std::string::npos)
          errors.push_back({"url", "must not hold spaces or line breaks"});
        else if (url->substr(0, url->find_first_of("/?#", url->find("//") + 2)).find('@') !=
                 std::string::npos)
          errors.push_back({"url", "must not hold a user name or password: sources are public"});
        else
          source.url = *url;
      }
    } else if (key == "type") {
      if (!value.is_string() || (value.get_string() != "dcat" && value.get_string() != "ckan" &&
                                 value.get_string() != "datajson"))
        errors.push_back({"type",
                          "must be dcat (DCAT-AP RDF), ckan (a CKAN portal's Action API) or "
                          "datajson (a DCAT-US data.json); csw is not yet read"});
      else
        source.type = std::string(value.get_string());
    } else if (key == "publisher") {
      checked.publisher_given = true;
      if (value.is_null()) {
        checked.publisher.reset();
      } else if (auto publisher = text("publisher", value, 200)) {
        checked.publisher = *publisher;
      }
    } else if (key == "schedule") {
      if (auto schedule = text("schedule", value, 40)) {
        if (valid_schedule(*schedule))
          source.schedule = *schedule;
        else
          errors.push_back(
              {"schedule", "must be \"daily HH:MM\" (UTC) or \"every N hours\" (1 to 168)"});
      }
    } else if (key == "enabled") {
      if (value.is_bool())
        source.enabled = value.get_bool();
      else
        errors.push_back({"enabled", "must be true or false"});
    } else if (key == "priority") {
      if (value.is_int64() && value.get_int64() >= -1000 && value.get_int64() <= 1000)
        source.priority = value.get_int64();
      else
        errors.push_back({"priority", "must be a whole number from -1000 to 1000"});
    } else if (key == "id" || key == "created" || key == "modified" || key == "revision") {
      // read-only fields, as GET gives them: ignored
    } else {
      errors.push_back({std::string(key), "unknown field"});
    }
  }
  if (source.name.empty() && !body.get_object().contains("name"))
    errors.push_back({"name", "is required"});
  if (source.url.empty() && !body.get_object().contains("url"))
    errors.push_back({"url", "is required"});
  if (!errors.empty())
    return make_error(ErrorCode::kValidation, "the harvest source is not valid", std::move(errors));
  return checked;
}
}  // namespace samverka::harvest
