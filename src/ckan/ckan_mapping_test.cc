// SPDX-License-Identifier: Apache-2.0
// A dataset in the API's JSON shape in, CKAN's package dict out: the expected dict is written
// by hand from docs/ckan-compat.md and CKAN's package_show.
#include "ckan/ckan_mapping.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace samverka::ckan {
namespace {

namespace bj = boost::json;

TEST(CkanMapping, PackageOfADataset) {
  bj::object dataset = json::parse(R"({
    "id": "11111111-2222-4333-8444-555555555555", "slug": "luftkvalitet",
    "iri": "https://example.se/ds/1", "identifier": "ds-1",
    "title": {"sv": "Luftkvalitet", "en": "Air quality"},
    "description": {"en": "Measurements."},
    "state": "published", "private": false,
    "created": "2026-01-01T00:00:00.000Z", "metadata_modified": "2026-01-02T00:00:00.000Z",
    "publisher": "org-1", "landing_page": "https://example.se/luft", "version": "2",
    "contact_point": {"kind": "organization", "name": "Kundtjänst", "email": "info@example.se"},
    "keywords": {"sv": ["luft"], "en": ["air"]},
    "themes": ["ENVI"], "languages": ["SWE", "ENG"], "frequency": "DAILY",
    "temporal": {"start": "2020-01-01"},
    "distributions": [
      {"id": "d1", "title": {"sv": "CSV-fil"}, "access_url": "https://example.se/luft",
       "download_urls": ["https://example.se/luft.csv"], "format": "CSV", "media_type": "text/csv",
       "byte_size": 1024, "license": "http://creativecommons.org/publicdomain/zero/1.0/",
       "checksum": {"algorithm": "sha256", "value": "ab12"}}]})")
                           .value()
                           .as_object();
  catalog::Organization organization;
  organization.id = "org-1";
  organization.slug = "exempelverket";
  organization.name_sv = "Exempelverket";
  organization.email = "registrator@example.se";
  organization.created = "2025-01-01T00:00:00.000Z";

  bj::object package = package_of(dataset, &organization, "https://portal.example");
  // Vocabulary labels come from the EU vocabularies: checked apart from the rest.
  ASSERT_EQ(package["groups"].as_array().size(), 1u);
  bj::object group = package["groups"].as_array()[0].as_object();
  EXPECT_EQ(group["name"], "envi");
  EXPECT_EQ(group["id"], "http://publications.europa.eu/resource/authority/data-theme/ENVI");
  EXPECT_FALSE(group["title"].as_string().empty());
  EXPECT_EQ(package["license_id"], "CC0-1.0");
  EXPECT_FALSE(package["license_title"].as_string().empty());
  package.erase("groups");
  package.erase("license_title");
  bj::value expected = json::parse(R"({
    "id": "11111111-2222-4333-8444-555555555555", "name": "luftkvalitet",
    "title": "Luftkvalitet", "notes": "Measurements.", "url": "https://example.se/luft",
    "version": "2", "state": "active", "private": false, "type": "dataset",
    "metadata_created": "2026-01-01T00:00:00.000000",
    "metadata_modified": "2026-01-02T00:00:00.000000", "owner_org": "org-1",
    "organization": {"id": "org-1", "name": "exempelverket", "title": "Exempelverket",
                     "display_name": "Exempelverket", "description": "", "type": "organization",
                     "is_organization": true, "state": "active", "approval_status": "approved",
                     "image_url": "", "created": "2025-01-01T00:00:00.000000",
                     "extras": [{"key": "email", "value": "registrator@example.se"}]},
    "maintainer": "Kundtjänst", "maintainer_email": "info@example.se",
    "author": "Exempelverket", "author_email": "registrator@example.se",
    "num_tags": 2,
    "tags": [{"name": "luft", "display_name": "luft", "state": "active", "vocabulary_id": null},
             {"name": "air", "display_name": "air", "state": "active", "vocabulary_id": null}],
    "num_resources": 1,
    "resources": [{"id": "d1", "package_id": "11111111-2222-4333-8444-555555555555",
                   "position": 0, "name": "CSV-fil", "description": "",
                   "url": "https://example.se/luft.csv", "access_url": "https://example.se/luft",
                   "format": "CSV", "mimetype": "text/csv", "size": 1024, "state": "active",
                   "url_type": null, "license": "http://creativecommons.org/publicdomain/zero/1.0/",
                   "hash": "sha256:ab12"}],
    "license_id": "CC0-1.0", "license_url": "http://creativecommons.org/publicdomain/zero/1.0/",
    "extras": [{"key": "uri", "value": "https://example.se/ds/1"},
               {"key": "identifier", "value": "ds-1"},
               {"key": "frequency", "value": "DAILY"},
               {"key": "theme", "value": "ENVI"},
               {"key": "language", "value": "SWE,ENG"},
               {"key": "temporal_start", "value": "2020-01-01"},
               {"key": "contact_name", "value": "Kundtjänst"},
               {"key": "contact_email", "value": "info@example.se"},
               {"key": "title_en", "value": "Air quality"}],
    "samverka_url": "https://portal.example/api/v1/datasets/11111111-2222-4333-8444-555555555555"
  })")
                           .value();
  EXPECT_EQ(bj::value(package), expected) << bj::serialize(package);
}

TEST(CkanMapping, StatesAndMissingParts) {
  struct Case {
    const char* state;
    const char* ckan_state;
  };
  for (const Case& test :
       {Case{"published", "active"}, Case{"draft", "draft"}, Case{"withdrawn", "deleted"}}) {
    bj::object dataset{{"id", "x"}, {"state", test.state}};
    bj::object package = package_of(dataset, nullptr, "https://portal.example");
    EXPECT_EQ(package["state"], test.ckan_state) << test.state;
    EXPECT_TRUE(package["organization"].is_null());
    EXPECT_EQ(package["license_id"], "");
    EXPECT_EQ(package["num_resources"], 0);
    EXPECT_EQ(package["extras"].as_array().size(), 0u);
  }
}

}  // namespace
}  // namespace samverka::ckan
