// SPDX-License-Identifier: Apache-2.0
// datastore_search and datastore_info as CKAN's DataStore answers them, over the datastore's
// tables: CKAN's parameters become the datastore's query language (names quoted, values as
// literals of their column's type), and its answers take CKAN's shapes (docs/ckan-compat.md).
#include <charconv>
#include <cmath>
#include <limits>

#include "ckan/ckan_action.h"
#include "core/json.h"
#include "core/text.h"

namespace samverka::ckan {

namespace bj = boost::json;
using datastore::ColumnType;
using datastore::TableColumn;
using datastore::TableInfo;

namespace {

// CKAN reports PostgreSQL's short type names.
const char* ckan_type(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "int8";
    case ColumnType::kDecimal:
      return "numeric";
    case ColumnType::kBoolean:
      return "bool";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kTimestamp:
      return "timestamp";
    case ColumnType::kText:
      return "text";
  }
  return "text";
}

Error invalid(const char* key, const std::string& value) {
  return field_error(key,
                     "invalid value \"" + text::truncated(text::valid_utf8(value), 200) + "\"");
}

// A column of the table by name; "_id" is the row's number.
const TableColumn* column_named(const TableInfo& table, const std::string& name) {
  for (const TableColumn& column : table.columns)
    if (column.name == name) return &column;
  return nullptr;
}

Result<std::string> quoted_name(const TableInfo& table, const std::string& name, const char* key) {
  if (name != "_id" &&
      (column_named(table, name) == nullptr || name.find('`') != std::string::npos))
    return invalid(key, name);
  return "`" + name + "`";
}

// A value given in filters, as a literal of its column's type.
Result<std::string> literal(const TableColumn* column, const bj::value& value, const char* key) {
  ColumnType type = column ? column->type : ColumnType::kInteger;  // _id
  std::string text = value.is_string() ? std::string(value.get_string()) : bj::serialize(value);
  if (value.is_null()) return invalid(key, "null");
  switch (type) {
    case ColumnType::kInteger:
    case ColumnType::kDecimal: {
      // PostgreSQL compares a number column with "10" as with 10.
      double number = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(number))
        return invalid(key, text);
      return text;
    }
    case ColumnType::kBoolean:
      if (text == "true" || text == "false") return text;
      return invalid(key, text);
    default: {
      std::string out = "'";
      for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
      }
      return out + "'";
    }
  }
}

// A list parameter: a JSON list of strings, or a comma-separated string (spaces and surrounding
// double quotes trimmed), as CKAN's get_list reads it.
std::vector<std::string> list_of(const bj::value& value) {
  std::vector<std::string> out;
  auto add = [&out](std::string item) {
    size_t start = item.find_first_not_of(' ');
    size_t end = item.find_last_not_of(' ');
    item = start == std::string::npos ? "" : item.substr(start, end - start + 1);
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"')
      item = item.substr(1, item.size() - 2);
    if (!item.empty()) out.push_back(item);
  };
  if (value.is_array()) {
    for (const bj::value& item : value.get_array())
      add(item.is_string() ? std::string(item.get_string()) : bj::serialize(item));
  } else if (value.is_string()) {
    std::string text(value.get_string());
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      add(text.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

Result<std::string> resource_of(ActionContext& context) {
  if (context.datastore == nullptr)
    return make_error(ErrorCode::kNotFound, "the datastore is not available");
  std::optional<std::string> id = context.text("resource_id");
  if (!id || id->empty()) id = context.text("id");
  if (!id || id->empty()) return field_error("resource_id", "Missing value");
  return *id;
}

Error resource_not_found(const std::string& id) {
  return make_error(
      ErrorCode::kNotFound,
      "Resource \"" + text::truncated(text::valid_utf8(id), 200) + "\" was not found.");
}

// The resource's table, with CKAN's words for a missing one.
Result<TableInfo> table_of(ActionContext& context, const std::string& id) {
  auto found = context.datastore->info(context.principal, id);
  if (!found.ok() && found.error().code == ErrorCode::kNotFound) return resource_not_found(id);
  return found;
}

Result<bj::value> datastore_search(ActionContext& context) {
  std::string id = TRY(resource_of(context));
  TableInfo table = TRY(table_of(context, id));
  const bj::object& params = context.params;
  datastore::QueryText query;
  // Past datastore.max_rows the service cuts it, and the answer says so, as CKAN's rows_max.
  query.limit = TRY(context.integer("limit", 100, 0, std::numeric_limits<int32_t>::max(), true));
  int64_t offset = 0;
  if (params.contains("offset")) {
    offset = TRY(context.integer("offset", 0, std::numeric_limits<int32_t>::min(),
                                 std::numeric_limits<int32_t>::max()));
    if (offset < 0) return invalid("offset", std::to_string(offset));
  }
  query.offset = offset;
  bool include_total = TRY(context.flag("include_total", true));
  std::string format = context.text("records_format").value_or("objects");
  if (format != "objects" && format != "lists" && format != "csv" && format != "tsv") {
    return field_error("records_format", "Value must be one of ['objects', 'lists', 'csv', 'tsv']");
  }
  if (params.contains("distinct") && TRY(context.flag("distinct")))
    return field_error("distinct", "distinct is not supported by this datastore");

  // fields: the columns, in the order asked; all with _id first otherwise.
  std::vector<std::string> names;
  if (const bj::value* fields = params.if_contains("fields")) {
    for (const std::string& name : list_of(*fields)) {
      TRY(quoted_name(table, name, "fields"));
      names.push_back(name);
    }
  }
  if (names.empty()) {
    names.push_back("_id");
    for (const TableColumn& column : table.columns) names.push_back(column.name);
  }
  for (size_t index = 0; index < names.size(); ++index)
    query.select += (index ? ", " : "") + TRY(quoted_name(table, names[index], "fields"));

  // filters: {column: value or [values]}, ANDed; a JSON string in a GET.
  if (const bj::value* given = params.if_contains("filters")) {
    bj::value filters = *given;
    if (filters.is_string()) {
      auto parsed = json::parse(filters.get_string());
      if (!parsed.ok()) return field_error("filters", "Cannot parse JSON");
      filters = std::move(parsed.value());
    }
    if (!filters.is_object()) return field_error("filters", "Not a json object");
    for (const auto& [key, value] : filters.get_object()) {
      std::string name(key);
      std::string column = TRY(quoted_name(table, name, "filters"));
      const TableColumn* found_column = column_named(table, name);
      std::string condition;
      if (value.is_array()) {
        if (value.get_array().empty()) return invalid("filters", name);
        condition = column + " in (";
        for (size_t index = 0; index < value.get_array().size(); ++index)
          condition +=
              (index ? ", " : "") + TRY(literal(found_column, value.get_array()[index], "filters"));
        condition += ")";
      } else {
        condition = column + " = " + TRY(literal(found_column, value, "filters"));
      }
      query.where += (query.where.empty() ? "" : " and ") + condition;
    }
  }
  // q: words in the row's text (a string, or full_text); per-column q is not kept.
  if (const bj::value* q = params.if_contains("q")) {
    if (q->is_object()) return field_error("q", "q by column is not supported: give words");
    query.q = q->is_string() ? std::string(q->get_string()) : bj::serialize(*q);
  }
  if (auto full_text = context.text("full_text"))
    query.q += (query.q.empty() ? "" : " ") + *full_text;
  // sort: "column [asc|desc] [nulls first|last]", as a list or separated by commas.
  if (const bj::value* sort = params.if_contains("sort")) {
    for (const std::string& clause : list_of(*sort)) {
      if (clause.size() > 1000) return invalid("sort", clause);
      // "column [asc|desc] [nulls first|last]", read from the end.
      std::string name = clause;
      auto strip = [&name](std::string_view word) {
        std::string lower = text::ascii_lower(name);
        if (lower.size() > word.size() && lower.ends_with(word) &&
            lower[lower.size() - word.size() - 1] == ' ') {
          name.resize(name.size() - word.size());
          while (!name.empty() && name.back() == ' ') name.pop_back();
          return true;
        }
        return false;
      };
      if (strip("first") || strip("last")) {
        if (!strip("nulls")) return invalid("sort", clause);
      }
      bool descending = strip("desc");
      if (!descending) strip("asc");
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
      if (name != "_id" && column_named(table, name) == nullptr) return invalid("sort", clause);
      query.order += (query.order.empty() ? "" : ", ") + TRY(quoted_name(table, name, "sort")) +
                     (descending ? " desc" : "");
    }
  }

  auto result = context.datastore->query(context.principal, id, query, include_total);
  if (!result.ok()) return std::move(result).error();
  bj::array fields;
  for (size_t index = 0; index < result->columns.size(); ++index) {
    const datastore::ResultColumn& column = result->columns[index];
    fields.push_back(bj::object{
        {"id", column.name},
        {"type", column.name == "_id" && names[index] == "_id" ? "int" : ckan_type(column.type)}});
  }
  bj::value records;
  if (format == "objects" || format == "lists") {
    bj::array rows;
    for (const auto& row : result->rows) {
      if (format == "objects") {
        bj::object record;
        for (size_t index = 0; index < row.size(); ++index)
          record[result->columns[index].name] =
              datastore::value_json(row[index], result->columns[index].type);
        rows.push_back(std::move(record));
      } else {
        bj::array record;
        for (size_t index = 0; index < row.size(); ++index)
          record.push_back(datastore::value_json(row[index], result->columns[index].type));
        rows.push_back(std::move(record));
      }
    }
    records = std::move(rows);
  } else {
    // One string, no header, a line per row, CSV quoting (tsv too, as PostgreSQL's COPY).
    char delimiter = format == "csv" ? ',' : '\t';
    std::string out;
    for (const auto& row : result->rows) {
      for (size_t index = 0; index < row.size(); ++index) {
        if (index > 0) out += delimiter;
        out += datastore::csv_field(datastore::value_text(row[index], result->columns[index].type),
                                    delimiter);
      }
      out += '\n';
    }
    records = bj::value(out);
  }
  std::string start = "/api/3/action/datastore_search?limit=" + std::to_string(result->limit) +
                      "&resource_id=" + text::percent_encode(id);
  bj::object out{
      {"include_total", include_total},
      {"limit", result->limit},
      {"records_format", format},
      {"resource_id", id},
      {"total_estimation_threshold", nullptr},
      {"records", std::move(records)},
      {"fields", std::move(fields)},
      {"_links",
       bj::object{{"start", start},
                  {"next", start + "&offset=" + std::to_string(query.offset + result->limit)}}}};
  for (const char* echoed : {"offset", "filters", "q", "sort"})
    if (const bj::value* value = params.if_contains(echoed)) out[echoed] = *value;
  if (include_total) {
    out["total"] = result->total.value_or(0);
    out["total_was_estimated"] = false;
  }
  return bj::value(std::move(out));
}

Result<bj::value> datastore_info(ActionContext& context) {
  std::string id = TRY(resource_of(context));
  TableInfo table = TRY(table_of(context, id));
  bj::array fields;
  for (size_t index = 0; index < table.columns.size(); ++index) {
    const TableColumn& column = table.columns[index];
    bj::object schema{{"native_type", datastore::type_name(column.type)},
                      {"notnull", false},
                      {"index_name", column.indexed ? bj::value("rows_c" + std::to_string(index))
                                                    : bj::value(nullptr)},
                      {"is_index", column.indexed},
                      {"uniquekey", false}};
    bj::object field{
        {"id", column.name}, {"type", ckan_type(column.type)}, {"schema", std::move(schema)}};
    if (!column.title.empty() || !column.description.empty())
      field["info"] = bj::object{{"label", column.title}, {"notes", column.description}};
    fields.push_back(std::move(field));
  }
  int64_t bytes = 0;
  if (auto source = json::parse(table.source.empty() ? "{}" : table.source);
      source.ok() && source->is_object()) {
    if (const bj::value* size = source->as_object().if_contains("bytes"); size && size->is_int64())
      bytes = size->get_int64();
  }
  return bj::value(bj::object{{"meta", bj::object{{"id", id},
                                                  {"count", table.rows},
                                                  {"table_type", "BASE TABLE"},
                                                  {"size", bytes},
                                                  {"db_size", bytes},
                                                  {"idx_size", 0},
                                                  {"aliases", bj::array()}}},
                              {"fields", std::move(fields)}});
}

}  // namespace

const std::vector<ActionEntry>& datastore_actions() {
  static const std::vector<ActionEntry> kActions = {
      {"datastore_search", datastore_search, false,
       "Search a resource's DataStore table: filters, q, fields, sort, limit, offset, "
       "include_total, records_format."},
      {"datastore_info", datastore_info, false,
       "The columns and row count of a resource's DataStore table."},
  };
  return kActions;
}

}  // namespace samverka::ckan
