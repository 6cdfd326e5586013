// The Context pool (Gin's sync.Pool of *Context). acquire() hands out a Context reset for a new
// request, reusing the buffers of whichever request used it last; release() takes it back.
// After release() the Context belongs to the pool: any reference kept by user code now points at
// a Context that the next request will overwrite, on whatever thread serves it.
#pragma once

#include "minigin/context.h"
#include "minigin/guard.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace minigin {

class ContextPool {
public:
  explicit ContextPool(GuardMode guard);
  ~ContextPool();
  ContextPool(const ContextPool&) = delete;
  ContextPool& operator=(const ContextPool&) = delete;

  /// A Context for a new request: reset, generation incremented, owned by the calling thread
  /// (Context::Lifecycle::begin).
  Context& acquire();
  /// Gives the Context back (Context::Lifecycle::end); no one may use it after this.
  void release(Context& c) noexcept;

  /// Contexts created so far (in use or idle).
  std::size_t created() const;
  std::size_t idle() const;

private:
  GuardMode guard_;
  // Each thread parks the last Context it released in a thread-local slot and takes it back
  // first, without the mutex: the common case of a worker serving request after request.
  // A Context goes to another thread only through `mu_` and `free_`, so whatever its last
  // holder wrote happens before its next holder's acquire() returns.
  std::uint64_t id_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Context>> all_;
  std::vector<Context*> free_;
};

} // namespace minigin
