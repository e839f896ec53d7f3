// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samverka::text {

// ASCII letters in lower or upper case; other bytes (UTF-8 included) as they are.
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// A URL-safe slug from free text: lower case ASCII letters, digits and single dashes; Swedish
// letters are folded (å,ä -> a, ö -> o, é -> e). At most 100 characters.
std::string slugify(std::string_view text);
// True for 2-100 characters of [a-z0-9-], not starting or ending with '-'.
bool is_slug(std::string_view text);

// BCP 47 language tag in the simple form used in metadata: "sv", "en", "en-GB", "sv-SE".
bool is_language_tag(std::string_view text);
// An e-mail address of the form local@domain.tld (a pragmatic subset of RFC 5322).
bool is_email(std::string_view text);
// An absolute http(s) URL that parses as RFC 3986.
bool is_http_url(std::string_view text);
// An absolute IRI of any scheme (http, https, urn, mailto ...).
bool is_absolute_iri(std::string_view text);
// xsd:date (YYYY-MM-DD), xsd:gYear (YYYY) or xsd:dateTime with an optional zone, with real
// calendar checks (no 2024-02-30).
bool is_date_or_datetime(std::string_view text);
// The offset of the first byte that breaks UTF-8 (a stray byte, a truncated or overlong
// sequence, a surrogate), or nothing when the text is valid UTF-8.
std::optional<size_t> invalid_utf8_offset(std::string_view text);
// The text with every byte that breaks UTF-8 replaced by U+FFFD: safe to echo into JSON, logs
// and pages whatever a client sent.
std::string valid_utf8(std::string_view text);
// At most max_bytes of the text (cut on a character boundary), with a marker saying how much
// was left out: for echoing outside input into messages and reports.
std::string truncated(std::string_view text, size_t max_bytes);
// The offset of the first control character other than tab, line feed and carriage return
// (C0 and DEL), which have no place in metadata text; nothing when there is none.
std::optional<size_t> control_character_offset(std::string_view text);
// The text without the spaces, tabs and line breaks around it.
std::string trimmed(std::string_view text);

// The non-empty pieces of a comma-separated list ("a,,b" -> a, b).
std::vector<std::string> split_commas(std::string_view text);

// Percent-encodes a query-string value (RFC 3986): everything but unreserved characters and ':'.
std::string percent_encode(std::string_view value);

// A Swedish organisation number: ten digits (an optional dash after the sixth) whose last digit
// is the Luhn check digit. Returns the ten digits, or nothing when invalid.
std::optional<std::string> normalize_org_number(std::string_view text);

}  // namespace samverka::text
