// SPDX-License-Identifier: Apache-2.0
#include "datastore/csv_sniff.h"

#include <map>
#include <vector>

#include "datastore/column_type.h"
#include "datastore/csv_parser.h"
#include "datastore/text_decoder.h"

namespace samverka::datastore {

namespace {

constexpr size_t kSampleRows = 200;

// The rows of the sample split by `delimiter` (the last one left out when it may be cut).
std::vector<CsvRow> rows_of(std::string_view text, char delimiter, bool whole) {
  std::vector<CsvRow> rows;
  CsvParser parser(delimiter, text.size() + 1, [&rows](CsvRow& row) -> Status {
    if (rows.size() < kSampleRows + 1) rows.push_back(row);
    return {};
  });
  if (!parser.feed(text).ok()) return rows;
  if (whole) {
    (void)parser.finish();
  } else if (rows.size() > kSampleRows) {
    rows.pop_back();
  }
  return rows;
}

struct Split {
  double consistent = 0;  // the share of rows with the usual number of cells
  size_t cells = 0;       // that number
};

Split split_of(const std::vector<CsvRow>& rows) {
  std::map<size_t, size_t> counts;
  for (const CsvRow& row : rows) ++counts[row.cells.size()];
  Split best;
  size_t most = 0;
  for (auto [cells, times] : counts) {
    if (times > most || (times == most && cells > best.cells)) {
      most = times;
      best.cells = cells;
    }
  }
  if (!rows.empty()) best.consistent = static_cast<double>(most) / static_cast<double>(rows.size());
  return best;
}

bool first_row_is_data(const std::vector<CsvRow>& rows) {
  if (rows.size() < 2) return false;
  const CsvRow& first = rows[0];
  bool typed_column = false;
  for (size_t column = 0; column < first.cells.size(); ++column) {
    if (!first.cells[column] || first.cells[column]->empty()) return false;
    TypeGuess guess;
    for (size_t index = 1; index < rows.size(); ++index) {
      if (column < rows[index].cells.size() && rows[index].cells[column])
        guess.see(*rows[index].cells[column]);
    }
    ColumnType type = guess.type();
    if (type == ColumnType::kText) continue;
    typed_column = true;
    // The cell alone must be of the column's type: a year (2019) heading a column of decimals
    // is a header.
    TypeGuess alone;
    alone.see(*first.cells[column]);
    if (alone.type() != type) return false;
  }
  return typed_column;
}

}  // namespace

Result<CsvDialect> sniff(std::string_view sample, bool whole, const DialectHints& hints) {
  if (sample.starts_with("PK\x03\x04")) {
    return make_error(ErrorCode::kValidation,
                      "this is a zip archive (a spreadsheet or a zipped Shapefile?), not a CSV "
                      "or TSV file");
  }
  CsvDialect dialect;
  dialect.encoding = hints.encoding ? *hints.encoding : guess_encoding(sample);
  TextDecoder decoder = TRY(TextDecoder::open(dialect.encoding));
  dialect.encoding = decoder.encoding();
  std::string text;
  if (Status decoded = decoder.decode(sample, text); !decoded.ok() && hints.encoding) {
    return std::move(decoded).error();  // what the caller said does not fit the file
  }
  if (auto zero = text.find('\0'); zero != std::string::npos) {
    return make_error(
        ErrorCode::kValidation,
        "this is not a text file: it holds a NUL byte near byte " + std::to_string(zero));
  }
  std::vector<CsvRow> rows;
  if (hints.delimiter) {
    dialect.delimiter = *hints.delimiter;
    rows = rows_of(text, dialect.delimiter, whole);
  } else {
    Split best;
    for (char delimiter : {';', '\t', ',', '|'}) {
      std::vector<CsvRow> split = rows_of(text, delimiter, whole);
      Split found = split_of(split);
      if (found.cells < 2) continue;
      if (found.consistent > best.consistent + 1e-9 ||
          (found.consistent > best.consistent - 1e-9 && found.cells > best.cells)) {
        best = found;
        dialect.delimiter = delimiter;
        rows = std::move(split);
      }
    }
    if (best.cells < 2) rows = rows_of(text, dialect.delimiter, whole);
  }
  dialect.header = hints.header ? *hints.header : !first_row_is_data(rows);
  return dialect;
}

}  // namespace samverka::datastore
