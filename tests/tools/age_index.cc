// SPDX-License-Identifier: Apache-2.0
// Test tool: makes a search index look as an older Samverka wrote it (no schema recorded), so
// that a test can check that the server rebuilds it. Usage: age_index INDEX_DIRECTORY
#include <xapian.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: age_index INDEX_DIRECTORY\n");
    return 2;
  }
  try {
    Xapian::WritableDatabase database(argv[1], Xapian::DB_OPEN);
    database.set_metadata("schema", "");
    database.commit();
  } catch (const Xapian::Error& error) {
    std::fprintf(stderr, "age_index: %s\n", error.get_description().c_str());
    return 1;
  }
  return 0;
}
