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

std::shared_ptr<const SharedPage> shared(const std::string& body) {
  auto page = std::make_shared<SharedPage>();
  page->response.body = body;
  page->etag = "\"" + body + "\"";
  return page;
}

TEST(PageCache, KeepsPagesUntilTheirTagIsEvictedInEveryLanguage) {
  PageCache cache(100, std::chrono::minutes(1));
  cache.put("sv vatten", "id-1", shared("sv"), cache.generation());
  cache.put("en vatten", "id-1", shared("en"), cache.generation());
  cache.put("sv luft", "id-2", shared("luft"), cache.generation());
  ASSERT_NE(cache.find("sv vatten"), nullptr);
  EXPECT_EQ(cache.find("en vatten")->response.body, "en");
  cache.evict("id-1");
  EXPECT_EQ(cache.find("sv vatten"), nullptr);
  EXPECT_EQ(cache.find("en vatten"), nullptr);
  EXPECT_NE(cache.find("sv luft"), nullptr);
  cache.clear();
  EXPECT_EQ(cache.find("sv luft"), nullptr);
  EXPECT_EQ(cache.figures().entries, 0u);
}

TEST(PageCache, APageRenderedBeforeAChangeIsNotPutBack) {
  PageCache cache(100, std::chrono::minutes(1));
  uint64_t seen = cache.generation();
  cache.evict("id-1");  // the dataset changed while its old page was being rendered
  cache.put("sv vatten", "id-1", shared("old"), seen);
  EXPECT_EQ(cache.find("sv vatten"), nullptr);
  cache.put("sv vatten", "id-1", shared("new"), cache.generation());
  EXPECT_EQ(cache.find("sv vatten")->response.body, "new");
}

TEST(PageCache, AKeyMovedToAnotherTagIsEvictedWithTheNewOne) {
  PageCache cache(100, std::chrono::minutes(1));
  cache.put("sv vatten", "id-1", shared("first"), cache.generation());
  cache.put("sv vatten", "id-2", shared("second"), cache.generation());  // the slug moved
  cache.evict("id-1");
  EXPECT_NE(cache.find("sv vatten"), nullptr);
  cache.evict("id-2");
  EXPECT_EQ(cache.find("sv vatten"), nullptr);
}

TEST(PageCache, EntriesExpireAndTheCountIsBounded) {
  PageCache expiring(100, std::chrono::milliseconds(0));
  expiring.put("sv vatten", "id-1", shared("x"), expiring.generation());
  EXPECT_EQ(expiring.find("sv vatten"), nullptr);
  PageCache small(32, std::chrono::minutes(1));
  for (int i = 0; i < 1000; ++i) {
    std::string key = "sv " + std::to_string(i);
    small.put(key, "id-" + std::to_string(i), shared(key), small.generation());
  }
  EXPECT_LE(small.figures().entries, 48u);
  EXPECT_NE(small.find("sv 999"), nullptr);  // the newest stays
  PageCache none(0, std::chrono::minutes(1));
  none.put("sv vatten", "id-1", shared("x"), none.generation());
  EXPECT_EQ(none.find("sv vatten"), nullptr);
}

TEST(SharedPage, AnswersWith304GzipAndTheLanguageCookie) {
  Page page;
  page.lang = Lang::kEn;
  page.template_name = "error";
  page.title = "Title";
  page.path = "/datasets/x";
  page.view["heading"] = std::string(3000, 'h');
  page.view["text"] = "text";
  auto shared = share_page(page);
  ASSERT_NE(shared, nullptr);
  EXPECT_FALSE(shared->gzipped.empty());
  EXPECT_NE(shared->response.body.find("<html lang=\"en\""), std::string::npos);
  auto header = [](const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return std::string();
  };
  http::Response zipped = shared_page_response(
      request_with({{"accept-encoding", "gzip"}, {"cookie", "lang=sv"}}), *shared, Lang::kEn);
  EXPECT_EQ(header(zipped, "Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.body, shared->gzipped);
  EXPECT_NE(header(zipped, "Set-Cookie").find("lang=en"), std::string::npos);
  EXPECT_NE(header(zipped, "Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  http::Response plain =
      shared_page_response(request_with({{"cookie", "lang=en"}}), *shared, Lang::kEn);
  EXPECT_EQ(plain.body, shared->response.body);
  EXPECT_EQ(header(plain, "Set-Cookie"), "");
  http::Response unchanged =
      shared_page_response(request_with({{"if-none-match", shared->etag}}), *shared, Lang::kEn);
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
  EXPECT_EQ(header(unchanged, "ETag"), shared->etag);
  page.headers.emplace_back("Set-Cookie", "x=1");
  EXPECT_EQ(share_page(page), nullptr);  // a page with its own cookie is not everyone's
}

TEST(Assets, HashedNamesChangeWithContent) {
  std::string css = asset_url("samverka.css");
  EXPECT_TRUE(std::regex_match(css, std::regex(R"(/static/samverka\.[0-9a-f]{12}\.css)"))) << css;
}

}  // namespace
}  // namespace samverka::web
