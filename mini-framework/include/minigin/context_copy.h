// minigin::ContextCopy: what Context::copy() returns, and the only request object that may
// cross to another thread or outlive its request.
//
// What it holds, all deep-copied into one block it owns (one allocation; a key's std::any may
// allocate for itself when its value is larger than std::any's small buffer):
//   method, path, full path, raw and decoded query, path params, headers (so cookies too),
//   body, decoded form, client IP, and every key set with Context::set.
// What it does not have: the response, the handler chain, the pool. There is no member that
// writes a response (Gin's Copy() panics at run time when you try, gin#3137; here it does not
// compile). Key values are copied with std::any's copy constructor: a key holding a pointer or
// a shared_ptr copies the pointer, so the object it points to is shared, as in Gin.
#pragma once

#include "minigin/request_reader.h"

#include <any>
#include <cstdint>
#include <memory>
#include <span>

namespace minigin {

namespace detail {
struct CopiedKey {
  std::string_view name;
  std::any value;
};
// Destroys the keys constructed in the copy's block, then frees the block.
struct CopyBlockDeleter {
  std::size_t keys = 0;
  CopiedKey* first_key = nullptr;
  void operator()(std::byte* block) const noexcept;
};
} // namespace detail

class ContextCopy : public detail::RequestReader<ContextCopy> {
public:
  ContextCopy(ContextCopy&&) noexcept = default;
  ContextCopy& operator=(ContextCopy&&) noexcept = default;
  ContextCopy(const ContextCopy&) = delete; // move it into the thread; copy() again for two
  ContextCopy& operator=(const ContextCopy&) = delete;
  ~ContextCopy() = default;

  /// The generation of the Context this was copied from, at the time of the copy.
  std::uint64_t generation() const noexcept { return generation_; }

private:
  friend class Context;
  friend class detail::RequestReader<ContextCopy>;
  using Key = detail::CopiedKey;
  using BlockDeleter = detail::CopyBlockDeleter;

  ContextCopy() = default;
  const detail::FieldsView& fields() const noexcept { return view_; }
  void check_guard_and_parse(detail::Part, std::string_view) const noexcept {} // nothing to do
  const std::any* find_key(std::string_view name) const noexcept;

  detail::FieldsView view_;
  std::span<Key> keys_;
  std::uint64_t generation_ = 0;
  std::unique_ptr<std::byte[], BlockDeleter> block_;
};

} // namespace minigin
