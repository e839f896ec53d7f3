// SPDX-License-Identifier: Apache-2.0
#include "core/text.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>
#include <regex>

namespace samverka::text {
namespace {
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string slugify(std::string_view text) {
  std::string out;
  bool pending_dash = false;
  for (size_t index = 0; index < text.size() && out.size() < 100; ++index) {
    unsigned char c = static_cast<unsigned char>(text[index]);
    char mapped = 0;
    if (c < 0x80) {
      char lower = static_cast<char>(std::tolower(c));
      if (is_lower_alnum(lower)) mapped = lower;
    } else if ((c == 0xC3) && index + 1 < text.size()) {
      // Latin-1 supplement letters encoded as C3 xx: fold the common Nordic ones.
      unsigned char next = static_cast<unsigned char>(text[++index]);
      switch (next) {
        case 0xA5:
        case 0x85:
        case 0xA4:
        case 0x84:
        case 0xA0:
        case 0xA1:
        case 0xA2:
        case 0x80:
        case 0x81:
        case 0xA6:
        case 0x86:
          mapped = 'a';
          break;
        case 0xB6:
        case 0x96:
        case 0xB8:
        case 0x98:
        case 0xB3:
        case 0x93:
        case 0xB4:
          mapped = 'o';
          break;
        case 0xA9:
        case 0x89:
        case 0xA8:
        case 0x88:
        case 0xAA:
          mapped = 'e';
          break;
        case 0xBC:
        case 0x9C:
        case 0xBA:
          mapped = 'u';
          break;
        case 0xAD:
        case 0xAC:
          mapped = 'i';
          break;
        default:
          break;
      }
    }
    if (mapped) {
      if (pending_dash && !out.empty()) out.push_back('-');
      out.push_back(mapped);
      pending_dash = false;
    } else {
      pending_dash = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool is_slug(std::string_view text) {
  if (text.size() < 2 || text.size() > 100) return false;
  if (text.front() == '-' || text.back() == '-') return false;
  for (char c : text) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

bool is_language_tag(std::string_view text) {
  static const std::regex pattern("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  return text.size() <= 35 && std::regex_match(text.begin(), text.end(), pattern);
}

bool is_email(std::string_view text) {
  static const std::regex pattern(
      R"(^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$)");
  return text.size() <= 254 && std::regex_match(text.begin(), text.end(), pattern);
}

bool is_http_url(std::string_view text) {
  if (text.size() > 2000) return false;
  auto parsed = boost::urls::parse_uri(text);  // a fragment is allowed (#section)
  if (!parsed) return false;
  auto scheme = parsed->scheme();
  return (scheme == "http" || scheme == "https") && parsed->has_authority() &&
         !parsed->encoded_host().empty();
}

bool is_absolute_iri(std::string_view text) {
  if (text.size() > 2000) return false;
  // IRIs may carry non-ASCII characters that a URI parser refuses; check the ASCII skeleton.
  std::string ascii;
  for (char c : text) ascii += (static_cast<unsigned char>(c) >= 0x80) ? 'x' : c;
  auto parsed = boost::urls::parse_uri(ascii);
  return parsed.has_value();
}

bool is_date_or_datetime(std::string_view text) {
  static const std::regex pattern(
      R"(^(\d{4})(?:-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?)?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, pattern)) return false;
  if (!match[2].matched) return true;  // a year alone
  int year = std::stoi(match[1].str());
  int month = std::stoi(match[2].str());
  int day = std::stoi(match[3].str());
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days_in_month = kDays[month - 1] + ((month == 2 && leap) ? 1 : 0);
  if (day > days_in_month) return false;
  if (match[4].matched) {
    if (std::stoi(match[4].str()) > 23 || std::stoi(match[5].str()) > 59 ||
        std::stoi(match[6].str()) > 60) {
      return false;
    }
  }
  return true;
}

std::string percent_encode(std::string_view value) {
  return boost::urls::encode(value, boost::urls::unreserved_chars + ':');
}

std::optional<std::string> normalize_org_number(std::string_view text) {
  std::string digits;
  for (size_t index = 0; index < text.size(); ++index) {
    char c = text[index];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (!(c == '-' && index == 6)) {
      return std::nullopt;
    }
  }
  if (digits.size() != 10) return std::nullopt;
  int sum = 0;
  for (size_t index = 0; index < 10; ++index) {
    int digit = digits[index] - '0';
    if (index % 2 == 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  if (sum % 10 != 0) return std::nullopt;
  return digits;
}

std::optional<size_t> invalid_utf8_offset(std::string_view text) {
  size_t index = 0;
  while (index < text.size()) {
    auto byte = static_cast<unsigned char>(text[index]);
    if (byte < 0x80) {
      ++index;
      continue;
    }
    size_t length = byte >= 0xC2 && byte <= 0xDF   ? 2
                    : byte >= 0xE0 && byte <= 0xEF ? 3
                    : byte >= 0xF0 && byte <= 0xF4 ? 4
                                                   : 0;
    if (length == 0 || index + length > text.size()) return index;
    auto second = static_cast<unsigned char>(text[index + 1]);
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    unsigned char low = byte == 0xE0 ? 0xA0 : byte == 0xF0 ? 0x90 : 0x80;
    unsigned char high = byte == 0xED ? 0x9F : byte == 0xF4 ? 0x8F : 0xBF;
    if (second < low || second > high) return index;
    for (size_t next = 2; next < length; ++next) {
      auto continuation = static_cast<unsigned char>(text[index + next]);
      if (continuation < 0x80 || continuation > 0xBF) return index;
    }
    index += length;
  }
  return std::nullopt;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  while (true) {
    auto bad = invalid_utf8_offset(text);
    if (!bad) {
      out.append(text);
      return out;
    }
    out.append(text.substr(0, *bad)).append("\xEF\xBF\xBD");  // U+FFFD
    text.remove_prefix(*bad + 1);
  }
}

std::string truncated(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  // Back up to the start of a UTF-8 sequence, so the cut does not split a character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size() - cut) +
         " more bytes)";
}

std::optional<size_t> control_character_offset(std::string_view text) {
  for (size_t index = 0; index < text.size(); ++index) {
    auto byte = static_cast<unsigned char>(text[index]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
      return index;
    }
  }
  return std::nullopt;
}

std::string trimmed(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> values;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) values.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return values;
}

}  // namespace samverka::text
