// SPDX-License-Identifier: Apache-2.0
// What the fuzz targets share: a temporary folder removed at exit, a check that aborts (so that
// libFuzzer keeps the input), and the lenient query-string decoding the targets build requests
// with.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace samverka::fuzz {

// Aborts with a message when an invariant does not hold: libFuzzer saves the input as a crash.
inline void require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// A fresh folder under $TMPDIR (or /tmp), named after the target and the process.
inline std::filesystem::path make_temp_directory(const char* target) {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / (std::string("samverka-") + target + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  return pattern;
}

inline void remove_directory(const std::filesystem::path& directory) {
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
}

// "%41" -> "A"; a '%' not followed by two hex digits stays as it is (as the fuzzer may send it).
inline std::string percent_decoded(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '%' && at + 2 < text.size() && hex(text[at + 1]) >= 0 &&
        hex(text[at + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[at + 1]) * 16 + hex(text[at + 2])));
      at += 2;
    } else {
      out.push_back(text[at]);
    }
  }
  return out;
}

// "a=1&b=%20x&c" -> {a,1} {b, x} {c,""}: each key and value decoded on its own, as the server's
// URL parser gives them; empty parameters ("&&") are skipped as the server skips them.
inline std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    if (!item.empty()) {
      size_t equals = item.find('=');
      if (equals == std::string_view::npos) {
        pairs.emplace_back(percent_decoded(item), std::string());
      } else {
        pairs.emplace_back(percent_decoded(item.substr(0, equals)),
                           percent_decoded(item.substr(equals + 1)));
      }
    }
    start = end + 1;
  }
  return pairs;
}

}  // namespace samverka::fuzz
