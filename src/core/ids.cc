// SPDX-License-Identifier: Apache-2.0
#include "core/ids.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace samverka::ids {
namespace {
struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};
void ensure_sodium() { static SodiumInit init; }

std::string to_hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string format_uuid(std::array<unsigned char, 16>& bytes, unsigned char version) {
  bytes[6] = (bytes[6] & 0x0f) | static_cast<unsigned char>(version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  std::string hex = to_hex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}
}  // namespace

std::string new_uuid() {
  ensure_sodium();
  std::array<unsigned char, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return format_uuid(bytes, 4);
}

std::string name_uuid(std::string_view name) {
  ensure_sodium();
  std::array<unsigned char, 16> bytes;
  crypto_generichash(bytes.data(), bytes.size(),
                     reinterpret_cast<const unsigned char*>(name.data()), name.size(), nullptr, 0);
  return format_uuid(bytes, 8);
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    char c = text[index];
    if (index == 8 || index == 13 || index == 18 || index == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string random_hex(size_t bytes) {
  ensure_sodium();
  std::string buffer(bytes, '\0');
  randombytes_buf(buffer.data(), buffer.size());
  return to_hex(reinterpret_cast<const unsigned char*>(buffer.data()), buffer.size());
}

std::string hash_hex(std::string_view text) {
  ensure_sodium();
  std::array<unsigned char, 32> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return to_hex(digest.data(), digest.size());
}

std::string base64url_encode(std::string_view bytes) {
  ensure_sodium();
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  ensure_sodium();
  out.assign(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  out.resize(length);
  return true;
}

}  // namespace samverka::ids

namespace samverka::ids {

std::string encode_cursor(char kind, int64_t number) {
  return base64url_encode(std::string(1, kind) + ":" + std::to_string(number));
}

Result<int64_t> decode_cursor(std::string_view cursor, char kind) {
  std::string decoded;
  bool valid = base64url_decode(cursor, decoded) && decoded.size() >= 3 && decoded.size() <= 20 &&
               decoded[0] == kind && decoded[1] == ':' &&
               decoded.find_first_not_of("0123456789", 2) == std::string::npos;
  if (!valid) {
    return make_error(ErrorCode::kBadRequest, "the cursor is not one this server issued",
                      {{"cursor", "invalid"}});
  }
  return std::stoll(decoded.substr(2));
}

}  // namespace samverka::ids
