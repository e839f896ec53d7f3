// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::datastore {

// How a delimited text file is written.
struct CsvDialect {
  std::string encoding = "UTF-8";  // an iconv name
  char delimiter = ',';            // , ; tab or |
  bool header = true;              // the first row names the columns
};

// What the caller already knows; the rest is guessed.
struct DialectHints {
  std::optional<std::string> encoding;
  std::optional<char> delimiter;
  std::optional<bool> header;
};

// Guesses a file's dialect from its first bytes (`whole`: they are the whole file, so the last
// line is not cut). The delimiter is the one of , ; tab | that splits the most rows into the
// same number of cells (more than one), ; first on a tie (Swedish exports); the first row is a
// header unless it reads like the rows below it (every cell of the types their columns hold,
// and some column not text). Binary files (a zip archive, a NUL byte) are refused.
Result<CsvDialect> sniff(std::string_view sample, bool whole, const DialectHints& hints);

}  // namespace samverka::datastore
