// SPDX-License-Identifier: Apache-2.0
#include "net/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>

namespace samverka::net {

namespace {

struct Transfer {
  const FetchOptions* options = nullptr;
  std::string body;
  bool too_large = false;
  std::string refused_address;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->options->max_bytes) {
    transfer->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

bool private_ipv4(const unsigned char* a) {
  return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 100 && (a[1] & 0xC0) == 64) ||
         (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
         (a[0] == 192 && a[1] == 0 && a[2] == 0) || (a[0] == 192 && a[1] == 168) ||
         (a[0] == 198 && (a[1] & 0xFE) == 18) || a[0] >= 224;
}

// IPv6 addresses that embed an IPv4 address are judged by the IPv4 address they carry: a
// request to one reaches (or is translated to) that IPv4 host.
bool private_ipv6(const unsigned char* a) {
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  static const unsigned char kNat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
  static const unsigned char kCompatible[12] = {};
  if (std::memcmp(a, kMapped, 12) == 0) return private_ipv4(a + 12);      // ::ffff:a.b.c.d
  if (std::memcmp(a, kCompatible, 12) == 0) return private_ipv4(a + 12);  // ::a.b.c.d, ::, ::1
  if (std::memcmp(a, kNat64, 12) == 0) return private_ipv4(a + 12);       // 64:ff9b::/96
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B) return true;  // local NAT64
  if (a[0] == 0x20 && a[1] == 0x02) return private_ipv4(a + 2);  // 6to4 2002:a.b.c.d::/48
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {  // Teredo 2001::/32
    unsigned char client[4] = {
        static_cast<unsigned char>(~a[12]), static_cast<unsigned char>(~a[13]),
        static_cast<unsigned char>(~a[14]), static_cast<unsigned char>(~a[15])};
    return private_ipv4(a + 4) || private_ipv4(client);
  }
  return (a[0] & 0xFE) == 0xFC ||                    // unique local fc00::/7
         (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) ||  // link-local fe80::/10
         (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) ||  // site-local fec0::/10 (deprecated)
         (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) ||  // documentation
         (a[0] == 0x01 && std::all_of(a + 1, a + 8, [](unsigned char b) { return b == 0; })) ||
         a[0] == 0xFF;  // multicast
}

curl_socket_t open_socket(void* user, curlsocktype purpose, struct curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (!transfer->options->allow_private_addresses && transfer->options->proxy.empty()) {
    char text[INET6_ADDRSTRLEN] = "";
    bool refused = false;
    if (address->family == AF_INET) {
      auto* ip = reinterpret_cast<sockaddr_in*>(&address->addr);
      refused = private_ipv4(reinterpret_cast<unsigned char*>(&ip->sin_addr));
      inet_ntop(AF_INET, &ip->sin_addr, text, sizeof text);
    } else if (address->family == AF_INET6) {
      auto* ip = reinterpret_cast<sockaddr_in6*>(&address->addr);
      refused = private_ipv6(reinterpret_cast<unsigned char*>(&ip->sin6_addr));
      inet_ntop(AF_INET6, &ip->sin6_addr, text, sizeof text);
    } else {
      refused = true;
    }
    if (refused) {
      transfer->refused_address = text;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

}  // namespace

bool is_private_address(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) == 1) return private_ipv4(bytes.data());
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1) return private_ipv6(bytes.data());
  return true;
}

namespace {

using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

Result<CurlHandle> prepare(const std::string& url, const FetchOptions& options,
                           Transfer& transfer) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kBadRequest, "only http and https URLs are fetched, not " + url);
  }
  global_init();
  CurlHandle handle(curl_easy_init());
  if (!handle) return make_error(ErrorCode::kInternal, "libcurl could not start");
  transfer.options = &options;
  CURL* curl = handle.get();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, options.max_redirects);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options.total_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // "" turns proxies off, whatever the environment says; a configured one is used.
  curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "samverka");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &transfer);
  return handle;
}

Status refused(const std::string& url, const Transfer& transfer) {
  if (transfer.refused_address.empty()) return {};
  return make_error(ErrorCode::kForbidden,
                    url + " resolves to " + transfer.refused_address +
                        ", a private or local address; such fetches are refused "
                        "(fetch.allow_private_addresses in samverka.toml)");
}

std::string header_of(CURL* curl, const char* name) {
  curl_header* found = nullptr;
  if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &found) != CURLHE_OK || !found)
    return std::string();
  return std::string(found->value);
}

std::string effective_url(CURL* curl, const std::string& url) {
  char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  return effective ? effective : url;
}

}  // namespace

Result<Fetched> fetch(const std::string& url, const FetchOptions& options) {
  Transfer transfer;
  CurlHandle handle = TRY(prepare(url, options, transfer));
  CURL* curl = handle.get();
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  auto add_header = [&headers](const std::string& line) {
    curl_slist* list = curl_slist_append(headers.get(), line.c_str());
    if (list != nullptr) {
      (void)headers.release();
      headers.reset(list);
    }
  };
  // Validators come from another server's answer: no line breaks may pass into ours.
  auto clean = [](const std::string& value) {
    return value.find_first_of("\r\n") == std::string::npos && value.size() < 1000;
  };
  if (!options.accept.empty()) add_header("Accept: " + options.accept);
  if (!options.if_none_match.empty() && clean(options.if_none_match))
    add_header("If-None-Match: " + options.if_none_match);
  if (!options.if_modified_since.empty() && clean(options.if_modified_since))
    add_header("If-Modified-Since: " + options.if_modified_since);
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  CURLcode code = curl_easy_perform(curl);
  TRY(refused(url, transfer));
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorCode::kPayloadTooLarge,
                      url + " is larger than " + std::to_string(options.max_bytes) + " bytes");
  }
  if (code != CURLE_OK) {
    return make_error(ErrorCode::kUnavailable,
                      "could not fetch " + url + ": " + curl_easy_strerror(code));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  bool conditional = !options.if_none_match.empty() || !options.if_modified_since.empty();
  if ((status < 200 || status > 299) && !(status == 304 && conditional)) {
    return make_error(ErrorCode::kUnavailable, url + " answered HTTP " + std::to_string(status));
  }
  Fetched fetched;
  fetched.not_modified = status == 304;
  fetched.etag = header_of(curl, "ETag");
  fetched.last_modified = header_of(curl, "Last-Modified");
  fetched.body = std::move(transfer.body);
  char* content_type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) fetched.content_type = content_type;
  fetched.url = effective_url(curl, url);
  return fetched;
}

Result<Probed> probe(const std::string& url, const FetchOptions& options) {
  FetchOptions bounded = options;
  bounded.max_bytes = std::min<size_t>(options.max_bytes, 64 * 1024);
  Probed probed;
  for (const char* method : {"HEAD", "GET"}) {
    Transfer transfer;
    CurlHandle handle = TRY(prepare(url, bounded, transfer));
    CURL* curl = handle.get();
    if (method == std::string_view("HEAD")) {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_RANGE, "0-0");  // a server that ignores it is cut off
    }
    CURLcode code = curl_easy_perform(curl);
    TRY(refused(url, transfer));
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 0 || (code != CURLE_OK && !transfer.too_large)) {
      return make_error(ErrorCode::kUnavailable,
                        "no answer from " + url + ": " + curl_easy_strerror(code));
    }
    probed = Probed{status, effective_url(curl, url), "", std::nullopt, method};
    char* content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) probed.content_type = content_type;
    std::string range = header_of(curl, "Content-Range");  // bytes 0-0/12345
    if (size_t slash = range.rfind('/'); slash != std::string::npos) {
      int64_t total = 0;
      auto [end, error] =
          std::from_chars(range.data() + slash + 1, range.data() + range.size(), total);
      if (error == std::errc() && end == range.data() + range.size()) probed.content_length = total;
    } else if (status / 100 == 2) {
      curl_off_t length = -1;
      curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      if (length >= 0 && method == std::string_view("HEAD")) probed.content_length = length;
    }
    // Servers that do not serve HEAD say so in several ways; a GET settles it.
    if (status != 400 && status != 403 && status != 405 && status != 501) break;
  }
  return probed;
}

}  // namespace samverka::net
