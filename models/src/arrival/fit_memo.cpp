// FitMemo: a map of shared futures under one mutex, never held while a value is computed.
#include "riskgrid/models/arrival/fit_memo.hpp"

#include <tbb/task_arena.h>

namespace riskgrid::models {

FitMemoKey memo_key(std::string what, const FitInput& in) {
  return {std::move(what),
          in.train_start,
          in.train_end,
          reinterpret_cast<std::uintptr_t>(&in.district),
          reinterpret_cast<std::uintptr_t>(&in.catalog),
          reinterpret_cast<std::uintptr_t>(&in.history)};
}

FitMemo::Value FitMemo::get_erased(const FitMemoKey& key,
                                   const std::function<std::pair<Value, std::size_t>()>& compute) {
  std::promise<Value> promise;
  std::unique_lock lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(key);
  it->second.used = ++clock_;
  if (!inserted) {
    const std::shared_future<Value> waiting = it->second.value;
    lock.unlock();
    return waiting.get();
  }
  it->second.value = promise.get_future().share();
  lock.unlock();
  try {
    auto [value, bytes] = tbb::this_task_arena::isolate([&] { return compute(); });
    promise.set_value(value);
    lock.lock();
    store_locked(key, bytes);
    return value;
  } catch (...) {
    promise.set_exception(std::current_exception());
    if (!lock.owns_lock()) lock.lock();
    store_locked(key, 0);
    throw;
  }
}

void FitMemo::offer(const FitMemoKey& key, std::shared_ptr<const void> value, std::size_t bytes) {
  const std::lock_guard lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) return;
  std::promise<Value> promise;
  promise.set_value(std::move(value));
  it->second.value = promise.get_future().share();
  it->second.used = ++clock_;
  store_locked(key, bytes);
}

bool FitMemo::contains(const FitMemoKey& key) const {
  const std::lock_guard lock(mutex_);
  return entries_.count(key) > 0;
}

std::size_t FitMemo::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

void FitMemo::store_locked(const FitMemoKey& key, std::size_t bytes) {
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.ready) return;
  it->second.ready = true;
  it->second.bytes = bytes;
  bytes_ += bytes;
  evict_locked();
}

// Drops the least recently used computed values until the rest fit; a caller still holding one
// keeps it alive, and a later look-up computes it again (same value: it depends on its key alone).
void FitMemo::evict_locked() {
  while (bytes_ > max_bytes_) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->second.ready && (oldest == entries_.end() || it->second.used < oldest->second.used)) oldest = it;
    if (oldest == entries_.end()) return;
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
  }
}

}  // namespace riskgrid::models
