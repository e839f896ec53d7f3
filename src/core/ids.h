// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace samverka::ids {

// A random (version 4) UUID in canonical lower-case form.
std::string new_uuid();
bool is_uuid(std::string_view text);
// A UUID derived from a name (BLAKE2b of it, marked as version 8): the same name always gives
// the same id, so records minted from imported data keep their ids when imported again.
std::string name_uuid(std::string_view name);

// n random bytes, hex-encoded (2n characters). Cryptographically secure.
std::string random_hex(size_t bytes);

// BLAKE2b-256 of text, hex-encoded. Used to store API tokens hashed.
std::string hash_hex(std::string_view text);

// Opaque page cursors: base64url of "<kind>:<number>", kind telling lists apart. Decoding a
// cursor this server did not issue (wrong kind, not a number, garbage) gives kBadRequest.
std::string encode_cursor(char kind, int64_t number);
Result<int64_t> decode_cursor(std::string_view cursor, char kind);

// Base64url without padding.
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& out);

}  // namespace samverka::ids
