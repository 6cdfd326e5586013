// minigin::Context: everything one request needs, and the reason this project exists.
//
// A Context is pooled. When a request ends the engine puts it back, and the next request
// (on any worker thread) takes it and overwrites its buffers in place. So:
//   * every string_view a Context hands out points into storage the next request reuses;
//   * a reference or pointer to a Context that outlives the handler sees someone else's request;
//   * the only thing safe to hand to another thread is `copy()`: an owning, read-only snapshot.
// This is Gin's *gin.Context and c.Copy(), with the stale use made visible: see guard.h.
#pragma once

#include "minigin/fields.h"
#include "minigin/guard.h"
#include "minigin/http.h"
#include "minigin/request_reader.h"

// Only the declaration: json.hpp is about half of a handler file's compile (and lint) time, and
// most handlers never build JSON. Include <nlohmann/json.hpp> where you call json().
#include <nlohmann/json_fwd.hpp>

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace minigin {

class Context;
class ContextCopy;

using HandlerFunc = std::function<void(Context&)>;
using HandlersChain = std::vector<HandlerFunc>;

/// A Set-Cookie value.
struct Cookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::string domain;
  int max_age = 0; ///< seconds; 0 = session cookie, < 0 = delete now
  bool secure = false;
  bool http_only = true;
  std::string same_site; ///< "", "Lax", "Strict" or "None"
};

class Context : public detail::RequestReader<Context> {
public:
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context();

  // ---- Flow: Gin's index-based chain -------------------------------------------------------
  /// Runs the rest of the chain, then returns: code after next() is a middleware's "after" part.
  void next();
  /// Stops the handlers after the current one from running (the current one continues).
  void abort() noexcept;
  void abort_with_status(int code);
  void abort_with_json(int code, const nlohmann::json& body);
  bool is_aborted() const noexcept;

  // ---- Keys: per-request values shared along the chain -------------------------------------
  void set(std::string key, std::any value);

  // ---- Response: buffered, sent when the chain returns ------------------------------------
  /// Sets the status without writing a body.
  void status(int code);
  /// Sets a response header (replacing one of the same name).
  void header(std::string_view name, std::string_view value);
  void string(int code, std::string_view body);
  void json(int code, const nlohmann::json& body);
  void data(int code, std::string_view content_type, std::string_view body);
  void redirect(int code, std::string_view location);
  void set_cookie(const Cookie& cookie);
  /// True once string/json/data/redirect/abort_with_* wrote the response. Writing it a second
  /// time throws std::logic_error: two writers means a bug, not a choice to make silently.
  bool written() const noexcept { return !written_by_.empty(); }
  const Response& response() const noexcept { return response_; }

  // ---- The cure ------------------------------------------------------------------------------
  /// An owning, read-only snapshot that is safe to move to another thread and stays valid after
  /// the request ended. It has no response API at all. See context_copy.h for what it holds.
  ContextCopy copy() const;

  /// How many times this pooled Context has been handed to a request (1 for its first).
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_relaxed); }

  // ---- minigin's own side of a Context ---------------------------------------------------------
  // Outside Context's own members, only these two nested classes touch its state. They are
  // defined inside the library (src/), so an application sees their names but cannot use them:
  // C++'s nearest thing to Go's package-private reset().
  /// The life of one request, as the pool, the engine and the server drive it: begin, bind a
  /// route, take the response, end (src/context_lifecycle.h).
  class Lifecycle;
  /// Writes a request into the reused buffers, for the server's parser callbacks and for
  /// Engine::handle (src/request_filler.h).
  class RequestFiller;

private:
  // The request accessors are written once, in RequestReader (CRTP), for Context and ContextCopy
  // alike. They reach the request through the three hooks below, which stay private so that a
  // handler sees only the accessors: that is the one friendship Context grants.
  friend class detail::RequestReader<Context>;
  const detail::FieldsView& fields() const noexcept { return view_; }
  /// Runs before every accessor: the guard's check when it is on (`member` names the accessor
  /// in its report), then the lazy parse of the query or the form when `part` needs one.
  void check_guard_and_parse(detail::Part part, std::string_view member) const;
  const std::any* find_key(std::string_view key) const;

  explicit Context(GuardMode guard) : guard_mode_(guard) {}
  void check_guard(std::string_view member) const;
  void parse_query() const;
  void parse_form() const;
  void write_once(std::string_view writer);
  void reset();

  // Request storage. Buffers are cleared, never freed, between requests: that reuse is what
  // makes a stale view or reference read the next request.
  struct Slice {
    std::uint32_t off = 0, len = 0;
  };
  std::string head_; // method, target, header names and values as received
  Slice method_, target_;
  std::vector<std::pair<Slice, Slice>> header_slices_;
  std::string path_;      // decoded path
  std::string body_;      // raw body (de-chunked)
  std::string client_ip_; // resolved peer or proxy-reported address
  std::string remote_addr_;
  std::vector<Field> headers_, params_;
  mutable std::string query_buf_, form_buf_; // decoded query and form bytes
  mutable std::vector<Field> query_, form_;
  mutable bool query_parsed_ = false, form_parsed_ = false;
  mutable detail::FieldsView view_;
  std::unordered_map<std::string, std::any> keys_;

  // Flow.
  const HandlersChain* handlers_ = nullptr;
  int index_ = -1;

  // Response. Header entries of earlier requests are kept in `spare_headers_` with their
  // strings' storage, so a warm context sets headers without allocating.
  Response response_;
  std::vector<Header> spare_headers_;
  std::string_view written_by_; // the member that wrote the response ("json"), empty until then

  // Pool bookkeeping (see Lifecycle::begin). Only the thread that holds the context writes
  // these; the atomics let other threads read them.
  std::uint64_t requests_ = 0;               // the count, written by the holder alone
  std::atomic<std::uint64_t> generation_{0}; // requests_, published for generation()
  std::atomic<bool> parked_{false};          // in a thread's parking slot (see pool.cpp)
  const GuardMode guard_mode_;
  detail::GuardState guard_;
};

} // namespace minigin
