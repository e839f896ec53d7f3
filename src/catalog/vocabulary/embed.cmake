# SPDX-License-Identifier: Apache-2.0
# Writes OUTPUT, a C++ file defining NAMESPACE::VARIABLE (by default
# samverka::catalog::kVocabulariesJson) as the text of INPUT.
if(NOT NAMESPACE)
  set(NAMESPACE samverka::catalog)
endif()
if(NOT VARIABLE)
  set(VARIABLE kVocabulariesJson)
endif()
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\nnamespace ${NAMESPACE} {\nextern const char* const ${VARIABLE};\nconst char* const ${VARIABLE} = R\"samverka_json(${content})samverka_json\";\n}\n")
