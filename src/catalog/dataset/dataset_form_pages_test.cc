// SPDX-License-Identifier: Apache-2.0
#include "catalog/dataset/dataset_form_pages.h"

#include <gtest/gtest.h>

namespace samverka::catalog {
namespace {

namespace bj = boost::json;

web::Form form_of(std::vector<std::pair<std::string, std::string>> fields) {
  web::Form form;
  for (auto& [name, value] : fields) form.fields.push_back({name, value, std::nullopt, ""});
  return form;
}

const bj::object kStored = bj::parse(R"({
  "publisher": "scb", "title": {"sv": "Gammal", "en": "Old"}, "spatial": ["http://sws.geonames.org/2661886/"],
  "contact_point": {"kind": "individual", "name": "Eva", "phone": "+46 8 1"},
  "distributions": [
    {"title": {"en": "Only English"}, "access_url": "https://a.example/1", "format": "CSV", "media_type": "text/csv"},
    {"access_url": "https://a.example/2", "format": "JSON"}]})")
                               .as_object();

TEST(DatasetFormTest, KeepsWhatTheFormDoesNotShowAndDropsRemovedAndBlankRows) {
  auto form = form_of({{"rows", "3"},
                       {"publisher", "scb"},
                       {"title_sv", "  Ny titel "},
                       {"keywords_sv", "a, b ,, c"},
                       {"contact_name", "Eva"},
                       {"d0_existing", "1"},
                       {"d0_title", "Bara engelska"},
                       {"d0_access_url", "https://a.example/1"},
                       {"d0_format", "CSV"},
                       {"d1_existing", "1"},
                       {"d1_remove", "1"},
                       {"d1_access_url", "https://a.example/2"},
                       {"d2_title", ""},
                       {"d2_access_url", ""}});
  DatasetForm out = dataset_from_form(form, kStored);
  const bj::object& document = out.document;
  EXPECT_EQ(document.at("title"), bj::parse(R"({"sv": "Ny titel"})"))
      << "an emptied English title goes";
  EXPECT_EQ(document.at("keywords"), bj::parse(R"({"sv": ["a", "b", "c"]})"));
  EXPECT_EQ(document.at("spatial"), kStored.at("spatial")) << "fields the form lacks are kept";
  EXPECT_EQ(document.at("contact_point"),
            bj::parse(R"({"kind": "individual", "name": "Eva", "phone": "+46 8 1"})"));
  ASSERT_EQ(document.at("distributions").as_array().size(), 1u);
  const bj::object& kept = document.at("distributions").as_array()[0].as_object();
  EXPECT_EQ(kept.at("media_type"), "text/csv");
  EXPECT_EQ(kept.at("title"), bj::parse(R"({"en": "Bara engelska"})"))
      << "the title stays in its language";
  EXPECT_EQ(out.distribution_rows, std::vector<int>{0});
}

TEST(DatasetFormTest, ErrorsLandOnTheRowsTheyCameFromInThePagesLanguage) {
  auto form = form_of({{"rows", "3"},
                       {"d0_existing", "1"},
                       {"d0_remove", "1"},
                       {"d1_existing", "1"},
                       {"d1_access_url", "x"},
                       {"d2_format", "CSV"}});
  DatasetForm out = dataset_from_form(form, kStored);
  ASSERT_EQ(out.distribution_rows, (std::vector<int>{1, 2}));
  Error error{ErrorCode::kValidation,
              "invalid",
              {{"distributions[0].access_url", "must be an absolute http or https URL"},
               {"distributions[1].access_url", "is required"},
               {"title", "is required in at least one language"}}};
  auto swedish = dataset_form_errors(error, out, web::Lang::kSv);
  ASSERT_EQ(swedish.size(), 3u);
  EXPECT_EQ(swedish[0].field, "d1_access_url");
  EXPECT_NE(swedish[0].message.find("måste vara en fullständig webbadress"), std::string::npos)
      << swedish[0].message;
  EXPECT_EQ(swedish[1].field, "d2_access_url");
  EXPECT_EQ(swedish[2].field, "title_sv");
  EXPECT_NE(swedish[2].message.find("krävs på minst ett språk"), std::string::npos);
  auto english = dataset_form_errors(error, out, web::Lang::kEn);
  EXPECT_NE(english[2].message.find("is required in at least one language"), std::string::npos);
  Error forbidden{ErrorCode::kForbidden, "no", {}};
  auto refused = dataset_form_errors(forbidden, out, web::Lang::kEn);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].field, "publisher");
}

TEST(DatasetFormTest, TheViewOfAStoredDatasetHasItsValuesAndABlankRow) {
  bj::object view = dataset_form_view(kStored, web::Lang::kEn);
  EXPECT_EQ(view.at("title_sv"), "Gammal");
  EXPECT_EQ(view.at("rows"), 3);
  const bj::array& rows = view.at("distributions").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("title"), "Only English");
  EXPECT_EQ(rows[1].at("format"), "JSON");
  EXPECT_EQ(rows[2].at("existing"), false);
}

}  // namespace
}  // namespace samverka::catalog
