// SPDX-License-Identifier: Apache-2.0
// The only file that knows Boost.Beast and Asio.
#include "http/server.h"

#include <malloc.h>
#include <sys/resource.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/deadline.h"
#include "core/log.h"
#include "core/mutex.h"
#include "core/text.h"
#include "core/thread_priority.h"
#include "http/problem.h"
#include "http/request_target.h"
#include "http/work_pool.h"

namespace samverka::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Turns Beast's request into ours (the target: http/request_target.h).
Result<Request> to_request(const bhttp::request<bhttp::string_body>& raw) {
  Request request;
  request.method = std::string(raw.method_string());
  TRY(parse_target(raw.target(), request));
  for (const auto& field : raw) {
    request.headers.emplace_back(text::ascii_lower(field.name_string()),
                                 std::string(field.value()));
  }
  request.body = raw.body();
  return request;
}

// How the body of a request is framed, checked once its head is read and before any of the
// body is: a message whose length two parties could read differently is the raw material of
// request smuggling behind a proxy, so it is refused and the connection closed.
Status check_framing(const bhttp::request_header<>& head) {
  size_t hosts = head.count(bhttp::field::host);
  if (head.version() >= 11 && hosts != 1) {
    return make_error(ErrorCode::kBadRequest, hosts == 0
                                                  ? "an HTTP/1.1 request needs a Host header"
                                                  : "a request may have only one Host header");
  }
  if (hosts > 1)
    return make_error(ErrorCode::kBadRequest, "a request may have only one Host header");
  if (head.count(bhttp::field::transfer_encoding) == 0) return {};
  if (head.version() < 11) {
    return make_error(ErrorCode::kBadRequest, "Transfer-Encoding is not allowed in HTTP/1.0");
  }
  if (head.count(bhttp::field::content_length) > 0) {
    return make_error(ErrorCode::kBadRequest,
                      "a request may not have both Transfer-Encoding and Content-Length");
  }
  std::vector<std::string> codings;
  for (auto range = head.equal_range(bhttp::field::transfer_encoding); range.first != range.second;
       ++range.first) {
    std::string_view list = range.first->value();
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = std::min(list.find(',', start), list.size());
      std::string_view coding = list.substr(start, end - start);
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t'))
        coding.remove_prefix(1);
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
        coding.remove_suffix(1);
      if (!coding.empty()) codings.push_back(text::ascii_lower(coding));
      start = end + 1;
    }
  }
  if (codings.empty() || codings.back() != "chunked") {
    return make_error(ErrorCode::kBadRequest,
                      "the last Transfer-Encoding must be chunked; the body length is unknown");
  }
  if (codings.size() > 1) {
    return make_error(
        ErrorCode::kNotImplemented,
        "only the chunked transfer coding is supported, not '" + codings.front() + "'");
  }
  return {};
}

// Says at most once per interval that something happened, with how often it happened since;
// a flood of failures (accept errors, refused connections) then costs one log line, not one
// per failure.
class LogLimiter {
 public:
  explicit LogLimiter(std::chrono::seconds interval) : interval_(interval) {}
  // Returns how many events to report (this one and those suppressed), or 0 to stay silent.
  uint64_t note() {
    auto now = std::chrono::steady_clock::now();
    MutexLock lock(mutex_);
    ++count_;
    if (now < next_) return 0;
    next_ = now + interval_;
    return std::exchange(count_, 0);
  }

 private:
  const std::chrono::seconds interval_;
  Mutex mutex_;
  std::chrono::steady_clock::time_point next_ GUARDED_BY(mutex_);
  uint64_t count_ GUARDED_BY(mutex_) = 0;
};

// The client's X-Request-Id when it is short and plain (a proxy's id, useful to follow a request
// across hosts), otherwise a new random one.
std::string request_id_for(const bhttp::request<bhttp::string_body>& raw) {
  auto given = raw.find("x-request-id");
  if (given != raw.end()) {
    std::string_view value = given->value();
    bool plain = !value.empty() && value.size() <= 64;
    for (char character : value) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(character)) || character == '-' ||
                        character == '_' || character == '.');
    }
    if (plain) return std::string(value);
  }
  // splitmix64 over a per-thread random start: unique enough to find a request in the logs,
  // and cheap on the read path (a generator per request cost more than the id is worth).
  thread_local uint64_t state = std::random_device{}() * 0x9e3779b97f4a7c15ull;
  uint64_t bits = (state += 0x9e3779b97f4a7c15ull);
  bits = (bits ^ (bits >> 30)) * 0xbf58476d1ce4e5b9ull;
  bits = (bits ^ (bits >> 27)) * 0x94d049bb133111ebull;
  bits ^= bits >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (char& character : id) {
    character = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router, Metrics& metrics)
      : options_(std::move(options)),
        router_(router),
        metrics_(metrics),
        acceptor_(io_),
        accept_backoff_timer_(io_),
        signals_(io_, SIGINT, SIGTERM),
        blocking_(std::make_unique<WorkPool>(std::max(1, options_.blocking_threads),
                                             options_.blocking_queue, thread_priority::kWrites)) {}
  ~Impl() {
    if (drainer_.joinable()) drainer_.join();
  }

  Result<uint16_t> listen() {
    beast::error_code error;
    auto address = asio::ip::make_address(options_.host, error);
    if (error) {
      return make_error(ErrorCode::kBadRequest,
                        "cannot listen on host '" + options_.host + "': not an IP address");
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return make_error(ErrorCode::kUnavailable, "cannot listen on " + options_.host + ":" +
                                                     std::to_string(options_.port) + ": " +
                                                     error.message());
    }
    // Connections stay well inside the descriptors the process may open, leaving room for
    // the database, the index and outbound fetches.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
      int room = static_cast<int>(std::max<rlim_t>(files.rlim_cur, 128) - 96);
      if (options_.max_connections > room) {
        log::event(log::Level::kWarn, "connections_capped",
                   {{"max_connections", std::to_string(room)},
                    {"configured", std::to_string(options_.max_connections)},
                    {"open_files_limit", std::to_string(files.rlim_cur)}});
        options_.max_connections = room;
      }
    }
    return acceptor_.local_endpoint().port();
  }

  void run() {
    signals_.async_wait([this](beast::error_code error, int) {
      if (!error) begin_shutdown();
    });
    accept();
    int threads =
        options_.threads > 0 ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (int index = 1; index < threads; ++index) pool.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : pool) thread.join();
    // The drainer may still be about to call io_.stop(): this object must outlive it.
    if (drainer_.joinable()) drainer_.join();
    // A blocking request past the drain timeout finishes its work (a write is never cut off
    // half-way); its answer is dropped with the connection. Those still waiting in the queue
    // are not started: their clients were dropped and nothing of them was done.
    blocking_->stop(WorkPool::Queued::kDrop);
  }

  void stop() {
    asio::post(io_, [this] { begin_shutdown(); });
  }

  // Counts a new connection from `client`; false when it would pass a cap, and it is then not
  // counted.
  bool admit(const std::string& client) EXCLUDES(connections_mutex_) {
    MutexLock lock(connections_mutex_);
    if (connections_ >= options_.max_connections) return false;
    int& from_client = per_client_[client];
    if (from_client >= options_.max_connections_per_client) {
      if (from_client == 0) per_client_.erase(client);
      return false;
    }
    ++from_client;
    ++connections_;
    return true;
  }
  void release(const std::string& client) EXCLUDES(connections_mutex_) {
    MutexLock lock(connections_mutex_);
    --connections_;
    auto found = per_client_.find(client);
    if (found != per_client_.end() && --found->second <= 0) per_client_.erase(found);
  }

  // Accounts for a large answer about to be sent; false (nothing counted) when the answers
  // already waiting for slow readers fill the budget.
  bool reserve_output(size_t bytes) {
    size_t now = output_in_flight_.load();
    do {
      // (one answer larger than the whole budget is still sent, when it is the only one)
      if (now > 0 && now + bytes > options_.output_buffer_limit) return false;
    } while (!output_in_flight_.compare_exchange_weak(now, now + bytes));
    metrics_.output_waiting(static_cast<int64_t>(bytes));
    return true;
  }
  static constexpr size_t kTrimAfter = 64 << 10;
  void release_output(size_t bytes) {
    output_in_flight_ -= bytes;
    metrics_.output_waiting(-static_cast<int64_t>(bytes));
    // A large answer's memory goes back to the system rather than staying in malloc's arenas
    // (at most once a second: trimming walks every arena).
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    auto last = last_trim_.load();
    if (bytes >= kTrimAfter && now - last > 1'000'000'000 &&
        last_trim_.compare_exchange_strong(last, now)) {
      ::malloc_trim(0);
    }
  }

  // Requests being handled now; shutdown waits for it to reach zero.
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }
  WorkPool& blocking() { return *blocking_; }

 private:
  void accept();

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    log::info("shutting down: no new connections, draining in-flight requests");
    if (options_.on_shutdown) options_.on_shutdown();
    beast::error_code ignored;
    acceptor_.close(ignored);
    // A second SIGTERM or SIGINT ends the process at once, as operators expect while a long
    // drain or write holds up the first.
    signals_.clear(ignored);
    drainer_ = std::thread([this] {
      auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(options_.drain_timeout_seconds);
      while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      io_.stop();
    });
  }

  ServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  // After a failed accept (out of descriptors), the next waits, so the loop cannot spin.
  asio::steady_timer accept_backoff_timer_;
  std::chrono::milliseconds accept_backoff_{10};
  LogLimiter accept_failures_{std::chrono::seconds(10)};
  LogLimiter refused_connections_{std::chrono::seconds(10)};
  asio::signal_set signals_;
  std::atomic<size_t> output_in_flight_{0};
  std::atomic<int64_t> last_trim_{0};
  Mutex connections_mutex_;
  int connections_ GUARDED_BY(connections_mutex_) = 0;
  std::unordered_map<std::string, int> per_client_ GUARDED_BY(connections_mutex_);
  std::thread drainer_;  // waits for in-flight requests, then stops io_; joined by run()
  // Requests that may block; stopped by run(). Declared after io_ and destroyed before it, so
  // no task outlives the io_context its answers are posted to.
  std::unique_ptr<WorkPool> blocking_;
};

namespace {

// Answers larger than this count against ServerOptions::output_buffer_limit.
constexpr size_t kLargeAnswer = 64 << 10;

struct Outgoing {
  std::string head;
  std::string body;
  size_t reserved = 0;             // bytes counted by reserve_output, released when sent or dropped
  Server::Impl* server = nullptr;  // whose budget they count against
  ~Outgoing();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server, std::string client)
      : stream_(std::move(socket)), server_(server), client_(std::move(client)) {
    server_.metrics().connection_opened();
  }
  ~Session() {
    server_.metrics().connection_closed();
    server_.release(client_);
  }

  void start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_.options().body_limit);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(server_.options().read_timeout_seconds));
    // The head first: its framing is checked (and a too-large body refused) before any of the
    // body is read.
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  static bool client_left(beast::error_code error) {
    return error == bhttp::error::end_of_stream || error == asio::error::eof ||
           error == beast::error::timeout || error == asio::error::connection_reset ||
           error == asio::error::operation_aborted;
  }

  void on_header(beast::error_code error, std::size_t) {
    if (client_left(error)) return close();
    if (error) return refuse(error);
    const auto& head = parser_->get();
    if (Status framing = check_framing(head); !framing.ok()) return refuse(framing.error());
    auto expect = head.find(bhttp::field::expect);
    if (expect != head.end()) {
      if (text::ascii_lower(expect->value()) != "100-continue") {
        return refuse(make_error(ErrorCode::kExpectationFailed,
                                 "the only expectation supported is 100-continue"));
      }
      if (head.version() >= 11 && !parser_->is_done()) {
        // The head is acceptable: tell the client to send the body.
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(stream_, asio::buffer(kContinue),
                          [self = shared_from_this()](beast::error_code written, std::size_t) {
                            if (written) return self->close();
                            self->read_body();
                          });
        return;
      }
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return on_read({}, 0);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // Answers a request that cannot be read or served as sent, then closes: the position in the
  // stream is unknown, and what the client still sends is read and dropped for a moment, so
  // that it gets the answer rather than a reset.
  void refuse(beast::error_code error) {
    refuse(error == bhttp::error::body_limit
               ? make_error(ErrorCode::kPayloadTooLarge,
                            "the request body is larger than the limit of " +
                                std::to_string(server_.options().body_limit) + " bytes")
               : make_error(ErrorCode::kBadRequest, "malformed HTTP request: " + error.message()));
  }
  void refuse(const Error& error) {
    Response response = problem(error);
    server_.metrics().observe("-", "malformed", response.status, 0);
    unread_input_ = true;
    unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    write(std::move(response), version, false);
  }

  void on_read(beast::error_code error, std::size_t) {
    if (client_left(error)) return close();
    if (error) return refuse(error);
    ++server_.in_flight;
    Pending local;  // reads are answered here, without allocating
    local.started = std::chrono::steady_clock::now();
    bhttp::request<bhttp::string_body> raw = parser_->release();
    local.version = raw.version();
    local.keep_alive = raw.keep_alive() && !server_.stopping.load();
    local.head = raw.method() == bhttp::verb::head;
    local.id = request_id_for(raw);
    auto converted = to_request(raw);
    if (!converted.ok()) {
      RequestScope scope(local.id);
      return finish(local, problem(converted.error()));
    }
    local.request = std::move(converted).value();
    if (!may_block(local.request)) return finish(local, dispatch(local));
    // Writes and waits run on the blocking pool; the answer comes back to this session's strand.
    auto pending = std::make_shared<Pending>(std::move(local));
    pending->client_gone = std::make_shared<std::atomic<bool>>(false);
    auto self = shared_from_this();
    bool queued = server_.blocking().submit([self, pending] {
      Response response = self->dispatch(*pending);
      asio::post(self->stream_.get_executor(),
                 [self, pending, response = std::move(response)]() mutable {
                   self->finish(*pending, std::move(response));
                 });
    });
    if (queued) watch_for_departure(pending->client_gone);
    if (!queued) {
      RequestScope scope(pending->id);
      finish(*pending, problem(make_error(ErrorCode::kUnavailable,
                                          "the server is busy with other writes; try again")));
    }
  }

  struct Pending {
    Request request;
    std::string id;
    unsigned version = 11;
    bool keep_alive = false;
    bool head = false;
    std::chrono::steady_clock::time_point started;
    // Blocking requests only: set when the client closes its connection before the answer.
    std::shared_ptr<std::atomic<bool>> client_gone;
  };

  Response dispatch(Pending& pending) {
    RequestScope scope(pending.id);
    // Only blocking requests watch for their client's departure (see watch_for_departure).
    bool blocking = pending.client_gone != nullptr;
    int budget_ms =
        blocking ? server_.options().blocking_budget_ms : server_.options().read_budget_ms;
    deadline::Scope budget_scope(pending.started, std::chrono::milliseconds(budget_ms),
                                 pending.client_gone);
    Request& request = pending.request;
    auto handler = server_.router().match(request);
    if (!handler.ok()) {
      Response response = problem(handler.error());
      if (handler.error().code == ErrorCode::kMethodNotAllowed) {
        response.set_header("Allow", server_.router().allowed_methods(request));
      }
      return response;
    }
    try {
      Response response = (*handler.value())(request);
      server_.router().after(request, response);
      return response;
    } catch (const std::exception& exception) {
      return problem(make_error(ErrorCode::kInternal,
                                "handler for " + request.route + " threw: " + exception.what()));
    } catch (...) {
      return problem(make_error(ErrorCode::kInternal, "handler for " + request.route + " threw"));
    }
  }

  // Notes when the client closes its connection while its request runs on the blocking pool,
  // so that work that checks core/deadline.h can stop. A write is still done: it is a change
  // the client asked for, whether or not it waits to hear the answer (and a client that only
  // half-closed does). Input that is not the end of the stream (a pipelined request) is left
  // for the next read.
  void watch_for_departure(std::shared_ptr<std::atomic<bool>> gone) {
    stream_.socket().async_wait(
        tcp::socket::wait_read,
        [self = shared_from_this(), gone = std::move(gone)](beast::error_code error) {
          if (error == asio::error::operation_aborted) return;
          char byte;
          ssize_t peeked = error ? 0
                                 : ::recv(self->stream_.socket().native_handle(), &byte, 1,
                                          MSG_PEEK | MSG_DONTWAIT);
          if (peeked == 0) gone->store(true);
        });
  }

  // Counts, logs and writes the answer to a request.
  void finish(Pending& pending, Response response) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - pending.started).count();
    const Request& request = pending.request;
    server_.metrics().observe(request.method, request.route, response.status, seconds);
    RequestLog policy = server_.options().request_log;
    if (policy == RequestLog::kAll ||
        (policy == RequestLog::kErrors &&
         (response.status >= 500 || seconds >= server_.options().slow_request_seconds))) {
      char milliseconds[32];
      std::snprintf(milliseconds, sizeof milliseconds, "%.2f", seconds * 1000);
      log::event(
          response.status >= 500 ? log::Level::kError : log::Level::kInfo, "request",
          {{"id", pending.id},
           {"method", request.method.empty() ? "-" : std::string(method_label(request.method))},
           {"route", request.route.empty() ? "-" : request.route},
           {"status", std::to_string(response.status)},
           {"ms", milliseconds}});
    }
    response.set_header("X-Request-Id", pending.id);
    size_t reserved = 0;  // the bytes of a large answer counted against the output budget
    if (response.body.size() > kLargeAnswer && !pending.head) {
      if (server_.reserve_output(response.body.size())) {
        reserved = response.body.size();
      } else {
        RequestScope scope(pending.id);
        response = problem(make_error(ErrorCode::kUnavailable,
                                      "the server is busy sending other large answers; try again"));
        response.set_header("X-Request-Id", pending.id);
      }
    }
    // Still in flight until the answer is written: shutdown waits for that too.
    write(std::move(response), pending.version, pending.keep_alive, pending.head,
          /*counted=*/true, reserved);
  }

  // Serialises the head by hand and writes head and body with one gathered write: Beast's
  // generic serializer costs more than the rest of a cached read put together.
  // `reserved`: bytes counted by reserve_output, released once the answer is sent or dropped.
  void write(Response response, unsigned version, bool keep_alive, bool head = false,
             bool counted = false, size_t reserved = 0) {
    auto out = std::make_shared<Outgoing>();
    out->head.reserve(256);
    out->head.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ")
        .append(std::to_string(response.status))
        .append(" ")
        .append(
            std::string_view(bhttp::obsolete_reason(static_cast<bhttp::status>(response.status))))
        .append("\r\nServer: samverka\r\n");
    bool has_body = response.status != 204 && response.status != 304;
    if (has_body) {
      out->head.append("Content-Type: ").append(response.content_type).append("\r\n");
      out->head.append("Content-Length: ")
          .append(std::to_string(response.body.size()))
          .append("\r\n");
    }
    for (const auto& [name, value] : response.headers) {
      bool safe = name.find_first_of("\r\n:") == std::string::npos &&
                  value.find_first_of("\r\n") == std::string::npos;
      if (safe) out->head.append(name).append(": ").append(value).append("\r\n");
    }
    if (!keep_alive)
      out->head.append("Connection: close\r\n");
    else if (version == 10)
      out->head.append("Connection: keep-alive\r\n");
    out->head.append("\r\n");
    if (has_body && !head) out->body = std::move(response.body);
    out->reserved = reserved;
    out->server = &server_;
    // The answer must be taken at the minimum rate: a slow reader cannot hold it for ever.
    stream_.expires_after(
        std::chrono::seconds(server_.options().read_timeout_seconds) +
        std::chrono::seconds(out->body.size() /
                             std::max<size_t>(server_.options().min_send_rate, 1)));
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(out->head), asio::buffer(out->body)};
    auto self = shared_from_this();
    asio::async_write(stream_, buffers,
                      [self, out, keep_alive, counted](beast::error_code error, std::size_t) {
                        if (counted) --self->server_.in_flight;
                        if (error || !keep_alive || self->server_.stopping.load()) {
                          return self->close();
                        }
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (unread_input_) {
      linger();  // its timer ends the connection, and any watch_for_departure with it
    } else {
      // A departure watch still waiting would keep this session (and its socket) alive for as
      // long as the client keeps its side open: cancelled, the session ends now.
      stream_.socket().cancel(ignored);
    }
  }

  // Reads and drops what the client still sends, for at most two seconds and 32 MiB: closing a
  // socket with unread input resets it, and a reset can destroy the answer before the client
  // has read it.
  void linger() {
    if (lingered_ == 0) stream_.expires_after(std::chrono::seconds(2));
    if (!discard_) discard_ = std::make_unique<std::array<char, 65536>>();
    stream_.async_read_some(asio::buffer(*discard_),
                            [self = shared_from_this()](beast::error_code error, std::size_t n) {
                              self->lingered_ += n;
                              if (!error && self->lingered_ < (32u << 20)) self->linger();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& server_;
  const std::string client_;   // the peer's address, for the per-client connection cap
  bool unread_input_ = false;  // the request was refused before it was read whole
  size_t lingered_ = 0;
  std::unique_ptr<std::array<char, 65536>> discard_;
};

}  // namespace

Outgoing::~Outgoing() {
  if (reserved > 0) server->release_output(reserved);
}

void Server::Impl::accept() {
  acceptor_.async_accept(
      asio::make_strand(io_), [this](beast::error_code error, tcp::socket socket) {
        if (error) {
          if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
          // Out of file descriptors (EMFILE, ENFILE) or another failure: try again after a pause
          // that grows to a second, and say so at most every ten seconds.
          if (uint64_t failures = accept_failures_.note()) {
            log::event(log::Level::kWarn, "accept_failed",
                       {{"error", error.message()}, {"count", std::to_string(failures)}});
          }
          accept_backoff_timer_.expires_after(accept_backoff_);
          accept_backoff_ = std::min(accept_backoff_ * 2, std::chrono::milliseconds(1000));
          accept_backoff_timer_.async_wait([this](beast::error_code waited) {
            if (!waited && acceptor_.is_open()) accept();
          });
          return;
        }
        accept_backoff_ = std::chrono::milliseconds(10);
        beast::error_code ignored;
        auto remote = socket.remote_endpoint(ignored);
        std::string client = ignored ? std::string("?") : remote.address().to_string();
        if (admit(client)) {
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<Session>(std::move(socket), *this, std::move(client))->start();
        } else {
          // Over a cap: a short answer the client can act on, written without waiting, and close.
          static constexpr std::string_view kBusy =
              "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
              "Connection: close\r\n\r\n";
          socket.non_blocking(true, ignored);
          socket.write_some(asio::buffer(kBusy), ignored);
          // Closing with unread input would reset the connection and could destroy the answer:
          // what the client has sent so far is read and dropped first (without waiting).
          std::array<char, 4096> discard;
          for (int reads = 0; reads < 16 && socket.read_some(asio::buffer(discard), ignored) > 0;)
            ++reads;
          socket.shutdown(tcp::socket::shutdown_send, ignored);
          socket.close(ignored);
          metrics_.observe("-", "refused", 503, 0);
          if (uint64_t refused = refused_connections_.note()) {
            log::event(log::Level::kWarn, "connections_refused",
                       {{"reason", "too many connections"}, {"count", std::to_string(refused)}});
          }
        }
        if (acceptor_.is_open()) accept();
      });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}
Server::~Server() = default;
Result<uint16_t> Server::listen() { return impl_->listen(); }
void Server::run() { impl_->run(); }
void Server::stop() { impl_->stop(); }

}  // namespace samverka::http
