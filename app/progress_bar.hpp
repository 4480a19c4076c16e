#pragma once
// Progress on stderr for long steps: a bar redrawn in place on a terminal; off a terminal (logs, CI,
// batch jobs) a plain line at most every progress_interval() seconds and one at the end; nothing with
// --quiet.
#include <chrono>
#include <cstdint>
#include <string>

namespace riskgrid::app {

enum class ProgressMode { kOff, kBar, kLines };

/// kOff with --quiet, kBar when stderr is a terminal, kLines otherwise.
ProgressMode progress_mode(bool quiet);

/// Seconds between progress lines off a terminal: RISKGRID_PROGRESS_SECONDS (0 = every update),
/// default 10.
double progress_interval();

/// Shows one progress message in the mode's way; in kLines mode only when the interval has passed
/// since the last line, or when `last`.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(ProgressMode mode);
  void show(const std::string& message, bool last);
  /// Ends the bar's line (kBar).
  void finish();
  ProgressMode mode() const { return mode_; }

 private:
  ProgressMode mode_;
  double interval_;
  std::chrono::steady_clock::time_point last_line_;
  bool shown_ = false;
};

class ProgressBar {
 public:
  ProgressBar(std::string label, ProgressMode mode);
  /// `enabled`: kBar on a terminal, kLines elsewhere; else off.
  ProgressBar(std::string label, bool enabled);
  void update(std::uint64_t done, std::uint64_t total);

 private:
  std::string label_;
  ProgressPrinter printer_;
  std::chrono::steady_clock::time_point start_;  ///< of the first update
  std::uint64_t start_done_ = 0;                 ///< done at the first update
  bool started_ = false;
};

/// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace riskgrid::app
