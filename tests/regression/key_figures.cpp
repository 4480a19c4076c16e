#include "key_figures.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_reader.hpp"

namespace riskgrid::regression {
namespace {

bool is_group(const results::ResultsReader& file, const std::string& path) {
  try {
    file.members(path);
    return true;
  } catch (const IoError&) {
    return false;
  }
}

void add_dataset_figures(const results::ResultsReader& file, const std::string& path, KeyFigures& out) {
  results::Array<double> data;
  try {
    data = file.read<double>(path);
  } catch (const IoError&) {
    return;  // a string dataset: names and labels, not figures
  }
  double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::map<long, double> level_counts;
  const bool levels = path.ends_with("risk_level");
  for (const double v : data.values) {
    if (std::isnan(v)) continue;
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    if (levels) level_counts[std::lround(v)] += 1;
  }
  if (std::isinf(lo)) return;  // all NaN
  out[path + ":sum"] = sum;
  out[path + ":min"] = lo;
  out[path + ":max"] = hi;
  for (const auto& [level, count] : level_counts) out[path + ":cells_at_level_" + std::to_string(level)] = count;
}

void walk(const results::ResultsReader& file, const std::string& group, KeyFigures& out) {
  for (const auto& member : file.members(group)) {
    const std::string path = group + "/" + member;
    if (is_group(file, path))
      walk(file, path, out);
    else
      add_dataset_figures(file, path, out);
  }
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return fields;
}

}  // namespace

KeyFigures results_figures(const std::string& results_h5) {
  const results::ResultsReader file(results_h5);
  KeyFigures out;
  walk(file, "/scenarios", out);
  out["/replicas"] = static_cast<double>(file.number_attribute<std::uint64_t>("/", "replicas"));
  return out;
}

KeyFigures backtest_summary_figures(const std::string& summary_csv) {
  std::ifstream in(summary_csv);
  if (!in) throw std::runtime_error(summary_csv + ": cannot be read");
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  KeyFigures out;
  while (std::getline(in, line)) {
    const auto row = split_csv_line(line);
    for (std::size_t i = 1; i < row.size() && i < header.size(); ++i)
      if (!row[i].empty()) out[row[0] + "/" + header[i]] = std::stod(row[i]);
  }
  return out;
}

}  // namespace riskgrid::regression
