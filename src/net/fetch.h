// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/result.h"

namespace samverka::net {

struct FetchOptions {
  size_t max_bytes = size_t{512} << 20;
  long connect_timeout_seconds = 10;
  long total_timeout_seconds = 300;
  long max_redirects = 5;
  // Loopback, private, link-local, shared, multicast and reserved addresses are refused unless
  // this is set (fetch.allow_private_addresses in samverka.toml; tests set it).
  bool allow_private_addresses = false;
  std::string accept;  // the Accept header, when set
  // An HTTP proxy for every fetch (fetch.proxy in samverka.toml). Proxy variables in the
  // environment (http_proxy ...) are ignored: an outbound request goes where the settings say.
  // Through a proxy, the proxy resolves names, so keeping fetches off private addresses is the
  // proxy's job.
  std::string proxy;
  // A conditional GET: the validators a previous fetch gave. A 304 answer is then no error
  // but a Fetched with not_modified set and no body.
  std::string if_none_match;
  std::string if_modified_since;
};

struct Fetched {
  std::string body;
  std::string content_type;
  std::string url;            // after redirects
  bool not_modified = false;  // 304 to a conditional GET
  std::string etag;           // the answer's validators, for the next conditional GET
  std::string last_modified;
};

// Fetches an http or https URL within bounds: timeouts, a size limit, a few redirects (also
// http(s) only). The address check runs on each address actually connected to, so neither a
// redirect nor a DNS answer can lead it to a refused address. A status other than 2xx is an
// error that names it. Thread-safe.
Result<Fetched> fetch(const std::string& url, const FetchOptions& options);

// What a link check learns of a URL.
struct Probed {
  long status = 0;  // the HTTP status of the last answer (after redirects)
  std::string url;  // after redirects
  std::string content_type;
  std::optional<int64_t> content_length;
  std::string method;  // HEAD, or GET when HEAD was refused (400, 403, 405, 501)
};

// Asks whether a URL answers, as a link checker does: HEAD, then a GET of its first byte when
// HEAD is refused; at most 64 KB are read. Any HTTP status is an answer; an error means none
// (refused address, name not found, no connection, timeout). Same bounds as fetch.
Result<Probed> probe(const std::string& url, const FetchOptions& options);

// True for the addresses fetch refuses by default (IPv4 or IPv6, in text form).
bool is_private_address(const std::string& address);

}  // namespace samverka::net
