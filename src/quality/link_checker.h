// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/fetch.h"
#include "quality/quality_store.h"

namespace samverka::quality {

struct LinkCheckSettings {
  int concurrency = 8;             // checks at once, over all hosts
  double per_host_per_second = 2;  // requests started per second to one host
  int per_host_at_once = 2;        // checks at once to one host
  int keep_history = 20;           // checks kept per URL
  int max_interval_days = 30;      // the longest wait before a working URL is checked again
  net::FetchOptions fetch;         // timeouts, private addresses, proxy
};

// What a check concluded, and when the URL is due again: a URL that answers below 400 is
// checked again after 1, 2, 4 ... days while it keeps working (at most max_interval_days); one
// that does not, the next day.
LinkCheck conclude(const std::string& url, const Result<net::Probed>& probed,
                   const std::optional<LinkCheck>& previous, int64_t now_seconds,
                   const LinkCheckSettings& settings);

// The host part of an http(s) URL, lower-cased, with its port ("" when there is none).
std::string host_of(const std::string& url);

// Checks URLs politely (see LinkCheckSettings) on worker threads; `done` is called for each
// check, one call at a time. Stops early once `cancelled` says so.
void check_links(const std::vector<std::string>& urls, const LinkCheckSettings& settings,
                 const std::function<std::optional<LinkCheck>(const std::string&)>& previous,
                 const std::function<void(LinkCheck)>& done,
                 const std::function<bool()>& cancelled);

}  // namespace samverka::quality
