# SPDX-License-Identifier: Apache-2.0
# Writes OUTPUT, a C++ file holding every file under ROOT listed in FILES (;-separated, relative
# to ROOT) as bytes: templates, translations and static assets travel inside the binary, so a
# server needs nothing beside its data folder.
set(body "// Generated from web/; do not edit.\n#include <cstddef>\n#include <string_view>\n\nnamespace samverka::web::detail {\n")
set(table "")
set(index 0)
foreach(file ${FILES})
  file(READ ${ROOT}/${file} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND body "static const char kFile${index}[] = {${bytes} 0};\n")
  string(APPEND table "    {\"${file}\", {kFile${index}, ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
string(APPEND body "\nstruct EmbeddedFile {\n  const char* name;\n  std::string_view bytes;\n};\nextern const EmbeddedFile kEmbeddedFiles[];\nextern const size_t kEmbeddedFileCount;\nconst EmbeddedFile kEmbeddedFiles[] = {\n${table}};\nconst size_t kEmbeddedFileCount = ${index};\n\n}  // namespace samverka::web::detail\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
