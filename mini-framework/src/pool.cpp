#include "minigin/pool.h"

#include "context_lifecycle.h"

namespace minigin {

namespace {
std::atomic<std::uint64_t> next_pool_id{1};
struct Parked {
  std::uint64_t pool = 0;
  Context* context = nullptr;
};
thread_local Parked parked;
} // namespace

using Lifecycle = Context::Lifecycle;

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
    Lifecycle::set_parked(*c, false);
  } else {
    std::lock_guard lock(mu_);
    if (free_.empty()) {
      all_.push_back(Lifecycle::create(guard_));
      free_.push_back(all_.back().get());
    }
    c = free_.back();
    free_.pop_back();
  }
  Lifecycle::begin(*c);
  return *c;
}

void ContextPool::release(Context& c) noexcept {
  Lifecycle::end(c);
  if (!parked.context) {
    parked = {id_, &c};
    Lifecycle::set_parked(c, true);
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
    n += Lifecycle::parked(*c);
  return n;
}

} // namespace minigin
