// Internal: how the server's parser callbacks and Engine::handle write a request into a pooled
// Context. Fragments of one item (the target, a header name, a header value) arrive in order and
// are appended to the Context's reused head buffer; views are built once the head is complete,
// because appending may move the buffer.
#pragma once

#include "minigin/context.h"

#include <cstddef>
#include <string_view>

namespace minigin {

class ContextFiller {
public:
  explicit ContextFiller(Context& c) noexcept : c_(c) {}

  void append_method(std::string_view s) { append(c_.method_, s); }
  void append_target(std::string_view s) { append(c_.target_, s); }
  void append_header_name(std::string_view s);
  void append_header_value(std::string_view s);
  void add_header(std::string_view name, std::string_view value) {
    append_header_name(name);
    append_header_value(value);
  }
  void append_body(std::string_view s) { c_.body_.append(s); }
  void set_remote_addr(std::string_view s) {
    if (c_.remote_addr_ != s) // reset() keeps it: most requests of a connection share it
      c_.remote_addr_.assign(s);
  }

  std::size_t head_bytes() const noexcept { return c_.head_.size(); }
  std::size_t body_bytes() const noexcept { return c_.body_.size(); }
  std::string_view target() const noexcept;

  /// Builds the request views from the head buffer. False when the target is not a path
  /// (origin-form "/p?q", absolute-form "http://h/p", or "*"): the request is then a 400.
  bool finish_head();
  void finish_body() noexcept;

private:
  void append(Context::Slice& slice, std::string_view s);
  Context& c_;
  bool in_value_ = false;
};

} // namespace minigin
