// SPDX-License-Identifier: Apache-2.0
// The search query builder and matcher: search::IndexReader::search (and complete) over a small
// real Xapian index, built once in a temporary folder with the catalogue's facets and the
// Swedish lexicon and dictionaries the server loads.
// Input, one item a line: the query text first, then
//   f name=value   a filter value        r name=value   a required (field, value) pair
//   c name         a facet to count      v value        a visibility the caller may read
//   s N            sort (N mod 3: relevance, modified, title)
//   m date         modified_since        o N / l N / p N  offset / limit / max_offset
//   F N / M N      facet_limit / facet_mincount
//   a              all visible           x   exact counts        n   no snippets
//   g              count facets over a sample of 2 matches (large results otherwise)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/dataset/dataset_rules.h"
#include "catalog/search/catalog_documents.h"
#include "core/json.h"
#include "fuzz_support.h"
#include "search/language.h"
#include "search/search_index.h"

namespace {

namespace catalog = samverka::catalog;
namespace search = samverka::search;
using samverka::fuzz::require;

std::filesystem::path root;
const search::IndexReader* reader = nullptr;

// A dataset as the catalogue indexes it: a body checked by the dataset rules, stored as a
// record of one of two organisations, turned into a document by the catalogue's own mapping.
search::IndexDocument dataset(int number, const std::string& body, bool is_private,
                              catalog::DatasetState state = catalog::DatasetState::kPublished) {
  static const catalog::Organization organizations[] = {
      {.id = "00000000-0000-4000-8000-000000000001",
       .slug = "smhi",
       .name_sv = "Sveriges meteorologiska och hydrologiska institut",
       .name_en = "Swedish Meteorological and Hydrological Institute",
       .type = "NationalAuthority"},
      {.id = "00000000-0000-4000-8000-000000000002",
       .slug = "scb",
       .name_sv = "Statistiska centralbyrån",
       .type = "NationalAuthority"}};
  auto parsed = samverka::json::parse(body);
  require(parsed.ok(), "a seed body is JSON");
  auto checked = catalog::check_dataset(parsed.value());
  require(checked.ok(), "a seed body passes the dataset rules");
  const catalog::Organization& publisher = organizations[number % 2];
  catalog::DatasetRecord record;
  record.id = "00000000-0000-4000-9000-00000000000" + std::to_string(number);
  record.slug = "dataset-" + std::to_string(number);
  record.publisher_id = publisher.id;
  record.state = state;
  record.is_private = is_private;
  record.created = "2025-0" + std::to_string(number) + "-01T00:00:00Z";
  record.record_modified = "2026-01-0" + std::to_string(number) + "T12:00:00Z";
  record.revision = number;
  record.document = std::move(checked->document);
  return catalog::dataset_index_document(record, &publisher);
}

void close_index() {
  delete reader;
  reader = nullptr;
  samverka::fuzz::remove_directory(root);
}

size_t number(std::string_view text) {
  return static_cast<size_t>(std::strtoull(std::string(text).c_str(), nullptr, 10));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  search::set_facets(samverka::catalog::catalog_facets());
  // The language data the server loads: queries go through the Swedish lexicon and the
  // translations too.
  search::LanguageResources language;
  auto lexicon = search::SwedishLexicon::load("/usr/share/hunspell/sv_SE");
  require(lexicon.ok(), "hunspell-sv is installed");
  language.swedish = lexicon.value();
  language.bilingual = search::BilingualDictionary::load(
      {{"/usr/share/dictd/freedict-swe-eng", true}, {"/usr/share/dictd/freedict-eng-swe", false}},
      search::BilingualDictionary::glossary(), nullptr);
  search::set_language_resources(language);
  root = samverka::fuzz::make_temp_directory("search");
  std::atexit(close_index);
  auto writer = search::IndexWriter::open((root / "index-1").string());
  require(writer.ok(), "the index opens");
  std::filesystem::create_directory_symlink("index-1", root / "current");
  auto body = [](const char* title_sv, const char* title_en, const char* theme, const char* format,
                 const char* keyword) {
    return std::string(R"({"publisher":"x","title":{"sv":")") + title_sv + R"(","en":")" +
           title_en + R"("},"description":{"sv":")" + title_sv + R"( beskrivning","en":")" +
           title_en + R"( description"},"themes":[")" + theme + R"("],"keywords":{"sv":[")" +
           keyword + R"("]},"distributions":[{"access_url":"https://example.se/)" + format +
           R"(","format":")" + format + R"(","license":"CC0-1.0"}]})";
  };
  const search::IndexDocument documents[] = {
      dataset(1, body("Vattenkvalitet i Mälardalen", "Water quality", "ENVI", "CSV", "vatten"),
              false),
      dataset(
          2,
          body("Befolkning per kommun", "Population by municipality", "SOCI", "XLSX", "befolkning"),
          false),
      dataset(3, body("Luftkvalitet i städer", "Air quality in cities", "ENVI", "JSON", "luft"),
              true),
      dataset(4,
              body("Kollektivtrafikens hållplatser", "Public transport stops", "TRAN", "GEOJSON",
                   "trafik"),
              false),
      dataset(5, body("Skolverkets statistik över betyg", "School grades", "EDUC", "CSV", "skola"),
              false, catalog::DatasetState::kDraft),
      dataset(6, body("Öppna data om väder", "Open weather data", "ENVI", "JSON", "väder"), false),
  };
  for (const auto& each : documents) require(writer.value()->replace(each).ok(), "indexed");
  require(writer.value()->commit(6).ok(), "the index commits");
  writer.value().reset();
  reader = new search::IndexReader((root / "current").string());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  search::SearchQuery query;
  query.facet_sample = search::kFacetSample;
  bool visible_given = false;
  size_t start = 0;
  for (bool first = true; start <= input.size(); first = false) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    start = end + 1;
    if (first) {
      query.text = std::string(line);
      continue;
    }
    if (line.empty()) continue;
    std::string_view rest = line.substr(1);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    size_t equals = rest.find('=');
    std::string name(rest.substr(0, equals));
    std::string value(equals == std::string_view::npos ? "" : rest.substr(equals + 1));
    switch (line.front()) {
      case 'f':
        query.filters[name].push_back(value);
        break;
      case 'r':
        query.required.emplace_back(name, value);
        break;
      case 'c':
        query.facets.emplace_back(rest);
        break;
      case 'v':
        query.visible.emplace_back(rest);
        visible_given = true;
        break;
      case 's':
        query.sort = static_cast<search::SortOrder>(number(rest) % 3);
        break;
      case 'm':
        query.modified_since = std::string(rest);
        break;
      case 'o':
        query.offset = number(rest);
        break;
      case 'l':
        query.limit = number(rest);
        break;
      case 'p':
        query.max_offset = number(rest);
        break;
      case 'F':
        query.facet_limit = number(rest);
        break;
      case 'M':
        query.facet_mincount = number(rest);
        break;
      case 'a':
        query.all_visible = true;
        break;
      case 'x':
        query.exact_counts = true;
        break;
      case 'n':
        query.snippets = false;
        break;
      case 'g':
        query.facet_sample = 2;
        break;
      default:
        break;
    }
  }
  if (!visible_given) query.visible = {search::kOpenVisibility};
  auto results = reader->search(query);
  if (results.ok()) {
    require(results->hits.size() <= query.limit, "at most limit hits");
    for (const auto& [facet, counts] : results->facets) {
      require(counts.size() <= query.facet_limit, "at most facet_limit values a facet");
    }
    if (results->total_exact) require(results->hits.size() <= results->total, "hits <= total");
  }
  auto words = reader->complete(query.text, query.limit % 50);
  if (words.ok()) require(words->size() <= query.limit % 50, "at most limit completions");
  return 0;
}
