#include "progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace riskgrid::app {

namespace {

constexpr double kDefaultLineSeconds = 10;

}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressMode progress_mode(bool quiet) {
  if (quiet) return ProgressMode::kOff;
  return stderr_is_terminal() ? ProgressMode::kBar : ProgressMode::kLines;
}

double progress_interval() {
  const char* text = std::getenv("RISKGRID_PROGRESS_SECONDS");
  if (text == nullptr || *text == '\0') return kDefaultLineSeconds;
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  // A malformed value must not silence progress or flood a log: fall back to the default.
  return (*end == '\0' && seconds >= 0) ? seconds : kDefaultLineSeconds;
}

ProgressPrinter::ProgressPrinter(ProgressMode mode)
    : mode_(mode), interval_(progress_interval()), last_line_(std::chrono::steady_clock::now()) {}

void ProgressPrinter::show(const std::string& message, bool last) {
  if (mode_ == ProgressMode::kOff) return;
  if (mode_ == ProgressMode::kBar) {
    std::fprintf(stderr, "\r%s ", message.c_str());
    if (last) std::fputc('\n', stderr);
    shown_ = !last;
    std::fflush(stderr);
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!last && std::chrono::duration<double>(now - last_line_).count() < interval_) return;
  last_line_ = now;
  std::fprintf(stderr, "%s\n", message.c_str());
  std::fflush(stderr);
}

void ProgressPrinter::finish() {
  if (mode_ == ProgressMode::kBar && shown_) std::fputc('\n', stderr);
  shown_ = false;
}

ProgressBar::ProgressBar(std::string label, ProgressMode mode)
    : label_(std::move(label)), printer_(mode), start_(std::chrono::steady_clock::now()) {}

ProgressBar::ProgressBar(std::string label, bool enabled)
    : ProgressBar(std::move(label), enabled ? progress_mode(false) : ProgressMode::kOff) {}

// The clock starts at the first update, not at construction: a bar made before a long fit would
// otherwise count the fit as simulating and forecast an ETA from it (40 s fit, 1 replica: "ETA 4000 s").
void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (printer_.mode() == ProgressMode::kOff || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (!started_) {
    started_ = true;
    start_ = now;
    start_done_ = done;
  }
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const double rate = done > start_done_ ? seconds / static_cast<double>(done - start_done_) : 0;
  const double eta = rate * static_cast<double>(total - done);
  printer_.show(fmt::format("{} {:3.0f}% ({}/{}) {:.1f}s elapsed, ETA {:.1f}s", label_, 100 * fraction, done, total,
                            seconds, eta),
                done == total);
}

}  // namespace riskgrid::app
