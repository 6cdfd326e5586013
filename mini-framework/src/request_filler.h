// Internal: how a request gets into a pooled Context, for the server's parser callbacks and for
// Engine::handle. Fragments of one item (the target, a header name, a header value) arrive in
// order and are appended to the Context's reused head buffer; the views are built once the head
// is complete, because appending may move the buffer.
#pragma once

#include "minigin/context.h"

#include <cstddef>
#include <string_view>

namespace minigin {

class Context::RequestFiller {
public:
  explicit RequestFiller(Context& c) noexcept : c_(c) {}

  /// Writes a whole in-process request. False when its target is not a path (see finish_head).
  bool fill(const Request& request);

  void append_method(std::string_view s) { append(c_.method_, s); }
  void append_target(std::string_view s) { append(c_.target_, s); }
  void append_header_name(std::string_view s);
  void append_header_value(std::string_view s);
  void append_body(std::string_view s) { c_.body_.append(s); }
  void set_remote_addr(std::string_view s) {
    if (c_.remote_addr_ != s) // reset() keeps it: most requests of a connection share it
      c_.remote_addr_.assign(s);
  }

  std::size_t head_bytes() const noexcept { return c_.head_.size(); }
  std::size_t body_bytes() const noexcept { return c_.body_.size(); }

  /// Builds the request views from the head buffer; client_ip() is the peer until the engine
  /// believes a proxy. False when the target is not a path (origin-form "/p?q", absolute-form
  /// "http://h/p", or "*"): the request is then a 400.
  bool finish_head();
  void finish_body() noexcept;

private:
  void append(Context::Slice& slice, std::string_view s);
  Context& c_;
  bool in_value_ = false;
};

} // namespace minigin
