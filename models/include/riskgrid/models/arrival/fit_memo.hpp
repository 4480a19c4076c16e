#pragma once
// Work shared by the fits of one backtest. A model fitted at many origins of the same history may
// need the same piece at several of them (stacked scores its members on the weeks before each
// origin, and with weekly origins those weeks are the earlier origins'); the backtest hands every fit
// one FitMemo (FitInput::memo) and the piece is computed once. A value must depend on its key alone,
// so results do not depend on which task computed it, on the thread count, on the task order or on
// what was evicted (an evicted value is computed again). The memo lives as long as one backtest.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// What a memo value is a function of: `what` (the model, the piece and every setting it depends
/// on), the training window, and the identity (address) of the district, catalog and history.
struct FitMemoKey {
  std::string what;
  time::Seconds train_start = 0, train_end = 0;
  std::uintptr_t district = 0, catalog = 0, history = 0;
  auto operator<=>(const FitMemoKey&) const = default;
};

/// The key of `what` fitted on `input`'s window and inputs.
FitMemoKey memo_key(std::string what, const FitInput& input);

class FitMemo {
 public:
  /// [E] 512 MiB of values (their own count of bytes) before the least recently used are dropped.
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{512} << 20;
  explicit FitMemo(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
  FitMemo(const FitMemo&) = delete;
  FitMemo& operator=(const FitMemo&) = delete;

  /// The value under `key`. The first caller runs `compute` (returning the value and its size in
  /// bytes) in an isolated task arena, so that its own parallel loops never pick up another task
  /// that waits for this key; later callers wait for it. An exception from `compute` is kept and
  /// rethrown to every caller of the key.
  template <class T>
  std::shared_ptr<const T> get(const FitMemoKey& key,
                               const std::function<std::pair<std::shared_ptr<const T>, std::size_t>()>& compute) {
    return std::static_pointer_cast<const T>(get_erased(key, [&]() -> std::pair<Value, std::size_t> {
      auto [value, bytes] = compute();
      return {std::move(value), bytes};
    }));
  }

  /// Stores a value computed elsewhere (e.g. by a fit the caller needed anyway), unless the key has
  /// one or is being computed.
  void offer(const FitMemoKey& key, std::shared_ptr<const void> value, std::size_t bytes);
  bool contains(const FitMemoKey& key) const;
  std::size_t bytes() const;

 private:
  using Value = std::shared_ptr<const void>;
  struct Entry {
    std::shared_future<Value> value;
    std::size_t bytes = 0;
    std::uint64_t used = 0;  ///< clock_ at the last look-up
    bool ready = false;      ///< computed (being computed entries are never evicted)
  };
  Value get_erased(const FitMemoKey& key, const std::function<std::pair<Value, std::size_t>()>& compute);
  void store_locked(const FitMemoKey& key, std::size_t bytes);
  void evict_locked();

  mutable std::mutex mutex_;
  std::map<FitMemoKey, Entry> entries_;
  std::size_t bytes_ = 0, max_bytes_;
  std::uint64_t clock_ = 0;
};

}  // namespace riskgrid::models
