#include "ranking_table.hpp"

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "handling_table.hpp"

namespace riskgrid::app {

void print_ranking(const run::RunOutcome& out, std::size_t rows) {
  std::printf("\n%s — where is it worst: top %zu grids (%llu replicas)\n", out.title.c_str(), rows,
              static_cast<unsigned long long>(out.replicas));
  std::printf("%4s  %-16s %-14s %-7s %8s %9s %9s %15s %7s  %s\n", "rank", "grid", "town", "level", "×normal", "excess",
              "expected", "90% interval", "P(>2×)", "why");
  for (std::size_t i = 0; i < rows && i < out.ranking.size(); ++i) {
    const auto& g = out.ranking[i];
    std::printf("%4d  %-16s %-14s %-7s %8.2f %+9.1f %9.1f %15s %7.3f  %s\n", g.rank, g.id.c_str(), g.town.c_str(),
                g.level.c_str(), g.ratio_to_normal, g.excess, g.mean,
                fmt::format("{:.0f}–{:.0f}", g.p05, g.p95).c_str(), g.above_double_normal, g.level_reason.c_str());
  }
  if (!out.handling.empty()) print_handling(out.handling, out.title);
  if (out.replay) print_replay_comparison(*out.replay);
  print_busiest_teams(out.busiest_teams);
  for (const auto& warning : out.warnings) std::fprintf(stderr, "riskgrid: warning: %s\n", warning.c_str());
  std::printf("\n");
  for (const auto& path : out.outputs) {
    const std::string_view name = std::string_view(path).substr(path.find_last_of('/') + 1);
    const char* what = name == "results.h5"    ? "results"
                       : name == "heatmap.png" ? "heat map"
                       : name == "report.html" ? "report"
                                               : "written";
    std::printf("%-9s %s\n", (std::string(what) + ":").c_str(), path.c_str());
  }
}

}  // namespace riskgrid::app
