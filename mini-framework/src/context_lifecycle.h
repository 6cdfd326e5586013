// Internal: the life of one request in a pooled Context, the only way minigin's pool, engine and
// server change a Context's state (the request's bytes go through Context::RequestFiller).
//
// Gin's ServeHTTP reads the whole life in six lines; minigin's Engine::handle is the same:
//
//   Context& c = pool.acquire();         // Lifecycle::begin: the last request forgotten
//   Context::RequestFiller(c).fill(req); // the new request written into the same buffers
//   engine.dispatch(c);                  // Lifecycle::bind_route (or bind_chain), then c.next()
//   Lifecycle::take_response(c, out);    // the response handed over without a copy
//   pool.release(c);                     // Lifecycle::end: c may now serve another thread
//
// The server runs the same steps, spread over its parser's callbacks (src/connection.h).
#pragma once

#include "minigin/context.h"
#include "minigin/router.h"

#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace minigin {

class Context::Lifecycle {
public:
  // ---- The pool ------------------------------------------------------------------------------

  static std::unique_ptr<Context> create(GuardMode guard) {
    return std::unique_ptr<Context>(new Context(guard));
  }

  /// acquire(): the context forgets its last request and belongs to the calling thread.
  static void begin(Context& c) {
    // Reset on the way out, as Gin does after pool.Get(): this write, on the new request's
    // thread, is what a thread still holding the previous request's Context races with.
    c.reset();
    // The pool hands a context from thread to thread through its mutex (or keeps it on one
    // thread, in the parking slot), so the holder's plain increment is ordered after the last
    // holder's and never lost. The atomic only publishes the count to readers on other threads
    // (a guard report, a test) with a plain relaxed store: no locked instruction per request.
    ++c.requests_;
    c.generation_.store(c.requests_, std::memory_order_relaxed);
    c.guard_.owner.store(std::this_thread::get_id(), std::memory_order_release);
    c.guard_.live.store(true, std::memory_order_release);
  }

  /// release(): the request is over; from now on a use of `c` is a use after its request.
  static void end(Context& c) noexcept { c.guard_.live.store(false, std::memory_order_release); }

  /// Whether `c` waits in a thread's parking slot; idle() reads it from any thread.
  static void set_parked(Context& c, bool parked) noexcept {
    c.parked_.store(parked, std::memory_order_relaxed);
  }
  static bool parked(const Context& c) noexcept {
    return c.parked_.load(std::memory_order_relaxed);
  }

  // ---- The engine ----------------------------------------------------------------------------

  /// The request as filled, read without the guard's check: the engine runs on the holder.
  static const detail::FieldsView& request(const Context& c) noexcept { return c.view_; }

  /// Under guard mode, what the guard's reports say the context serves ("GET /user/42").
  static void describe_to_guard(Context& c) {
    if (c.guard_mode_ == GuardMode::Off)
      return;
    std::lock_guard lock(c.guard_.mu);
    c.guard_.request.assign(c.view_.method).append(" ").append(c.view_.path);
  }

  /// Makes client_ip() return `ip` (a proxy's word for the client) instead of the peer's
  /// address, which the filler left there; `ip` is copied into the context's own buffer.
  static void set_client_ip(Context& c, std::string_view ip) {
    c.client_ip_.assign(ip);
    c.view_.client_ip = c.client_ip_;
  }

  /// The reused storage the router writes a match's path parameters into.
  static std::vector<Field>& route_params(Context& c) noexcept { return c.params_; }

  /// The matched route: its chain runs on next(), full_path() and params() describe it.
  static void bind_route(Context& c, const Route& route) noexcept {
    c.handlers_ = &route.handlers;
    c.view_.full_path = route.pattern;
    c.view_.params = c.params_;
  }
  /// A chain with no route (404 or 405): `status` is the answer unless a handler writes one.
  static void bind_chain(Context& c, const HandlersChain& chain, int status) noexcept {
    c.response_.status = status;
    c.handlers_ = &chain;
  }

  /// Moves the response into `out`. Swapped rather than copied: `out` takes the response, the
  /// context keeps out's old storage for its next request (reset() recycles it), and neither
  /// side allocates.
  static void take_response(Context& c, Response& out) noexcept {
    out.status = c.response_.status;
    out.headers.swap(c.response_.headers);
    out.body.swap(c.response_.body);
  }
};

} // namespace minigin
