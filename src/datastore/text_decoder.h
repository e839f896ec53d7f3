// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::datastore {

// Turns the bytes of a text file in a known encoding into UTF-8, piece by piece: UTF-8 is
// checked (a leading byte-order mark dropped), other encodings (WINDOWS-1252, ISO-8859-1 ...)
// are converted with iconv. A character cut between two pieces waits for the next. A byte that
// is not a character of the encoding is an error naming its offset in the file.
class TextDecoder {
 public:
  // The encoding by its iconv name, case-insensitive; an unknown one is an error.
  static Result<TextDecoder> open(const std::string& encoding);
  TextDecoder(TextDecoder&&) noexcept;
  TextDecoder& operator=(TextDecoder&&) noexcept;
  ~TextDecoder();

  // Appends the UTF-8 of `bytes` to `out`.
  Status decode(std::string_view bytes, std::string& out);
  // The end of the file: a character left incomplete is an error.
  Status finish();
  const std::string& encoding() const { return encoding_; }

 private:
  struct Converter;
  TextDecoder() = default;
  std::string encoding_;
  std::unique_ptr<Converter> converter_;  // none for UTF-8
  std::string pending_;                   // the start of a character cut by the last piece
  int64_t offset_ = 0;                    // bytes of the file before `pending_`
  bool started_ = false;
};

// A guess at a file's encoding from its first bytes: UTF-8 when they are (a byte-order mark
// or valid UTF-8, a character cut at the end allowed), else what uchardet says, with
// ISO-8859-1 and unknown read as WINDOWS-1252 (its superset, and what Swedish exports are).
std::string guess_encoding(std::string_view sample);

}  // namespace samverka::datastore
