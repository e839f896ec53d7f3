// SPDX-License-Identifier: Apache-2.0
#include "datastore/datastore_api.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <fstream>

#include "accounts/accounts_api.h"
#include "core/text.h"
#include "http/json_api.h"
#include "http/problem.h"
#include "jobs/jobs_api.h"

namespace samverka::datastore {

namespace bj = boost::json;
namespace fs = std::filesystem;
using http::Request;
using http::Response;

namespace {

Result<LoadOptions> load_options(const Request& request) {
  LoadOptions options;
  if (auto delimiter = request.query_param("delimiter"))
    options.hints.delimiter = TRY(parse_delimiter(*delimiter, "delimiter"));
  if (auto encoding = request.query_param("encoding")) options.hints.encoding = *encoding;
  if (request.query_param("header"))
    options.hints.header = TRY(http::flag_param(request, "header"));
  if (auto types = request.query_param("types")) options.types = TRY(parse_types(*types, "types"));
  options.file_name = request.query_param("file_name").value_or("upload");
  return options;
}

QueryText query_text(const Request& request) {
  QueryText text;
  text.select = request.query_param("select").value_or("");
  text.where = request.query_param("where").value_or("");
  text.order = request.query_param("order").value_or("");
  text.group = request.query_param("group").value_or("");
  text.having = request.query_param("having").value_or("");
  text.q = request.query_param("q").value_or("");
  return text;
}

// A cell of a CSV answer.
std::string csv_cell(const Value& value, ColumnType type) {
  return csv_field(value_text(value, type));
}

bj::array fields_json(const std::vector<ResultColumn>& columns) {
  bj::array fields;
  for (const ResultColumn& column : columns)
    fields.push_back(bj::object{{"name", column.name}, {"type", type_name(column.type)}});
  return fields;
}

bj::object info_json(const TableInfo& info) {
  bj::array fields;
  for (const TableColumn& column : info.columns) {
    bj::object field{
        {"name", column.name}, {"type", type_name(column.type)}, {"indexed", column.indexed}};
    if (!column.title.empty()) field["title"] = column.title;
    if (!column.description.empty()) field["description"] = column.description;
    fields.push_back(std::move(field));
  }
  bj::value source = bj::object();
  if (auto parsed = bj::parse(info.source.empty() ? "{}" : info.source); parsed.is_object())
    source = std::move(parsed);
  return bj::object{{"distribution", info.distribution_id},
                    {"dataset", info.dataset_id},
                    {"rows", info.rows},
                    {"loaded", info.loaded},
                    {"fields", std::move(fields)},
                    {"source", std::move(source)},
                    {"query", "/api/v1/datastore/" + info.distribution_id}};
}

// The table as its CSV answer gives it, as a Frictionless Table Schema: _id first (the
// primary key), then the columns with their titles and descriptions.
bj::object table_schema(const TableInfo& info) {
  bj::array fields;
  fields.push_back(bj::object{{"name", "_id"},
                              {"type", "integer"},
                              {"constraints", bj::object{{"required", true}, {"unique", true}}}});
  for (const TableColumn& column : info.columns) {
    bj::object field{{"name", column.name}, {"type", table_schema_type(column.type)}};
    if (!column.title.empty()) field["title"] = column.title;
    if (!column.description.empty()) field["description"] = column.description;
    fields.push_back(std::move(field));
  }
  return bj::object{{"fields", std::move(fields)}, {"primaryKey", bj::array{"_id"}}};
}

}  // namespace

void register_datastore_routes(http::Router& router, DatastoreApi& api) {
  router.add("POST", "/api/v1/distributions/{id}/datastore", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    std::string content_type(request.header("content-type"));
    content_type = text::ascii_lower(content_type.substr(0, content_type.find(';')));
    std::string id(request.param("id"));
    // {"from": "download_url"}: the job fetches the distribution's own file.
    if (content_type == "application/json") {
      auto body = http::json_body(request);
      if (!body.ok()) return http::problem(body.error());
      const bj::value* from = body->is_object() ? body->as_object().if_contains("from") : nullptr;
      if (from == nullptr || *from != bj::value("download_url") || body->as_object().size() != 1) {
        return http::problem(
            make_error(ErrorCode::kValidation,
                       "a JSON body is {\"from\": \"download_url\"}; send a file as text/csv",
                       {{"from", "must be \"download_url\""}}));
      }
      auto options = load_options(request);
      if (!options.ok()) return http::problem(options.error());
      auto job = api.datastore.start_load_from_url(principal.value(), id, options.value());
      if (!job.ok()) return http::problem(job.error());
      Response response = http::json_response(202, bj::value(jobs::to_json(job.value())));
      response.set_header("Location", "/api/v1/jobs/" + job->id);
      return response;
    }
    static const char* const kTextTypes[] = {"text/csv", "text/tab-separated-values", "text/plain",
                                             "application/octet-stream", "application/csv"};
    bool accepted = content_type.empty();
    for (const char* type : kTextTypes) accepted = accepted || content_type == type;
    if (!accepted) {
      return http::problem(
          make_error(ErrorCode::kUnsupportedMediaType,
                     "the datastore loads CSV and TSV files sent as the body (text/csv, "
                     "text/tab-separated-values), not " +
                         text::truncated(content_type, 80)));
    }
    auto options = load_options(request);
    if (!options.ok()) return http::problem(options.error());
    if (request.body.empty())
      return http::problem(make_error(ErrorCode::kBadRequest, "the body is empty: send the file"));
    // Rights first: an upload nobody may load is not written anywhere.
    auto located = api.datastore.locate(principal.value(), id);
    if (!located.ok()) return http::problem(located.error());
    fs::path upload = api.datastore.upload_path();
    std::error_code error;
    fs::create_directories(upload.parent_path(), error);
    {
      std::ofstream out(upload, std::ios::binary);
      out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
      if (!out) {
        fs::remove(upload, error);
        return http::problem(make_error(ErrorCode::kInternal, "the upload could not be stored"));
      }
    }
    auto job = api.datastore.start_load(principal.value(), id, upload, options.value());
    if (!job.ok()) {
      fs::remove(upload, error);
      return http::problem(job.error());
    }
    Response response = http::json_response(202, bj::value(jobs::to_json(job.value())));
    response.set_header("Location", "/api/v1/jobs/" + job->id);
    return response;
  });

  router.add("GET", "/api/v1/distributions/{id}/datastore", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto info = api.datastore.info(principal.value(), std::string(request.param("id")));
    if (!info.ok()) return http::problem(info.error());
    return http::json_response(200, bj::value(info_json(info.value())));
  });

  router.add("PATCH", "/api/v1/distributions/{id}/datastore", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto body = http::json_body(request);
    if (!body.ok()) return http::problem(body.error());
    auto info =
        api.datastore.describe(principal.value(), std::string(request.param("id")), body.value());
    if (!info.ok()) return http::problem(info.error());
    return http::json_response(200, bj::value(info_json(info.value())));
  });

  router.add(
      "DELETE", "/api/v1/distributions/{id}/datastore", [&api](Request& request) -> Response {
        auto principal = accounts::principal_of(api.accounts, request);
        if (!principal.ok()) return http::problem(principal.error());
        Status removed = api.datastore.remove(principal.value(), std::string(request.param("id")));
        if (!removed.ok()) return http::problem(removed.error());
        return http::no_content();
      });

  router.add("GET", "/api/v1/datastore/{id}/schema", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    auto info = api.datastore.info(principal.value(), std::string(request.param("id")));
    if (!info.ok()) return http::problem(info.error());
    Response response = http::json_response(200, bj::value(table_schema(info.value())));
    response.content_type = "application/schema+json";
    return response;
  });

  router.add("GET", "/api/v1/datastore/{id}/datapackage", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    std::string id(request.param("id"));
    auto info = api.datastore.info(principal.value(), id);
    if (!info.ok()) return http::problem(info.error());
    // The rows as the CSV answer gives them (UTF-8, ",", a header, decimals with a point).
    bj::object resource{{"name", "rows"},
                        {"path", api.base_url + "/api/v1/datastore/" + text::percent_encode(id) +
                                     ".csv?limit=" + std::to_string(api.max_rows)},
                        {"format", "csv"},
                        {"mediatype", "text/csv"},
                        {"encoding", "utf-8"},
                        {"schema", table_schema(info.value())}};
    if (info->rows > api.max_rows) {
      resource["description"] = "The first " + std::to_string(api.max_rows) + " of " +
                                std::to_string(info->rows) +
                                " rows; page through the rest with offset.";
    }
    std::string name = text::ascii_lower(id);
    Response response = http::json_response(
        200, bj::value(bj::object{{"name", name},
                                  {"resources", bj::array{bj::value(std::move(resource))}}}));
    response.content_type = "application/json";
    return response;
  });

  router.add("GET", "/api/v1/datastore/{file}", [&api](Request& request) -> Response {
    auto principal = accounts::principal_of(api.accounts, request);
    if (!principal.ok()) return http::problem(principal.error());
    std::string file(request.param("file"));
    std::string format = "json";
    if (file.ends_with(".csv")) {
      format = "csv";
      file.resize(file.size() - 4);
    } else if (file.ends_with(".json")) {
      file.resize(file.size() - 5);
    } else if (request.header("accept").find("text/csv") != std::string_view::npos) {
      format = "csv";
    }
    QueryText text = query_text(request);
    auto limit = http::integer_param(request, "limit", 0, std::numeric_limits<int32_t>::max());
    auto offset = http::integer_param(request, "offset", 0, std::numeric_limits<int32_t>::max());
    auto cursor = http::integer_param(request, "cursor", 0, std::numeric_limits<int64_t>::max());
    auto total = http::flag_param(request, "total");
    if (!limit.ok()) return http::problem(limit.error());
    if (!offset.ok()) return http::problem(offset.error());
    if (!cursor.ok()) return http::problem(cursor.error());
    if (!total.ok()) return http::problem(total.error());
    text.limit = limit->value_or(100);
    text.offset = offset->value_or(0);
    text.after = cursor.value();
    if (format == "csv") {
      std::string body;
      Status written = api.datastore.each_row(
          principal.value(), file, text,
          [&body](const std::vector<ResultColumn>& columns) {
            for (size_t index = 0; index < columns.size(); ++index)
              body += (index ? "," : "") + csv_cell(Value(columns[index].name), ColumnType::kText);
            body += "\r\n";
          },
          [&body](const std::vector<ResultColumn>& columns, std::vector<Value>& row) -> Status {
            for (size_t index = 0; index < row.size(); ++index) {
              if (index > 0) body += ',';
              body += csv_cell(row[index], columns[index].type);
            }
            body += "\r\n";
            return {};
          });
      if (!written.ok()) return http::problem(written.error());
      Response response;
      response.content_type = "text/csv; charset=utf-8";
      response.body = std::move(body);
      return response;
    }
    auto result = api.datastore.query(principal.value(), file, text, total.value());
    if (!result.ok()) return http::problem(result.error());
    bj::array records;
    for (const auto& row : result->rows) {
      bj::object record;
      for (size_t index = 0; index < row.size(); ++index)
        record[result->columns[index].name] = value_json(row[index], result->columns[index].type);
      records.push_back(std::move(record));
    }
    bj::object body{{"fields", fields_json(result->columns)},
                    {"records", std::move(records)},
                    {"limit", result->limit},
                    {"offset", result->offset}};
    if (result->total) body["total"] = *result->total;
    if (result->next_after) {
      std::string next = "/api/v1/datastore/" + file + "?limit=" + std::to_string(result->limit) +
                         "&cursor=" + std::to_string(*result->next_after);
      for (const char* key : {"select", "where", "q"}) {
        if (auto value = request.query_param(key); value && !value->empty())
          next += std::string("&") + key + "=" + text::percent_encode(*value);
      }
      body["next"] = next;
    }
    return http::json_response(200, bj::value(std::move(body)));
  });
}

}  // namespace samverka::datastore
