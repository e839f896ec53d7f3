# SPDX-License-Identifier: Apache-2.0
# Writes OUTPUT, a C++ file defining samverka::catalog::kVocabulariesJson from INPUT.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from vocabularies.json; do not edit.\nnamespace samverka::catalog {\nextern const char* const kVocabulariesJson;\nconst char* const kVocabulariesJson = R\"samverka_json(${content})samverka_json\";\n}\n")
