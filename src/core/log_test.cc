// SPDX-License-Identifier: Apache-2.0
#include "core/log.h"

#include <gtest/gtest.h>

namespace samverka::log {
namespace {

TEST(Log, OneEventIsOneParseableLineWhateverTheValues) {
  struct Case {
    std::string value;
    std::string written;
  };
  const Case cases[] = {
      {"plain-value_1.2", "plain-value_1.2"},
      {"", "\"\""},
      {"two words", "\"two words\""},
      {"a=b", "\"a=b\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"line\nbreak\r", "\"line\\nbreak\\r\""},
      {"tab\there", "\"tab\\there\""},
      {std::string("nul\0vt\v", 7), "\"nul\\x00vt\\x0b\""},
      {"esc\x1b[31m", "\"esc\\x1b[31m\""},
      {"del\x7f", "\"del\\x7f\""},
      {"Åre kommun", "\"Åre kommun\""},
  };
  for (const Case& test : cases) {
    std::string line = format(Level::kWarn, "request", {{"id", "7"}, {"detail", test.value}});
    EXPECT_EQ(line, "level=warn event=request id=7 detail=" + test.written) << test.value;
    for (char character : line) {
      auto byte = static_cast<unsigned char>(character);
      EXPECT_FALSE(byte < 0x20 || byte == 0x7f) << "control byte in: " << line;
    }
  }
}

}  // namespace
}  // namespace samverka::log
