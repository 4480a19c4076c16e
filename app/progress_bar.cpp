#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace riskgrid::app {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_ || total == 0) return;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const double eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r%s %3.0f%% (%llu/%llu) %.1fs elapsed, ETA %.1fs ", label_.c_str(), 100 * fraction,
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), seconds, eta);
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace riskgrid::app
