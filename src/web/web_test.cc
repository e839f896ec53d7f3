// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "web/markdown.h"
#include "web/page.h"
#include "web/render.h"
#include "web/resources.h"

namespace samverka::web {
namespace {

TEST(Markdown, DropsRawHtmlAndDangerousLinks) {
  std::string html = markdown_html(
      "Hej <script>alert(1)</script> *du*\n\n[klick](javascript:alert(1)) "
      "<img src=x onerror=alert(1)>");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find("<em>du</em>"), std::string::npos) << html;
}

TEST(Markdown, ImagesBecomeLinks) {
  std::string html = markdown_html("![karta](https://example.org/karta.png)");
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://example.org/karta.png\">karta</a>"), std::string::npos)
      << html;
}

TEST(Markdown, Tables) {
  std::string html = markdown_html("| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
}

// Every [[key]] of every template exists in both languages.
TEST(Strings, EveryTemplateKeyIsTranslated) {
  std::regex key_pattern(R"(\[\[([a-z_.0-9]+)\]\])");
  size_t checked = 0;
  for (const std::string& name : resource_names("templates/")) {
    std::string source(*resource(name));
    for (auto it = std::sregex_iterator(source.begin(), source.end(), key_pattern);
         it != std::sregex_iterator(); ++it) {
      std::string key = (*it)[1];
      for (Lang lang : kLanguages) {
        EXPECT_NE(text(lang, key), key) << name << ": " << key << " missing in " << code(lang);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 50u);
}

TEST(Render, EscapesFieldsAndFillsStrings) {
  boost::json::object view{{"heading", "<b>&\"'"}, {"text", "x"}, {"home", "/sv/"}};
  auto html = render("error", Lang::kSv, view);
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("&lt;b&gt;&amp;&quot;&#39;"), std::string::npos) << *html;
  EXPECT_NE(html->find("Till startsidan"), std::string::npos) << *html;
  auto english = render("error", Lang::kEn, view);
  ASSERT_TRUE(english.ok());
  EXPECT_NE(english->find("Go to the home page"), std::string::npos) << *english;
}

TEST(Render, UnknownTemplateIsAnError) {
  EXPECT_FALSE(render("no-such-template", Lang::kSv, {}).ok());
}

TEST(Text, FillsPlaceholders) {
  EXPECT_EQ(text(Lang::kEn, "search.found_many", {{"count", "12"}}), "12 results");
  EXPECT_EQ(text(Lang::kSv, "search.found_many", {{"count", "12"}}), "12 träffar");
}

http::Request request_with(std::vector<std::pair<std::string, std::string>> headers) {
  http::Request request;
  request.method = "GET";
  request.path = "/sv/";
  request.headers = std::move(headers);
  return request;
}

TEST(Language, CookieThenAcceptLanguageThenSwedish) {
  EXPECT_EQ(preferred_lang(request_with({})), Lang::kSv);
  EXPECT_EQ(preferred_lang(request_with({{"accept-language", "en-GB,en;q=0.9"}})), Lang::kEn);
  EXPECT_EQ(preferred_lang(request_with({{"accept-language", "sv-SE,en;q=0.5"}})), Lang::kSv);
  EXPECT_EQ(preferred_lang(request_with({{"accept-language", "de,en;q=0.5,sv;q=0.4"}})), Lang::kEn);
  EXPECT_EQ(preferred_lang(request_with({{"accept-language", "en"}, {"cookie", "a=1; lang=sv"}})),
            Lang::kSv);
}

TEST(Finish, EtagAnswers304AndGzipIsUsedWhenAccepted) {
  http::Response response;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::string(4000, 'a');
  http::Response first = finish(request_with({{"accept-encoding", "gzip, br"}}), response);
  std::string etag, encoding, csp;
  for (const auto& [name, value] : first.headers) {
    if (name == "ETag") etag = value;
    if (name == "Content-Encoding") encoding = value;
    if (name == "Content-Security-Policy") csp = value;
  }
  EXPECT_EQ(encoding, "gzip");
  EXPECT_LT(first.body.size(), 200u);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  ASSERT_FALSE(etag.empty());
  http::Response again = finish(request_with({{"if-none-match", etag}}), response);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  http::Response plain = finish(request_with({{"accept-encoding", "gzip;q=0"}}), response);
  EXPECT_EQ(plain.body.size(), 4000u);
}

TEST(Assets, HashedNamesChangeWithContent) {
  std::string css = asset_url("samverka.css");
  EXPECT_TRUE(std::regex_match(css, std::regex(R"(/static/samverka\.[0-9a-f]{12}\.css)"))) << css;
}

}  // namespace
}  // namespace samverka::web
