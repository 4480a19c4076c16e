#include "handling_table.hpp"

#include <algorithm>
#include <cstdio>

namespace riskgrid::app {

void print_handling(const std::vector<run::TownHandling>& rows, const std::string& title) {
  std::printf("\n%s — case handling by town (means over replicas; open and overdue at the horizon's end)\n",
              title.c_str());
  std::printf("%-16s %10s %10s %9s %10s %10s %10s %13s %12s\n", "town", "arrived", "closed", "on time", "open start",
              "open end", "overdue", "overdue LS", "staff busy");
  for (const auto& t : rows)
    std::printf("%-16s %10.1f %10.1f %8.1f%% %10.1f %10.1f %10.1f %13.2f %11.0f%%\n", t.town.c_str(), t.arrived,
                t.closed, t.closed > 0 ? 100 * t.closed_on_time / t.closed : 100.0, t.open_start, t.open_end,
                t.overdue_end, t.overdue_life_safety_end, 100 * t.utilisation);
}

void print_busiest_teams(const std::vector<run::TeamLoad>& teams) {
  if (teams.empty()) return;
  std::printf("busiest teams and departments (busy share of their time on duty): ");
  const std::size_t shown = std::min<std::size_t>(teams.size(), 5);
  for (std::size_t i = 0; i < shown; ++i)
    std::printf("%s%s %.0f%%", i > 0 ? ", " : "", teams[i].team.c_str(), 100 * teams[i].utilisation);
  std::printf("\n");
}

void print_replay_comparison(const run::ReplayComparison& r) {
  std::printf(
      "replay against the history (the same incidents, the same limits): on time %.1f%%, judged like the "
      "history from each incident's creation %.1f%% (history %.1f%%); open at the end %.0f (history %.0f), "
      "overdue %.0f (history %.0f)\n",
      100 * r.on_time_share, 100 * r.on_time_share_from_creation, 100 * r.history_on_time_share, r.open_end,
      r.history_open_end, r.overdue_end, r.history_overdue_end);
}

}  // namespace riskgrid::app
