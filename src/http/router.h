// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace samverka::http {

using Handler = std::function<Response(Request&)>;

// True for requests that may wait on the database writer or the search index: every method but
// GET, HEAD and OPTIONS, and any request with ?wait_for_index. The server runs them on its
// blocking pool, apart from the network threads that answer reads.
bool may_block(const Request& request);

// Maps (method, path pattern) to handlers. Patterns are literal segments and {name} segments,
// e.g. /api/v1/datasets/{id}/activity; a {name} matches one non-empty segment.
// Routes are added at start-up; matching is then safe from many threads.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  // Finds the handler; fills request.params and request.route. kNotFound when no pattern matches
  // the path, kMethodNotAllowed (with the allowed methods in the message) when only the method
  // differs.
  Result<const Handler*> match(Request& request) const;

  // Answers requests that no route matches (the portal's 404 page for browsers); without it
  // they get a problem+json 404. request.route is "(none)" for it.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Runs after every matched handler, with its response (e.g. to wait for the search index).
  using After = std::function<void(const Request&, Response&)>;
  void set_after(After after) { after_ = std::move(after); }
  void after(const Request& request, Response& response) const {
    if (after_) after_(request, response);
  }

  // The methods the request's path has ("GET, HEAD, PUT"), for a 405's Allow header.
  std::string allowed_methods(const Request& request) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
  After after_;
  Handler fallback_;
};

}  // namespace samverka::http
