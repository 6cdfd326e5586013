// minigin::Server: HTTP/1.1 over TCP (standalone Asio for I/O, Node's http-parser for parsing;
// docs/design.md says why), feeding requests to an Engine.
//
// Keep-alive and pipelining (answers in request order), Content-Length and chunked bodies,
// HTTP/1.0 (answered, then closed), HEAD (no body). Limits answer with the right status and then
// close: 431 for a header section over max_header_bytes, 413 for a body over max_body_bytes
// (decided from Content-Length before reading the body), 400 for anything malformed, including a
// request carrying both Content-Length and Transfer-Encoding. A connection that takes longer than
// read_timeout to send a request, or idles longer than idle_timeout between requests, is closed
// (checked a few times per period: within a quarter of the shorter timeout after the deadline).
// I/O is asynchronous, so a slow or idle client occupies no worker thread.
#pragma once

#include "minigin/engine.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace minigin {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0; ///< 0: the kernel picks one; read it back with Server::port()
  unsigned threads = 0;    ///< worker threads; 0: std::thread::hardware_concurrency()
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_header_bytes = 64 * 1024; ///< request line + headers; at most 80 KiB
  std::size_t max_body_bytes = 8 * 1024 * 1024;
};

class Server {
public:
  Server(Engine& engine, ServerOptions options = {});
  ~Server(); ///< stops and waits
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts the worker threads. Throws std::system_error when it cannot bind.
  void start();
  unsigned short port() const noexcept;
  /// "127.0.0.1:8080"
  std::string address() const;
  /// Graceful shutdown: stop accepting, close idle connections, let requests in flight finish
  /// (their responses say Connection: close). Safe to call from any thread, and more than once.
  void stop();
  /// Blocks until every worker thread has exited (after stop()).
  void wait();
  /// Makes SIGINT and SIGTERM call stop(). Call it before start() (std::logic_error after).
  void stop_on_signals();

  struct Impl; // in src/server_impl.h; public so that the connections can name it

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace minigin
