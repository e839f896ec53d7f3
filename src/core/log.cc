// SPDX-License-Identifier: Apache-2.0
#include "core/log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace samverka::log {
namespace {

std::mutex mutex;

bool is_control(char character) {
  auto byte = static_cast<unsigned char>(character);
  return byte < 0x20 || byte == 0x7f;
}

void append_value(std::string& line, std::string_view value) {
  bool plain = !value.empty();
  for (char character : value) {
    plain = plain && !is_control(character) && character != ' ' && character != '"' &&
            character != '=' && character != '\\';
  }
  if (plain) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (char character : value) {
    switch (character) {
      case '"':
        line.append("\\\"");
        break;
      case '\\':
        line.append("\\\\");
        break;
      case '\n':
        line.append("\\n");
        break;
      case '\r':
        line.append("\\r");
        break;
      case '\t':
        line.append("\\t");
        break;
      default:
        if (is_control(character)) {  // \v, \f, ESC, NUL...: some tools split lines on them
          static constexpr char kHex[] = "0123456789abcdef";
          auto byte = static_cast<unsigned char>(character);
          line.append("\\x").push_back(kHex[byte >> 4]);
          line.push_back(kHex[byte & 0xf]);
        } else {
          line.push_back(character);
        }
    }
  }
  line.push_back('"');
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::string format(Level level, std::string_view name, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(160);
  line.append("level=").append(level_name(level)).append(" event=");
  append_value(line, name);
  for (const Field& field : fields) {
    line.push_back(' ');
    line.append(field.key).push_back('=');
    append_value(line, field.value);
  }
  return line;
}

void event(Level level, std::string_view name, std::initializer_list<Field> fields) {
  std::string line = "ts=" + clock::now_iso() + " " + format(level, name, fields) + "\n";
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void info(std::string_view message) {
  event(Level::kInfo, "message", {{"msg", std::string(message)}});
}
void warn(std::string_view message) {
  event(Level::kWarn, "message", {{"msg", std::string(message)}});
}
void error(std::string_view message) {
  event(Level::kError, "message", {{"msg", std::string(message)}});
}

}  // namespace samverka::log
