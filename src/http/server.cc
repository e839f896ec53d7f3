// SPDX-License-Identifier: Apache-2.0
// The only file that knows Boost.Beast and Asio.
#include "http/server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <random>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/thread_priority.h"
#include "http/problem.h"
#include "http/work_pool.h"

namespace samverka::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Turns Beast's request into ours; a target that is not a valid origin-form URL is refused.
Result<Request> to_request(const bhttp::request<bhttp::string_body>& raw) {
  Request request;
  request.method = std::string(raw.method_string());
  auto target = boost::urls::parse_origin_form(raw.target());
  if (!target) {
    return make_error(ErrorCode::kBadRequest, "the request target is not a valid URL path");
  }
  request.path = target->path();
  if (request.path.empty()) request.path = "/";
  for (auto param : target->params()) {
    if (param.key.empty() && !param.has_value) continue;  // "?a=1&" or "?a=1&&b=2"
    request.query[param.key] = param.value;
  }
  for (const auto& field : raw) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  request.body = raw.body();
  return request;
}

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
  asio::signal_set signals_;
  std::thread drainer_;  // waits for in-flight requests, then stops io_; joined by run()
  // Requests that may block; stopped by run(). Declared after io_ and destroyed before it, so
  // no task outlives the io_context its answers are posted to.
  std::unique_ptr<WorkPool> blocking_;
};

namespace {

struct Outgoing {
  std::string head;
  std::string body;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    server_.metrics().connection_opened();
  }
  ~Session() { server_.metrics().connection_closed(); }

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
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code error, std::size_t) {
    if (error == bhttp::error::end_of_stream || error == asio::error::eof ||
        error == beast::error::timeout || error == asio::error::connection_reset ||
        error == asio::error::operation_aborted) {
      return close();
    }
    if (error) {
      // Malformed HTTP: answer once, then close, because the stream position is unknown.
      Error problem_error =
          error == bhttp::error::body_limit
              ? make_error(ErrorCode::kPayloadTooLarge,
                           "the request body is larger than the limit of " +
                               std::to_string(server_.options().body_limit) + " bytes")
              : make_error(ErrorCode::kBadRequest, "malformed HTTP request: " + error.message());
      Response response = problem(problem_error);
      server_.metrics().observe("-", "malformed", response.status, 0);
      return write(std::move(response), 11, false);
    }
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
    auto self = shared_from_this();
    bool queued = server_.blocking().submit([self, pending] {
      Response response = self->dispatch(*pending);
      asio::post(self->stream_.get_executor(),
                 [self, pending, response = std::move(response)]() mutable {
                   self->finish(*pending, std::move(response));
                 });
    });
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
  };

  Response dispatch(Pending& pending) {
    RequestScope scope(pending.id);
    Request& request = pending.request;
    auto handler = server_.router().match(request);
    if (!handler.ok()) return problem(handler.error());
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
      log::event(response.status >= 500 ? log::Level::kError : log::Level::kInfo, "request",
                 {{"id", pending.id},
                  {"method", request.method.empty() ? "-" : request.method},
                  {"route", request.route.empty() ? "-" : request.route},
                  {"status", std::to_string(response.status)},
                  {"ms", milliseconds}});
    }
    response.set_header("X-Request-Id", pending.id);
    // Still in flight until the answer is written: shutdown waits for that too.
    write(std::move(response), pending.version, pending.keep_alive, pending.head,
          /*counted=*/true);
  }

  // Serialises the head by hand and writes head and body with one gathered write: Beast's
  // generic serializer costs more than the rest of a cached read put together.
  void write(Response response, unsigned version, bool keep_alive, bool head = false,
             bool counted = false) {
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
    stream_.expires_after(std::chrono::seconds(server_.options().read_timeout_seconds));
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
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& server_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](beast::error_code error, tcp::socket socket) {
                           if (error) {
                             if (error == asio::error::operation_aborted || !acceptor_.is_open())
                               return;
                             log::warn("accept failed: " + error.message());
                           } else {
                             beast::error_code ignored;
                             socket.set_option(tcp::no_delay(true), ignored);
                             std::make_shared<Session>(std::move(socket), *this)->start();
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
