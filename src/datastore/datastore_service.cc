// SPDX-License-Identifier: Apache-2.0
#include "datastore/datastore_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <limits>
#include <mutex>
#include <set>

#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "datastore/csv_parser.h"
#include "datastore/text_decoder.h"

namespace samverka::datastore {

namespace bj = boost::json;
namespace fs = std::filesystem;
using accounts::Principal;

namespace {

constexpr size_t kSampleBytes = 64 * 1024;
constexpr size_t kPiece = 256 * 1024;
constexpr size_t kNameBytes = 200;
constexpr size_t kMaxColumns = 1000;
constexpr size_t kErrorsListed = 100;

// Reads a file in pieces through the decoder and the parser; `row` gets every record.
Status read_rows(const fs::path& file, const CsvDialect& dialect, size_t max_row_bytes,
                 const CsvParser::OnRow& row, const std::function<Status(int64_t bytes)>& step) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(ErrorCode::kInternal, "cannot read the uploaded file");
  TextDecoder decoder = TRY(TextDecoder::open(dialect.encoding));
  CsvParser parser(dialect.delimiter, max_row_bytes, row);
  std::string piece(kPiece, '\0');
  std::string text;
  int64_t read = 0;
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    read += static_cast<int64_t>(got);
    text.clear();
    TRY(decoder.decode(std::string_view(piece.data(), got), text));
    TRY(parser.feed(text));
    TRY(step(read));
  }
  TRY(decoder.finish());
  return parser.finish();
}

// Column names from a header row: trimmed, none empty, none twice.
std::vector<std::string> names_of(const CsvRow& header) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (size_t index = 0; index < header.cells.size(); ++index) {
    std::string name = header.cells[index] ? *header.cells[index] : "";
    size_t start = name.find_first_not_of(" \t");
    size_t end = name.find_last_not_of(" \t");
    name = start == std::string::npos ? "" : name.substr(start, end - start + 1);
    if (name.size() > kNameBytes) name = text::truncated(name, kNameBytes);
    std::replace(name.begin(), name.end(), '`', '\'');  // the query language quotes with `
    if (name.empty() || name == "_id") name = "column_" + std::to_string(index + 1);
    std::string unique = name;
    for (int suffix = 2; seen.count(unique); ++suffix) unique = name + "_" + std::to_string(suffix);
    seen.insert(unique);
    names.push_back(unique);
  }
  return names;
}

bj::object error_json(int64_t line, const std::string& message) {
  return bj::object{{"line", line}, {"message", message}};
}

const char* delimiter_name(char delimiter) {
  switch (delimiter) {
    case '\t':
      return "tab";
    case ';':
      return ";";
    case '|':
      return "|";
    default:
      return ",";
  }
}

}  // namespace

std::string value_text(const Value& value, ColumnType type) {
  if (const auto* real = std::get_if<double>(&value)) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, *real);
    return error == std::errc() ? std::string(buffer, end) : std::to_string(*real);
  }
  if (const auto* number = std::get_if<int64_t>(&value)) {
    if (type == ColumnType::kBoolean) return *number != 0 ? "true" : "false";
    return std::to_string(*number);
  }
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* text = std::get_if<std::string>(&value)) return text::valid_utf8(*text);
  return "";
}

std::string csv_field(std::string text, char delimiter) {
  if (text.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

bj::value value_json(const Value& value, ColumnType type) {
  if (const auto* number = std::get_if<int64_t>(&value)) {
    if (type == ColumnType::kBoolean) return bj::value(*number != 0);
    return bj::value(*number);
  }
  if (const auto* real = std::get_if<double>(&value)) return bj::value(*real);
  if (const auto* flag = std::get_if<bool>(&value)) return bj::value(*flag);
  if (const auto* text = std::get_if<std::string>(&value))
    return bj::value(text::valid_utf8(*text));
  return nullptr;
}

Result<std::map<std::string, ColumnType>> parse_types(const std::string& text,
                                                      const std::string& parameter) {
  std::map<std::string, ColumnType> types;
  size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    size_t colon = item.rfind(':');
    auto type = colon == std::string::npos ? std::nullopt : type_from_name(item.substr(colon + 1));
    if (!type || colon == 0) {
      return make_error(ErrorCode::kBadRequest,
                        parameter +
                            " is a list of name:type, with integer, decimal, boolean, date, "
                            "timestamp or text: not '" +
                            text::truncated(text::valid_utf8(item), 60) + "'",
                        {{parameter, "name:type, ..."}});
    }
    types[item.substr(0, colon)] = *type;
    start = end + 1;
  }
  return types;
}

Result<char> parse_delimiter(const std::string& text, const std::string& parameter) {
  if (text == "tab" || text == "\t") return '\t';
  if (text == "," || text == ";" || text == "|") return text[0];
  return make_error(ErrorCode::kBadRequest, parameter + " is one of , ; | tab",
                    {{parameter, "one of , ; | tab"}});
}

DatastoreService::DatastoreService(DatastoreSettings settings, catalog::DatasetService& datasets,
                                   catalog::SearchService& search)
    : settings_(std::move(settings)), datasets_(datasets), search_(search) {}

void DatastoreService::run_jobs_on(jobs::JobService& jobs) {
  jobs_ = &jobs;
  jobs.register_type("datastore_load",
                     jobs::JobType{[this](jobs::JobContext& context) { return run_job(context); },
                                   /*restartable=*/true});
}

fs::path DatastoreService::table_path(const Located& located) const {
  return settings_.folder / located.dataset.id / (located.distribution_id + ".sqlite");
}

fs::path DatastoreService::upload_path() const {
  return settings_.folder / "uploads" / (ids::new_uuid() + ".upload");
}

namespace {

// Distribution ids become file names: letters, digits, - and _ only.
bool plain_id(const std::string& id) {
  if (id.empty() || id.size() > 200) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

bool holds(const catalog::DatasetRecord& record, const std::string& distribution_id) {
  const bj::value* distributions = record.document.if_contains("distributions");
  if (distributions == nullptr || !distributions->is_array()) return false;
  for (const bj::value& item : distributions->get_array()) {
    const bj::value* id = item.is_object() ? item.get_object().if_contains("id") : nullptr;
    if (id && id->is_string() && id->get_string() == distribution_id) return true;
  }
  return false;
}

Error no_distribution(const std::string& distribution_id) {
  return make_error(
      ErrorCode::kNotFound,
      "no distribution '" + text::truncated(text::valid_utf8(distribution_id), 80) + "'");
}

}  // namespace

Result<Located> DatastoreService::locate(const Principal& principal,
                                         const std::string& distribution_id) {
  if (!plain_id(distribution_id)) return no_distribution(distribution_id);
  // Found through the index. A table belongs to its dataset and distribution together (its
  // file is datastore/{dataset}/{distribution}.sqlite), so a dataset that lists another's
  // distribution id never reaches that dataset's table; two that both list it are refused.
  catalog::SearchRequest search;
  search.type = "dataset";
  search.condition =
      search::Condition::leaf(search::Condition::Kind::kTerm, "distribution", distribution_id);
  search.facets.clear();
  search.limit = 2;
  auto found = TRY(search_.find(principal, search));
  if (found.hits.empty()) return no_distribution(distribution_id);
  if (found.hits.size() > 1) {
    return make_error(ErrorCode::kConflict, "two datasets list the distribution '" +
                                                distribution_id +
                                                "': give each distribution an id of its own");
  }
  return locate_in(principal, found.hits.front().id, distribution_id);
}

Result<Located> DatastoreService::locate_in(const Principal& principal,
                                            const std::string& dataset_id,
                                            const std::string& distribution_id) {
  if (!plain_id(distribution_id)) return no_distribution(distribution_id);
  catalog::DatasetView view = TRY(datasets_.get(principal, dataset_id));
  if (!holds(view.record, distribution_id)) return no_distribution(distribution_id);
  return Located{distribution_id, std::move(view.record)};
}

Result<std::optional<QueryResult>> DatastoreService::preview(const catalog::DatasetRecord& record,
                                                             const std::string& distribution_id,
                                                             int64_t rows) {
  if (!plain_id(distribution_id) || !holds(record, distribution_id))
    return std::optional<QueryResult>();
  Located located{distribution_id, record};
  auto reader = TRY(TableReader::open(table_path(located)));
  if (!reader) return std::optional<QueryResult>();
  QueryText first;
  first.limit = rows;
  Compiled compiled = TRY(compile(reader->info(), first));
  QueryResult result;
  result.columns = compiled.columns;
  result.limit = rows;
  result.total = reader->info().rows;
  TRY(reader->run(compiled.query, settings_.limits, [&result](std::vector<Value>& row) -> Status {
    result.rows.push_back(row);
    return {};
  }));
  return std::optional<QueryResult>(std::move(result));
}

Status DatastoreService::may_load(const Principal& principal, const Located& located) const {
  if (!principal.authenticated() && !principal.sysadmin)
    return make_error(ErrorCode::kUnauthenticated, "sign in to load data into the datastore");
  if (!principal.sysadmin &&
      !principal.at_least(located.dataset.publisher_id, accounts::Role::kEditor)) {
    return make_error(ErrorCode::kForbidden,
                      "only editors of the dataset's publisher load its distributions' tables");
  }
  return {};
}

Result<jobs::Job> DatastoreService::start_load(const Principal& principal,
                                               const std::string& distribution_id,
                                               const fs::path& upload, const LoadOptions& options) {
  Located located = TRY(locate(principal, distribution_id));
  TRY(may_load(principal, located));
  return submit_load(principal, located, upload.filename().string(), "", options);
}

Result<jobs::Job> DatastoreService::start_load_from_url(const Principal& principal,
                                                        const std::string& distribution_id,
                                                        const LoadOptions& options) {
  Located located = TRY(locate(principal, distribution_id));
  TRY(may_load(principal, located));
  std::string url;
  if (const bj::value* distributions = located.dataset.document.if_contains("distributions");
      distributions && distributions->is_array()) {
    for (const bj::value& item : distributions->get_array()) {
      if (!item.is_object() || item.get_object().if_contains("id") == nullptr ||
          item.get_object().at("id") != bj::value(distribution_id))
        continue;
      const bj::value* downloads = item.get_object().if_contains("download_urls");
      if (downloads && downloads->is_array() && !downloads->get_array().empty() &&
          downloads->get_array()[0].is_string())
        url = std::string(downloads->get_array()[0].get_string());
    }
  }
  if (url.empty()) {
    return make_error(ErrorCode::kValidation,
                      "the distribution has no download URL to load from: send the file",
                      {{"from", "no download URL"}});
  }
  return submit_load(principal, located, upload_path().filename().string(), url, options);
}

Result<jobs::Job> DatastoreService::submit_load(const Principal& principal, const Located& located,
                                                const std::string& upload, const std::string& from,
                                                const LoadOptions& options) {
  if (jobs_ == nullptr) return make_error(ErrorCode::kUnavailable, "loads are not available");
  bj::object hints;
  if (options.hints.encoding) hints["encoding"] = *options.hints.encoding;
  if (options.hints.delimiter) hints["delimiter"] = std::string(1, *options.hints.delimiter);
  if (options.hints.header) hints["header"] = *options.hints.header;
  bj::object types;
  for (const auto& [name, type] : options.types) types[name] = type_name(type);
  bj::object parameters{{"distribution", located.distribution_id},
                        {"dataset", located.dataset.id},
                        {"upload", upload},
                        {"file_name", from.empty() ? options.file_name : from},
                        {"hints", std::move(hints)},
                        {"types", std::move(types)}};
  if (!from.empty()) parameters["from"] = from;
  jobs::NewJob job;
  job.type = "datastore_load";
  job.organization_id = located.dataset.publisher_id;
  job.parameters = bj::serialize(parameters);
  return jobs_->submit(principal, std::move(job));
}

Result<std::string> DatastoreService::run_job(jobs::JobContext& context) {
  bj::value parameters = TRY(json::parse(context.job().parameters));
  if (!parameters.is_object())
    return make_error(ErrorCode::kInternal, "a datastore load's parameters are not an object");
  const bj::object& object = parameters.get_object();
  auto text_of = [&object](const char* key) {
    const bj::value* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  fs::path upload = settings_.folder / "uploads" / fs::path(text_of("upload")).filename();
  struct RemoveUpload {
    fs::path path;
    jobs::JobContext& context;
    ~RemoveUpload() {
      if (context.requeued()) return;  // the next start reads it again
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  } remove_upload{upload, context};
  LoadOptions options;
  options.file_name = text_of("file_name");
  if (const bj::value* hints = object.if_contains("hints"); hints && hints->is_object()) {
    const bj::object& given = hints->get_object();
    if (const bj::value* encoding = given.if_contains("encoding");
        encoding && encoding->is_string())
      options.hints.encoding = std::string(encoding->get_string());
    if (const bj::value* delimiter = given.if_contains("delimiter");
        delimiter && delimiter->is_string() && delimiter->get_string().size() == 1)
      options.hints.delimiter = delimiter->get_string()[0];
    if (const bj::value* header = given.if_contains("header"); header && header->is_bool())
      options.hints.header = header->get_bool();
  }
  if (const bj::value* types = object.if_contains("types"); types && types->is_object()) {
    for (const auto& [name, type] : types->get_object()) {
      if (auto known = type.is_string() ? type_from_name(type.get_string()) : std::nullopt)
        options.types[std::string(name)] = *known;
    }
  }
  // The job runs for the editor who started it; the dataset is looked up as the system.
  Principal system;
  system.sysadmin = true;
  Located located = TRY(locate_in(system, text_of("dataset"), text_of("distribution")));
  if (std::string from = text_of("from"); !from.empty()) {
    context.progress(0, 0, "fetch");
    net::Fetched fetched = TRY(net::fetch(from, settings_.fetch));
    std::error_code error;
    fs::create_directories(upload.parent_path(), error);
    std::ofstream out(upload, std::ios::binary);
    out.write(fetched.body.data(), static_cast<std::streamsize>(fetched.body.size()));
    if (!out) return make_error(ErrorCode::kInternal, "the fetched file could not be stored");
  }
  auto result = load(
      located, upload, options,
      [&context](int64_t done, int64_t total, const std::string& stage) {
        context.progress(done, total, stage);
      },
      [&context] { return context.cancelled() || context.stopping(); });
  if (!result.ok() && context.stopping() && !context.cancelled())
    context.requeue("the server stopped");
  if (!result.ok()) return std::move(result).error();
  return bj::serialize(result.value());
}

Result<bj::object> DatastoreService::load(const Located& located, const fs::path& file,
                                          const LoadOptions& options, const LoadProgress& progress,
                                          const std::function<bool()>& cancelled) {
  std::error_code error;
  auto size = static_cast<int64_t>(fs::file_size(file, error));
  if (error) return make_error(ErrorCode::kNotFound, "cannot read " + file.filename().string());
  if (size == 0) return make_error(ErrorCode::kValidation, "the file is empty");
  std::string sample(kSampleBytes, '\0');
  {
    std::ifstream in(file, std::ios::binary);
    in.read(sample.data(), static_cast<std::streamsize>(sample.size()));
    sample.resize(static_cast<size_t>(in.gcount()));
  }
  CsvDialect dialect = TRY(sniff(sample, static_cast<size_t>(size) <= kSampleBytes, options.hints));

  // First pass: the names, every column's type, the rows that do not fit.
  std::vector<std::string> names;
  std::vector<TypeGuess> guesses;
  bj::array errors;
  int64_t error_count = 0;
  int64_t rows = 0;
  auto over_budget = [&]() -> Status {
    if (error_count <= settings_.error_budget) return {};
    return make_error(
        ErrorCode::kValidation,
        "more than " + std::to_string(settings_.error_budget) +
            " rows could not be read (the first: line " +
            std::to_string(errors.empty() ? 0 : errors[0].at("line").as_int64()) + ", " +
            (errors.empty() ? std::string() : std::string(errors[0].at("message").as_string())) +
            "); nothing was loaded");
  };
  auto note = [&](int64_t line, std::string message) -> Status {
    ++error_count;
    if (errors.size() < kErrorsListed) errors.push_back(error_json(line, message));
    return over_budget();
  };
  auto step = [&](const char* stage) {
    return [&, stage](int64_t bytes) -> Status {
      if (cancelled && cancelled())
        return make_error(ErrorCode::kUnavailable,
                          "the load was cancelled; the table is as it was");
      if (progress) progress(bytes, size, stage);
      return {};
    };
  };
  bool first = true;
  TRY(read_rows(
      file, dialect, settings_.max_row_bytes,
      [&](CsvRow& row) -> Status {
        if (first) {
          first = false;
          if (row.cells.size() > kMaxColumns) {
            return make_error(ErrorCode::kValidation, "line " + std::to_string(row.line) + ": " +
                                                          std::to_string(row.cells.size()) +
                                                          " columns; at most " +
                                                          std::to_string(kMaxColumns));
          }
          if (dialect.header) {
            names = names_of(row);
            guesses.resize(names.size());
            return {};
          }
          CsvRow numbered;
          numbered.cells.resize(row.cells.size());
          names = names_of(numbered);
          guesses.resize(names.size());
        }
        if (row.cells.size() != names.size()) {
          return note(row.line, std::to_string(row.cells.size()) + " cells where there are " +
                                    std::to_string(names.size()) + " columns");
        }
        for (size_t index = 0; index < names.size(); ++index)
          if (row.cells[index]) guesses[index].see(*row.cells[index]);
        ++rows;
        return {};
      },
      step("read")));
  if (names.empty()) return make_error(ErrorCode::kValidation, "the file has no rows");

  TableInfo info;
  info.distribution_id = located.distribution_id;
  info.dataset_id = located.dataset.id;
  std::set<std::string> typed;
  for (size_t index = 0; index < names.size(); ++index) {
    TableColumn column;
    column.name = names[index];
    column.type = guesses[index].type();
    column.mark = guesses[index].decimal_mark();
    if (auto given = options.types.find(column.name); given != options.types.end()) {
      column.type = given->second;
      typed.insert(column.name);
    }
    column.indexed = column.type == ColumnType::kInteger || column.type == ColumnType::kDate ||
                     column.type == ColumnType::kTimestamp;
    info.columns.push_back(std::move(column));
  }
  for (const auto& [name, _] : options.types) {
    if (!typed.count(name)) {
      return make_error(ErrorCode::kValidation,
                        "types: the file has no column '" + text::truncated(name, 80) + "'",
                        {{"types", "unknown column"}});
    }
  }

  // Second pass: the rows, typed, into a table built beside the old one.
  TableBuilder builder = TRY(TableBuilder::create(table_path(located), info));
  std::vector<Value> values(info.columns.size());
  int64_t stored = 0;
  bool first_again = true;
  TRY(read_rows(
      file, dialect, settings_.max_row_bytes,
      [&](CsvRow& row) -> Status {
        if (first_again) {
          first_again = false;
          if (dialect.header) return {};
        }
        if (row.cells.size() != info.columns.size()) return {};  // noted in the first pass
        for (size_t index = 0; index < info.columns.size(); ++index) {
          const TableColumn& column = info.columns[index];
          const std::optional<std::string>& cell = row.cells[index];
          if (!cell || (column.type != ColumnType::kText && is_missing_marker(*cell))) {
            values[index] = Value();
            continue;
          }
          auto value = parse_value(*cell, column.type, column.mark);
          if (!value) {
            return note(row.line, "'" + text::truncated(text::valid_utf8(*cell), 60) + "' in " +
                                      column.name + " is not " +
                                      (column.type == ColumnType::kInteger ? "an " : "a ") +
                                      type_name(column.type) + "; the row was passed over");
          }
          values[index] = std::move(*value);
        }
        ++stored;
        return builder.add(values);
      },
      step("store")));
  if (progress) progress(size, size, "index");
  bj::object source{
      {"file", options.file_name},    {"bytes", size},
      {"encoding", dialect.encoding}, {"delimiter", delimiter_name(dialect.delimiter)},
      {"header", dialect.header},     {"rows_passed_over", error_count}};
  {
    // The data dictionary's words stay with the columns that keep their names: read from the
    // table being replaced at the moment it is replaced.
    std::lock_guard<std::mutex> lock(tables_mutex_);
    if (auto old = TableReader::open(table_path(located)); old.ok() && *old)
      builder.keep_words((*old)->info().columns);
    TRY(builder.commit(stored, bj::serialize(source)));
  }
  bj::array columns;
  for (const TableColumn& column : info.columns)
    columns.push_back(bj::object{{"name", column.name}, {"type", type_name(column.type)}});
  return bj::object{{"distribution", located.distribution_id},
                    {"rows", stored},
                    {"columns", std::move(columns)},
                    {"encoding", dialect.encoding},
                    {"delimiter", delimiter_name(dialect.delimiter)},
                    {"header", dialect.header},
                    {"rows_passed_over", error_count},
                    {"errors", std::move(errors)}};
}

Result<TableReader> DatastoreService::open_table(const Principal& principal,
                                                 const std::string& distribution_id) {
  Located located = TRY(locate(principal, distribution_id));
  auto reader = TRY(TableReader::open(table_path(located)));
  if (!reader) {
    return make_error(ErrorCode::kNotFound,
                      "distribution '" + distribution_id +
                          "' has no table in the datastore: its publisher has not loaded one");
  }
  return std::move(*reader);
}

Result<QueryText> DatastoreService::bounded_page(const QueryText& text) const {
  if (text.limit < 0 || text.offset < 0)
    return make_error(ErrorCode::kBadRequest, "limit and offset are not negative",
                      {{text.limit < 0 ? "limit" : "offset", "negative"}});
  QueryText bounded = text;
  bounded.limit = std::min(bounded.limit, settings_.limits.max_rows);
  return bounded;
}

Result<TableInfo> DatastoreService::info(const Principal& principal,
                                         const std::string& distribution_id) {
  TableReader reader = TRY(open_table(principal, distribution_id));
  return reader.info();
}

Result<QueryResult> DatastoreService::query(const Principal& principal,
                                            const std::string& distribution_id,
                                            const QueryText& text, bool with_total) {
  TableReader reader = TRY(open_table(principal, distribution_id));
  QueryText bounded = TRY(bounded_page(text));
  Compiled compiled = TRY(compile(reader.info(), bounded));
  QueryResult result;
  result.columns = compiled.columns;
  result.limit = bounded.limit;
  result.offset = bounded.offset;
  TRY(reader.run(compiled.query, settings_.limits, [&result](std::vector<Value>& row) -> Status {
    result.rows.push_back(row);
    return {};
  }));
  if (compiled.keyset && static_cast<int64_t>(result.rows.size()) == bounded.limit &&
      !result.rows.empty() && !compiled.columns.empty() && compiled.columns[0].name == "_id") {
    if (const auto* last = std::get_if<int64_t>(&result.rows.back()[0])) result.next_after = *last;
  }
  if (with_total) {
    TRY(reader.run(compiled.count, settings_.limits, [&result](std::vector<Value>& row) -> Status {
      if (const auto* count = std::get_if<int64_t>(&row[0])) result.total = *count;
      return {};
    }));
  }
  return result;
}

Status DatastoreService::each_row(
    const Principal& principal, const std::string& distribution_id, const QueryText& text,
    const std::function<void(const std::vector<ResultColumn>&)>& columns,
    const std::function<Status(const std::vector<ResultColumn>&, std::vector<Value>&)>& each) {
  TableReader reader = TRY(open_table(principal, distribution_id));
  QueryText bounded = TRY(bounded_page(text));
  Compiled compiled = TRY(compile(reader.info(), bounded));
  columns(compiled.columns);
  return reader.run(compiled.query, settings_.limits,
                    [&](std::vector<Value>& row) { return each(compiled.columns, row); });
}

Result<TableInfo> DatastoreService::describe(const Principal& principal,
                                             const std::string& distribution_id,
                                             const bj::value& body) {
  Located located = TRY(locate(principal, distribution_id));
  TRY(may_load(principal, located));
  // Read and written under the lock a load takes to put its table in place: neither loses the
  // other's work in this process.
  std::lock_guard<std::mutex> lock(tables_mutex_);
  auto reader = TRY(TableReader::open(table_path(located)));
  if (!reader) {
    return make_error(ErrorCode::kNotFound,
                      "distribution '" + distribution_id + "' has no table in the datastore");
  }
  TableInfo info = reader->info();
  const bj::value* fields = body.is_object() ? body.as_object().if_contains("fields") : nullptr;
  if (fields == nullptr || !fields->is_array() || body.as_object().size() != 1) {
    return make_error(ErrorCode::kValidation,
                      "the body is {\"fields\": [{\"name\": ..., \"title\": ..., "
                      "\"description\": ...}]}",
                      {{"fields", "a list of the columns' words"}});
  }
  for (size_t index = 0; index < fields->get_array().size(); ++index) {
    const bj::value& item = fields->get_array()[index];
    std::string at = "fields[" + std::to_string(index) + "]";
    if (!item.is_object())
      return make_error(ErrorCode::kValidation, at + " is not an object", {{at, "an object"}});
    const bj::object& field = item.get_object();
    const bj::value* name = field.if_contains("name");
    TableColumn* column = nullptr;
    for (TableColumn& candidate : info.columns)
      if (name && name->is_string() && candidate.name == name->get_string()) column = &candidate;
    if (column == nullptr) {
      return make_error(ErrorCode::kValidation, at + ".name is not a column of the table",
                        {{at + ".name", "no such column"}});
    }
    for (const auto& [key, value] : field) {
      if (key == "name") continue;
      if (key != "title" && key != "description") {
        return make_error(ErrorCode::kValidation,
                          at + ": a column has a title and a description, not " + std::string(key),
                          {{at + "." + std::string(key), "unknown"}});
      }
      size_t limit = key == "title" ? 200 : 4000;
      if (!value.is_string() || value.get_string().size() > limit ||
          text::invalid_utf8_offset(value.get_string())) {
        return make_error(
            ErrorCode::kValidation,
            at + "." + std::string(key) + " is text of at most " + std::to_string(limit) + " bytes",
            {{at + "." + std::string(key), "text"}});
      }
      (key == "title" ? column->title : column->description) = std::string(value.get_string());
    }
  }
  TRY(write_info(table_path(located), info));
  return info;
}

void DatastoreService::remove_stale_builds() const {
  std::error_code error;
  auto day_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (auto entry = fs::recursive_directory_iterator(settings_.folder, error);
       !error && entry != fs::recursive_directory_iterator(); entry.increment(error)) {
    std::string name = entry->path().filename().string();
    bool leftover =
        name.find(".sqlite.building-") != std::string::npos ||
        (name.ends_with(".upload") && entry->path().parent_path().filename() == "uploads");
    std::error_code ignored;
    if (leftover && fs::last_write_time(entry->path(), ignored) < day_ago)
      fs::remove(entry->path(), ignored);
  }
}

Status DatastoreService::remove(const Principal& principal, const std::string& distribution_id) {
  Located located = TRY(locate(principal, distribution_id));
  TRY(may_load(principal, located));
  bool removed = TRY(remove_table(table_path(located)));
  if (!removed) {
    return make_error(ErrorCode::kNotFound,
                      "distribution '" + distribution_id + "' has no table in the datastore");
  }
  return {};
}

}  // namespace samverka::datastore
