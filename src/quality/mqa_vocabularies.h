// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace samverka::quality {

// The lists the metadata quality scores judge formats and licences by, built into the binary
// from mqa_vocabularies.json (generated from the standards folder by
// scripts/gen-mqa-vocabularies). Immutable; safe from any thread.

// The EU file-type code that a media type stands for ("text/csv" -> "CSV"), or "" when the
// lists know no such media type (parameters such as "; charset=utf-8" are ignored).
std::string format_of_media_type(std::string_view media_type);
// EU file-type codes (as the catalogue stores them, e.g. CSV) the MQA counts as
// machine-readable, and as non-proprietary.
bool is_machine_readable(std::string_view format);
bool is_non_proprietary(std::string_view format);
// True for a licence IRI in the MQA's licence vocabulary or the EU licence table (scheme,
// case, trailing slashes and a trailing "legalcode" do not matter).
bool is_known_licence(std::string_view iri);

}  // namespace samverka::quality
