// SPDX-License-Identifier: Apache-2.0
#include "http/form.h"

#include <boost/url/parse_query.hpp>

#include "core/text.h"

namespace samverka::http {

namespace {

Error bad(const std::string& message) {
  return make_error(ErrorCode::kBadRequest, "the form body is malformed: " + message);
}

// A parameter of a header value (boundary=..., name="..."), unquoted; nothing when absent.
std::optional<std::string> header_parameter(std::string_view value, std::string_view key) {
  size_t at = 0;
  while ((at = value.find(';', at)) != std::string_view::npos) {
    ++at;
    while (at < value.size() && value[at] == ' ') ++at;
    size_t equals = value.find('=', at);
    if (equals == std::string_view::npos) return std::nullopt;
    std::string name = text::ascii_lower(value.substr(at, equals - at));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    size_t start = equals + 1;
    std::string out;
    if (start < value.size() && value[start] == '"') {
      size_t cursor = start + 1;
      while (cursor < value.size() && value[cursor] != '"') {
        if (value[cursor] == '\\' && cursor + 1 < value.size()) ++cursor;
        out.push_back(value[cursor++]);
      }
      at = cursor;
    } else {
      size_t end = value.find(';', start);
      if (end == std::string_view::npos) end = value.size();
      out = std::string(value.substr(start, end - start));
      while (!out.empty() && out.back() == ' ') out.pop_back();
      at = end;
    }
    if (name == key) return out;
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<FormField>> parse_urlencoded(std::string_view body) {
  auto parsed = boost::urls::parse_query(body);
  if (!parsed) return bad("not application/x-www-form-urlencoded");
  std::vector<FormField> fields;
  for (auto param : *parsed) {
    if (param.key.empty() && !param.has_value) continue;
    if (fields.size() >= kMaxFormFields)
      return bad("more than " + std::to_string(kMaxFormFields) + " fields");
    boost::urls::encoding_opts options;
    options.space_as_plus = true;
    FormField field;
    field.name = param.key.decode(options);
    field.value = param.value.decode(options);
    fields.push_back(std::move(field));
  }
  return fields;
}

Result<std::vector<FormField>> parse_multipart(std::string_view body,
                                               std::string_view content_type) {
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    return bad("multipart/form-data needs a boundary parameter of 1-70 characters");
  }
  std::string delimiter = "--" + *boundary;
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return bad("the boundary does not occur in the body");
  std::vector<FormField> fields;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return fields;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return bad("a boundary line must end with CRLF");
    at += 2;
    size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return bad("a part's headers do not end");
    if (headers_end - at > 8192) return bad("a part's headers are longer than 8 KB");
    FormField field;
    bool named = false;
    std::string_view headers = body.substr(at, headers_end - at);
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      std::string_view line = headers.substr(line_start, line_end - line_start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name = text::ascii_lower(line.substr(0, colon));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (name == "content-disposition") {
          if (auto field_name = header_parameter(value, "name")) {
            field.name = *field_name;
            named = true;
          }
          field.filename = header_parameter(value, "filename");
        } else if (name == "content-type") {
          field.content_type = std::string(value);
        }
      }
      line_start = line_end + 2;
    }
    if (!named) return bad("a part has no Content-Disposition name");
    size_t content = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) return bad("a part does not end with the boundary");
    field.value = std::string(body.substr(content, next - content));
    if (!field.filename && text::invalid_utf8_offset(field.value))
      return bad("field '" + field.name + "' is not valid UTF-8");
    if (fields.size() >= kMaxFormFields)
      return bad("more than " + std::to_string(kMaxFormFields) + " fields");
    fields.push_back(std::move(field));
    at = next + 2;
  }
}

}  // namespace samverka::http
