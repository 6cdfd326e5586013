#include "minigin/pool.h"

namespace minigin {

namespace {
std::atomic<std::uint64_t> next_pool_id{1};
struct Parked {
  std::uint64_t pool = 0;
  Context* context = nullptr;
};
thread_local Parked parked;
} // namespace

ContextPool::ContextPool(GuardMode guard) : guard_(guard), id_(next_pool_id.fetch_add(1)) {}

ContextPool::~ContextPool() {
  if (parked.pool == id_)
    parked = {};
}

Context& ContextPool::acquire() {
  Context* c;
  if (parked.pool == id_ && parked.context) {
    c = parked.context;
    parked.context = nullptr;
    c->parked_.store(false, std::memory_order_relaxed);
  } else {
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
  // Only this thread writes the generation now: a load and a store, no locked instruction.
  c->generation_.store(c->generation_.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
  c->guard_.owner.store(std::this_thread::get_id(), std::memory_order_release);
  c->guard_.live.store(true, std::memory_order_release);
  return *c;
}

void ContextPool::release(Context& c) noexcept {
  c.guard_.live.store(false, std::memory_order_release);
  if (!parked.context) {
    parked = {id_, &c};
    c.parked_.store(true, std::memory_order_relaxed);
    return;
  }
  std::lock_guard lock(mu_);
  free_.push_back(&c);
}

std::size_t ContextPool::created() const {
  std::lock_guard lock(mu_);
  return all_.size();
}

std::size_t ContextPool::idle() const {
  std::lock_guard lock(mu_);
  std::size_t n = free_.size();
  for (const auto& c : all_)
    n += c->parked_.load(std::memory_order_relaxed);
  return n;
}

} // namespace minigin
