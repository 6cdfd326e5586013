// Internal: one TCP connection of a Server. Every handler of a connection runs on its strand,
// one at a time, so the connection's state needs no lock; the pooled Context it fills is handed
// to the engine on the same strand. Requests on one connection are parsed and answered strictly
// in order, which is what makes pipelining correct: parsing pauses after each complete message
// until its answer has been written.
//
// A request's life here is Engine::handle's (src/context_lifecycle.h), spread over the parser's
// callbacks:
//   on_message_begin          Context& c = pool.acquire(), and a RequestFiller for it
//   on_url, on_header_*,      the filler writes the request into c
//   on_headers_complete, on_body
//   answer()                  engine.dispatch(c), c.response() serialized, pool.release(c)
#pragma once

#include "request_filler.h"
#include "server_impl.h"

#include <http_parser.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace minigin {

class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(Server::Impl& srv, asio::ip::tcp::socket sock);

  asio::any_io_executor executor() { return sock_.get_executor(); }
  void start();
  // Called (on this strand) when the server stops: an idle connection closes now, a busy one
  // after its current answer, which then says "Connection: close".
  void shutdown();

private:
  void read();
  void parse();
  void answer();
  void serialize(const Response& r, bool head);
  template <class Then> void write(Then then);
  void fail(int status);
  void discard();
  void arm_timer(std::chrono::milliseconds d);
  void tick();
  void release_context();
  void close();

  // http_parser's callbacks: they run inside http_parser_execute, on this strand.
  static http_parser_settings settings();
  static Connection& self(http_parser* p) { return *static_cast<Connection*>(p->data); }
  int on_message_begin();
  int head_limit();
  int on_headers_complete();
  int on_body(const char* at, std::size_t n);

  Server::Impl& srv_;
  asio::ip::tcp::socket sock_;
  asio::steady_timer timer_;
  http_parser parser_;
  std::array<char, 16 * 1024> rbuf_;
  std::size_t rbeg_ = 0, rend_ = 0;
  std::string peer_;
  std::string out_;
  Context* ctx_ = nullptr;
  std::optional<Context::RequestFiller> filler_;
  std::chrono::steady_clock::time_point deadline_;
  bool ticking_ = false;
  std::size_t discarded_ = 0;
  int error_status_ = 0;
  bool in_message_ = false, writing_ = false, keep_alive_ = true, draining_ = false;
  bool closed_ = false;
};

} // namespace minigin
