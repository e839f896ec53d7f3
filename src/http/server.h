// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace samverka::http {

// Which requests get a log line: none, those answered 5xx or slower than the slow threshold,
// or every one.
enum class RequestLog { kNone, kErrors, kAll };

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;                       // 0: one per core
  size_t body_limit = 10 * 1024 * 1024;  // bytes; larger bodies get 413
  int read_timeout_seconds = 30;         // a request must arrive whole within this
  int drain_timeout_seconds = 20;        // how long SIGTERM waits for in-flight requests
  int blocking_threads = 4;              // threads for requests that may block (writes)
  // Time budgets (see core/deadline.h): work that checks them stops once a read has run this
  // long, or a blocking request (a write, a wait) that; and as soon as its client has gone.
  int read_budget_ms = 10000;
  int blocking_budget_ms = 120000;
  size_t blocking_queue = 256;  // blocking requests waiting past it get 503
  RequestLog request_log = RequestLog::kErrors;
  double slow_request_seconds = 1.0;  // kErrors also logs requests slower than this
  // Open connections, in all and from one client address; past them a new connection gets a
  // 503 and is closed at once. Both are also kept under the process's file-descriptor limit.
  // Bytes of large answers (over 64 KiB) waiting to be sent, in all: past it, another large
  // answer gets 503, so slow readers cannot pile answers up in memory. An answer must also be
  // read at min_send_rate (after the first read_timeout_seconds) or its connection is closed.
  size_t output_buffer_limit = size_t{256} << 20;
  size_t min_send_rate = 32 << 10;  // bytes per second
  int max_connections = 2048;
  int max_connections_per_client = 128;
  // Called once when shutdown begins (a signal or stop()), e.g. to bound how long it may take.
  std::function<void()> on_shutdown;
};

// An HTTP/1.1 server. Requests are parsed and routed on the network threads. Reads are answered
// there; requests that may block (see may_block: writes, waiting for the index) run on a
// bounded pool of their own, so a long write never holds up a read, and a full pool answers
// 503 with Retry-After. Malformed requests get a 4xx problem+json and never reach a handler; an
// exception escaping a handler becomes a 500 and is logged. Every response carries
// X-Request-Id (the client's, when it sent a sane one), which log lines and problems name.
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
