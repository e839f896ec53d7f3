// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace samverka::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;                           // 0: one per core
  size_t body_limit = 10 * 1024 * 1024;      // bytes; larger bodies get 413
  int read_timeout_seconds = 30;             // a request must arrive whole within this
  int drain_timeout_seconds = 20;            // how long SIGTERM waits for in-flight requests
};

// An HTTP/1.1 server. Requests are parsed, routed and answered on a pool of threads; handlers
// may block (database calls). Malformed requests get a 4xx problem+json and never reach a
// handler; an exception escaping a handler becomes a 500 and is logged.
class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();

  // Binds and listens; returns the actual port (useful with port 0).
  Result<uint16_t> listen();
  // Serves until SIGTERM or SIGINT (or stop()), then stops accepting, lets in-flight requests
  // finish within the drain timeout and returns.
  void run();
  void stop();

  class Impl;  // public so the connection code in server.cc can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverka::http
