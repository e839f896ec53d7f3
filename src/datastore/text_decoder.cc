// SPDX-License-Identifier: Apache-2.0
#include "datastore/text_decoder.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <cerrno>

#include "core/text.h"

namespace samverka::datastore {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// How many bytes at the end of `text` start a UTF-8 character they do not finish (0-3).
size_t incomplete_tail(std::string_view text) {
  for (size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t needed = byte >= 0xC2 && byte <= 0xDF   ? 2
                    : byte >= 0xE0 && byte <= 0xEF ? 3
                    : byte >= 0xF0 && byte <= 0xF4 ? 4
                                                   : 0;
    return needed > back ? back : 0;
  }
  return 0;
}

}  // namespace

struct TextDecoder::Converter {
  explicit Converter(iconv_t opened) : handle(opened) {}
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  ~Converter() { iconv_close(handle); }
  iconv_t handle;
};

TextDecoder::TextDecoder(TextDecoder&&) noexcept = default;
TextDecoder& TextDecoder::operator=(TextDecoder&&) noexcept = default;
TextDecoder::~TextDecoder() = default;

Result<TextDecoder> TextDecoder::open(const std::string& encoding) {
  TextDecoder decoder;
  decoder.encoding_ = text::ascii_upper(encoding);
  if (decoder.encoding_ == "UTF8") decoder.encoding_ = "UTF-8";
  if (decoder.encoding_ == "UTF-8") return decoder;
  if (decoder.encoding_.empty() || decoder.encoding_.size() > 40) {
    return make_error(ErrorCode::kBadRequest, "no encoding '" + text::truncated(encoding, 40) +
                                                  "': try UTF-8, WINDOWS-1252 or ISO-8859-1");
  }
  iconv_t handle = iconv_open("UTF-8", decoder.encoding_.c_str());
  if (handle == reinterpret_cast<iconv_t>(-1)) {
    return make_error(ErrorCode::kBadRequest, "no encoding '" + text::valid_utf8(encoding) +
                                                  "': try UTF-8, WINDOWS-1252 or ISO-8859-1");
  }
  decoder.converter_ = std::make_unique<Converter>(handle);
  return decoder;
}

Status TextDecoder::decode(std::string_view bytes, std::string& out) {
  std::string input = std::move(pending_);
  pending_.clear();
  input.append(bytes);
  std::string_view text = input;
  int64_t start = offset_;
  if (!started_) {
    started_ = true;
    if (encoding_ == "UTF-8" && text.starts_with(kByteOrderMark)) {
      text.remove_prefix(kByteOrderMark.size());
      start += static_cast<int64_t>(kByteOrderMark.size());
    }
  }
  if (!converter_) {
    size_t tail = incomplete_tail(text);
    std::string_view whole = text.substr(0, text.size() - tail);
    if (auto bad = text::invalid_utf8_offset(whole)) {
      return make_error(ErrorCode::kValidation,
                        "byte " + std::to_string(start + static_cast<int64_t>(*bad)) +
                            ": not valid UTF-8 (if the file is in another encoding, say which: "
                            "encoding=WINDOWS-1252, for example)");
    }
    out.append(whole);
    pending_.assign(text.substr(whole.size()));
    offset_ = start + static_cast<int64_t>(whole.size());
    return {};
  }
  char* in = const_cast<char*>(text.data());
  size_t in_left = text.size();
  while (in_left > 0) {
    char buffer[16384];
    char* produced = buffer;
    size_t room = sizeof buffer;
    size_t result = iconv(converter_->handle, &in, &in_left, &produced, &room);
    out.append(buffer, static_cast<size_t>(produced - buffer));
    if (result != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EINVAL) break;  // a character cut at the end: kept for the next piece
    int64_t at = start + static_cast<int64_t>(in - text.data());
    return make_error(ErrorCode::kValidation,
                      "byte " + std::to_string(at) + ": not a character of " + encoding_);
  }
  pending_.assign(in, in_left);
  offset_ = start + static_cast<int64_t>(text.size() - in_left);
  return {};
}

Status TextDecoder::finish() {
  if (pending_.empty()) return {};
  return make_error(
      ErrorCode::kValidation,
      "byte " + std::to_string(offset_) + ": the file ends inside a character of " + encoding_);
}

std::string guess_encoding(std::string_view sample) {
  if (sample.starts_with(kByteOrderMark)) return "UTF-8";
  if (sample.starts_with("\xFF\xFE") || sample.starts_with("\xFE\xFF")) return "UTF-16";
  std::string_view whole = sample.substr(0, sample.size() - incomplete_tail(sample));
  if (!text::invalid_utf8_offset(whole)) return "UTF-8";
  uchardet_t detector = uchardet_new();
  uchardet_handle_data(detector, sample.data(), sample.size());
  uchardet_data_end(detector);
  std::string found = text::ascii_upper(uchardet_get_charset(detector));
  uchardet_delete(detector);
  // The Latin-1 family, and no answer, as its superset.
  if (found.empty() || found == "ISO-8859-1" || found == "ISO-8859-15" || found == "ASCII" ||
      found == "UTF-8")
    return "WINDOWS-1252";
  return found;
}

}  // namespace samverka::datastore
