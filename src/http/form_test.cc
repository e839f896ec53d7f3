// SPDX-License-Identifier: Apache-2.0
// Form bodies as ckanr (multipart) and browsers (urlencoded) send them.
#include "http/form.h"

#include <gtest/gtest.h>

namespace samverka::http {
namespace {

TEST(Form, Urlencoded) {
  auto fields = parse_urlencoded("id=luft&q=vatten+kvalitet&tags=a&tags=%C3%A5%26b&empty=");
  ASSERT_TRUE(fields.ok());
  ASSERT_EQ(fields->size(), 5u);
  EXPECT_EQ((*fields)[1].value, "vatten kvalitet");
  EXPECT_EQ((*fields)[3].name, "tags");
  EXPECT_EQ((*fields)[3].value, "å&b");
  EXPECT_EQ((*fields)[4].value, "");
}

TEST(Form, Multipart) {
  std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nluft\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n--XyZ--\r\n";
  auto fields = parse_multipart(body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(fields.ok()) << fields.error().message;
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[0].name, "id");
  EXPECT_EQ((*fields)[0].value, "luft");
  EXPECT_FALSE((*fields)[0].filename);
  EXPECT_EQ((*fields)[1].filename.value_or(""), "a.csv");
  EXPECT_EQ((*fields)[1].content_type, "text/csv");
  EXPECT_EQ((*fields)[1].value, "a,b\r\n1,2");
  auto quoted =
      parse_multipart("--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--",
                      "multipart/form-data; boundary=\"a b\"");
  ASSERT_TRUE(quoted.ok()) << quoted.error().message;
  EXPECT_EQ((*quoted)[0].value, "1");
}

TEST(Form, MalformedMultipartSaysWhat) {
  auto message = [](std::string_view body,
                    std::string_view type = "multipart/form-data; boundary=b") {
    auto fields = parse_multipart(body, type);
    return fields.ok() ? std::string("ok") : fields.error().message;
  };
  EXPECT_EQ(message("x", "multipart/form-data"),
            "the form body is malformed: multipart/form-data needs a boundary parameter of 1-70 "
            "characters");
  EXPECT_EQ(message("nothing"),
            "the form body is malformed: the boundary does not occur in the body");
  EXPECT_EQ(message("--b\r\nContent-Disposition: form-data; name=x\r\n\r\nno end"),
            "the form body is malformed: a part does not end with the boundary");
  EXPECT_EQ(message("--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--"),
            "the form body is malformed: a part has no Content-Disposition name");
  EXPECT_EQ(message("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n\xff\r\n--b--"),
            "the form body is malformed: field 'x' is not valid UTF-8");
  EXPECT_EQ(message("--b\r\nContent-Disposition: form-data; name=x"),
            "the form body is malformed: a part's headers do not end");
}

}  // namespace
}  // namespace samverka::http
