// Boost.Beast and Boost.Asio 1.74 (Debian libboost-dev): the session idiom of Beast's examples.
// A session is owned by a shared_ptr and keeps itself alive across its async operations with
// shared_from_this(); a message handed to async_write must stay alive until the completion
// handler runs; work posted to an executor, a timer's handler and every completion handler of
// an io_context run by several threads run later and possibly at the same time.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string render(const std::string& target);
long count_rows(int partition);

net::thread_pool cpu_pool(4);
long requests_served = 0;
std::atomic<long> requests_served_atomic{0};
std::atomic<std::size_t> largest_request{0};

class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket&& socket) : stream_(std::move(socket)) {}

  // case: read-handler-raw-this (bug): the completion handler captures the raw `this` of a shared_ptr-owned session: nothing keeps it alive until the read completes; source: https://github.com/domoticz/domoticz/pull/4476
  void do_read_raw() {
    req_ = {};
    http::async_read(stream_, buffer_, req_, [this](beast::error_code ec, std::size_t) { // BUG: racelab-context-escape
      if (!ec) on_read();
    });
  }

  // case: read-handler-shared-from-this (ok): the fix and Beast's idiom: the handler owns the session through shared_from_this(); source: https://www.boost.org/doc/libs/1_74_0/libs/beast/example/http/server/async/http_server_async.cpp
  void do_read() {
    req_ = {};
    http::async_read(stream_, buffer_, req_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->on_read();
                     });
  }

  // case: local-response-async-write (bug): the response is a local of the function that starts async_write and returns at once; source: https://www.boost.org/doc/libs/1_74_0/libs/beast/doc/html/beast/using_http/message_oriented_operations.html
  void write_local() {
    http::response<http::string_body> res{http::status::ok, req_.version()};
    res.body() = render(std::string(req_.target()));
    res.prepare_payload();
    http::async_write(stream_, res, [self = shared_from_this()](beast::error_code, std::size_t) {}); // BUG: racelab-context-escape
  }

  // case: shared-response-async-write (ok): the fix of Beast's async server: the handler holds a shared_ptr to the response until the write completes; source: https://www.boost.org/doc/libs/1_74_0/libs/beast/example/http/server/async/http_server_async.cpp
  void write_shared() {
    auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, req_.version());
    res->body() = render(std::string(req_.target()));
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, std::size_t) {});
  }

  // case: offload-request-by-reference (bug): the request is handed to a CPU pool by reference; the session's next read resets req_ while the job still reads it; source: https://www.boost.org/doc/libs/1_74_0/libs/beast/example/advanced/server/advanced_server.cpp
  void offload_by_reference() {
    http::request<http::string_body>& req = req_;
    net::post(cpu_pool, [&req, self = shared_from_this()] { // BUG: racelab-context-escape
      auto body = render(std::string(req.target()));
      net::post(self->stream_.get_executor(), [self, body] { self->send(body); });
    });
  }

  // case: offload-request-moved (ok): the fix: the request is moved into the job, which owns it; source: https://www.boost.org/doc/libs/1_74_0/libs/beast/example/advanced/server/advanced_server.cpp
  void offload_moved() {
    net::post(cpu_pool, [req = std::move(req_), self = shared_from_this()] {
      auto body = render(std::string(req.target()));
      net::post(self->stream_.get_executor(), [self, body] { self->send(body); });
    });
  }

  // case: timer-captures-request (bug): a delayed answer: the timer's handler reads a request local to the function that armed it; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/tutorial/tuttimer2.html
  void delayed_echo(net::steady_timer& timer) {
    http::request<http::string_body> req = req_;
    timer.expires_after(std::chrono::milliseconds(100));
    timer.async_wait([&req, self = shared_from_this()](beast::error_code) { // BUG: racelab-context-escape
      self->send(req.body());
    });
  }

  // case: timer-owns-request (ok): the fix: the timer's handler owns a copy of the request; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/tutorial/tuttimer2.html
  void delayed_echo_owned(net::steady_timer& timer) {
    timer.expires_after(std::chrono::milliseconds(100));
    timer.async_wait([req = req_, self = shared_from_this()](beast::error_code) {
      self->send(req.body());
    });
  }

  // case: synchronous-timer-wait (ok): a blocking wait on a timer runs nothing elsewhere; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/tutorial/tuttimer1.html
  void throttled_answer(net::steady_timer& timer) {
    timer.expires_after(std::chrono::milliseconds(5));
    timer.wait();
    send(render(std::string(req_.target())));
  }

  // case: completion-handler-global-counter (bug): the io_context runs on 4 threads; every session's read handler bumps one plain global; source: https://www.boost.org/doc/libs/1_74_0/libs/beast/example/http/server/async/http_server_async.cpp
  void count_reads() {
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      ++requests_served; // BUG: racelab-unsynchronized-shared-write
      if (!ec) self->on_read();
    });
  }

  // case: strand-does-not-guard-global (bug): a per-session strand (the stream's executor) serializes one session's handlers, not two sessions' handlers, so the global still races; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/overview/core/strands.html
  void count_reads_on_strand() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      requests_served += 1; // BUG: racelab-unsynchronized-shared-write
      self->do_read();
    });
  }

  // case: completion-handler-atomic-counter (ok): the fix: the counter is atomic; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/overview/core/threads.html
  void count_reads_atomic() {
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      requests_served_atomic.fetch_add(1, std::memory_order_relaxed);
      if (!ec) self->on_read();
    });
  }

  // case: split-atomic-largest (bug): the largest request kept with a load then a store in a read handler; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
  void track_largest() {
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (n > largest_request.load()) largest_request.store(n); // BUG: racelab-atomic-split-update
      if (!ec) self->on_read();
    });
  }

  // case: cas-atomic-largest (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
  void track_largest_cas() {
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      std::size_t seen = largest_request.load();
      while (n > seen && !largest_request.compare_exchange_weak(seen, n)) {
      }
      if (!ec) self->on_read();
    });
  }

private:
  void on_read();
  void send(const std::string& body);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
};

// case: report-total-on-pool (bug): a handler fans a report out to a local thread_pool; every job adds to one captured total; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/reference/thread_pool.html
std::string report_total(const http::request<http::string_body>&) {
  long total = 0;
  net::thread_pool pool(4);
  for (int p = 0; p < 16; ++p)
    net::post(pool, [&total, p] {
      total += count_rows(p); // BUG: racelab-unsynchronized-shared-write
    });
  pool.join();
  return std::to_string(total);
}

// case: report-total-locked (ok): the fix: the jobs add under a mutex, the pool is joined before the total is read; source: https://www.boost.org/doc/libs/1_74_0/doc/html/boost_asio/reference/thread_pool.html
std::string report_total_locked(const http::request<http::string_body>&) {
  long total = 0;
  std::mutex m;
  net::thread_pool pool(4);
  for (int p = 0; p < 16; ++p)
    net::post(pool, [&total, &m, p] {
      long rows = count_rows(p);
      std::lock_guard<std::mutex> lock(m);
      total += rows;
    });
  pool.join();
  return std::to_string(total);
}
