#include "minigin/pool.h"

namespace minigin {

ContextPool::~ContextPool() = default;

Context& ContextPool::acquire() {
  Context* c;
  {
    std::lock_guard lock(mu_);
    if (free_.empty()) {
      all_.push_back(std::unique_ptr<Context>(new Context(guard_)));
      free_.push_back(all_.back().get());
    }
    c = free_.back();
    free_.pop_back();
  }
  // Reset on the way out, as Gin does after pool.Get(): this write, on the new request's thread,
  // is what a thread still holding the previous request's Context races with.
  c->reset();
  c->generation_.fetch_add(1, std::memory_order_relaxed);
  c->guard_.owner.store(std::this_thread::get_id(), std::memory_order_release);
  c->guard_.live.store(true, std::memory_order_release);
  return *c;
}

void ContextPool::release(Context& c) noexcept {
  c.guard_.live.store(false, std::memory_order_release);
  std::lock_guard lock(mu_);
  free_.push_back(&c);
}

std::size_t ContextPool::created() const {
  std::lock_guard lock(mu_);
  return all_.size();
}

std::size_t ContextPool::idle() const {
  std::lock_guard lock(mu_);
  return free_.size();
}

} // namespace minigin
