// SPDX-License-Identifier: Apache-2.0
#include "quality/link_checker.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/text.h"

namespace samverka::quality {

using Steady = std::chrono::steady_clock;

LinkCheck conclude(const std::string& url, const Result<net::Probed>& probed,
                   const std::optional<LinkCheck>& previous, int64_t now_seconds,
                   const LinkCheckSettings& settings) {
  LinkCheck check;
  check.url = url;
  check.checked = clock::iso_from_seconds(now_seconds);
  if (probed.ok()) {
    check.status = probed->status;
    check.reachable = probed->status >= 200 && probed->status < 400;
    check.final_url = probed->url == url ? "" : probed->url;
    check.content_type = probed->content_type;
    check.content_length = probed->content_length;
    check.method = probed->method;
  } else {
    check.error = probed.error().message;
  }
  check.streak =
      previous && previous->reachable == check.reachable ? previous->streak + 1 : int64_t{1};
  int64_t days = 1;
  if (check.reachable) {
    days = int64_t{1} << std::min<int64_t>(check.streak - 1, 30);
    days = std::min<int64_t>(days, settings.max_interval_days);
  }
  check.next_check = clock::iso_from_seconds(now_seconds + days * 86400);
  return check;
}

std::string host_of(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  if (size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  return text::ascii_lower(authority);
}

void check_links(const std::vector<std::string>& urls, const LinkCheckSettings& settings,
                 const std::function<std::optional<LinkCheck>(const std::string&)>& previous,
                 const std::function<void(LinkCheck)>& done,
                 const std::function<bool()>& cancelled) {
  struct Host {
    std::deque<std::string> urls;
    Steady::time_point next_start{};
    int at_once = 0;
  };
  std::map<std::string, Host> hosts;
  for (const std::string& url : urls) hosts[host_of(url)].urls.push_back(url);
  auto spacing = std::chrono::duration_cast<Steady::duration>(
      std::chrono::duration<double>(1.0 / std::max(settings.per_host_per_second, 0.01)));
  std::mutex mutex;
  std::condition_variable wake;
  size_t left = urls.size();
  bool stop = false;

  auto work = [&] {
    std::unique_lock lock(mutex);
    while (true) {
      if (stop || left == 0) return;
      if (cancelled && cancelled()) {
        stop = true;
        wake.notify_all();
        return;
      }
      // The host that may be asked soonest, among those with URLs left and a free slot.
      Host* chosen = nullptr;
      std::string chosen_name;
      for (auto& [name, host] : hosts) {
        if (host.urls.empty() || host.at_once >= settings.per_host_at_once) continue;
        if (chosen == nullptr || host.next_start < chosen->next_start) {
          chosen = &host;
          chosen_name = name;
        }
      }
      Steady::time_point now = Steady::now();
      if (chosen == nullptr) {  // every host with URLs left is busy: wait for a check to end
        wake.wait_for(lock, std::chrono::milliseconds(200));
        continue;
      }
      if (chosen->next_start > now) {
        wake.wait_until(lock, std::min(chosen->next_start, now + std::chrono::milliseconds(200)));
        continue;
      }
      std::string url = std::move(chosen->urls.front());
      chosen->urls.pop_front();
      chosen->next_start = now + spacing;
      ++chosen->at_once;
      lock.unlock();
      std::optional<LinkCheck> before = previous ? previous(url) : std::nullopt;
      Result<net::Probed> probed = net::probe(url, settings.fetch);
      LinkCheck check = conclude(url, probed, before, clock::now_seconds(), settings);
      lock.lock();
      --hosts[chosen_name].at_once;
      --left;
      done(std::move(check));
      wake.notify_all();
    }
  };
  int workers = std::clamp<int>(settings.concurrency, 1, 64);
  workers = std::min<int>(workers, static_cast<int>(std::max<size_t>(urls.size(), 1)));
  std::vector<std::jthread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
}

}  // namespace samverka::quality
