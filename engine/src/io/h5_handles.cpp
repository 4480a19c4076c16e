#include "io/h5_handles.hpp"

#include <fmt/format.h>

namespace riskgrid::io::h5 {
namespace {

/// The outermost entry says what the API call could not do; the innermost says why (errno, name).
struct StackSummary {
  std::string outer;
  std::string inner;
};

herr_t collect(unsigned depth, const H5E_error2_t* error, void* data) {
  auto* summary = static_cast<StackSummary*>(data);
  const std::string desc = error->desc != nullptr ? error->desc : "";
  if (depth == 0) summary->outer = desc;
  summary->inner = desc;
  return 0;
}

}  // namespace

void fail(std::string_view operation) {
  StackSummary summary;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect, &summary);
  H5Eclear2(H5E_DEFAULT);
  if (summary.outer.empty()) throw Failure(fmt::format("{}: HDF5 error", operation));
  if (summary.inner == summary.outer) throw Failure(fmt::format("{}: {}", operation, summary.outer));
  throw Failure(fmt::format("{}: {} ({})", operation, summary.outer, summary.inner));
}

Type utf8_string_type() {
  Type type{check(H5Tcopy(H5T_C_S1), "copy string type")};
  check_status(H5Tset_size(type.get(), H5T_VARIABLE), "make string type variable-length");
  check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string type to UTF-8");
  return type;
}

}  // namespace riskgrid::io::h5
