#pragma once
// Unsets an environment variable for a scope and puts back what was there: tests whose fixtures name
// their own data folder must not be redirected by a RISKGRID_DATA_DIR the user (or CI) has set.
#include <cstdlib>
#include <optional>
#include <string>

namespace riskgrid::testing {

class ScopedUnsetEnv {
 public:
  explicit ScopedUnsetEnv(std::string name) : name_(std::move(name)) {
    if (const char* v = std::getenv(name_.c_str())) saved_ = v;
    ::unsetenv(name_.c_str());
  }
  ~ScopedUnsetEnv() {
    if (saved_) ::setenv(name_.c_str(), saved_->c_str(), 1);
  }
  ScopedUnsetEnv(const ScopedUnsetEnv&) = delete;
  ScopedUnsetEnv& operator=(const ScopedUnsetEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

}  // namespace riskgrid::testing
