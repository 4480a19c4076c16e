#include "backtest_tables.hpp"

#include <cmath>

#include <fmt/format.h>

namespace riskgrid::app {

using models::backtest::BacktestResult;
using models::backtest::ModelSummary;

namespace {

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); }

std::string cell(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : std::string("n/a");
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string csv_exact(double v) { return std::isfinite(v) ? fmt::format("{:.17g}", v) : std::string(); }

std::string format_field_table(const BacktestResult& r, const std::vector<ModelSummary>& summary) {
  if (!r.plan.field_scores) return {};
  std::string out =
      "\nthe field's conventions (each grid's horizon total; log score = mean log p under a Poisson of the "
      "forecast mean, higher is better;\nPoisson CRPS; hit rate and PAI of the round(p*N) grids with the highest "
      "forecast, ties in expectation)\n";
  out += fmt::format("{:<22} {:>7} {:>9} {:>8}", "model", "origins", "logS(P)", "CRPS(P)");
  for (const double s : r.plan.area_shares) out += fmt::format(" {:>8}", "PAI@" + percent(s) + "%");
  for (const double s : r.plan.area_shares) out += fmt::format(" {:>8}", "hit@" + percent(s) + "%");
  out += "\n";
  for (const auto& m : summary) {
    out +=
        fmt::format("{:<22} {:>7} {:>9} {:>8}", m.model, m.origins, cell(m.field_log_score, 4), cell(m.field_crps, 4));
    for (const double v : m.field_pai) out += fmt::format(" {:>8}", cell(v, 2));
    for (const double v : m.field_hit_rate) out += fmt::format(" {:>8}", cell(v, 3));
    out += "\n";
  }
  return out;
}

std::string format_choices(const BacktestResult& r) {
  std::string out;
  const std::size_t O = r.plan.origins.size();
  for (std::size_t m = 0; m < r.plan.models.size(); ++m) {
    std::vector<std::string> runs;
    for (std::size_t o = 0; o < O; ++o) {
      const std::string& pick = r.at(m, o).chosen;
      if (pick.empty() || (o > 0 && r.at(m, o - 1).chosen == pick)) continue;
      std::size_t last = o;
      while (last + 1 < O && r.at(m, last + 1).chosen == pick) ++last;
      const std::string from = time::format_date(r.plan.origins[o]);
      runs.push_back(last == o ? fmt::format("{} {}", from, pick)
                               : fmt::format("{} .. {} {}", from, time::format_date(r.plan.origins[last]), pick));
    }
    if (!runs.empty()) out += fmt::format("{} chose: {}\n", r.plan.models[m].display(), fmt::join(runs, "; "));
  }
  return out;
}

std::string scores_csv(const results::ScoresTable& t) {
  std::string out = "model,origin";
  for (const auto& s : t.scores) out += "," + s;
  out += ",observed_total,fit_seconds,scored,chosen,error\n";
  const std::size_t O = t.origins.size(), S = t.scores.size();
  for (std::size_t m = 0; m < t.models.size(); ++m)
    for (std::size_t o = 0; o < O; ++o) {
      const std::size_t i = m * O + o;
      out += csv_field(t.models[m]) + "," + t.origins[o];
      for (std::size_t s = 0; s < S; ++s) out += "," + csv_number(t.values[i * S + s]);
      out += "," + csv_number(t.observed_total[o]) + "," + fmt::format("{:.3f}", t.fit_seconds[i]) + "," +
             (t.errors[i].empty() ? "1" : "0") + "," + csv_field(t.chosen[i]) + "," + csv_field(t.errors[i]) + "\n";
    }
  return out;
}

std::string summary_csv(const results::ScoresTable& t, const std::vector<ModelSummary>& summary,
                        const BacktestResult& r) {
  std::string out = "model,origins";
  for (const auto& s : t.scores) out += "," + s;
  out += "\n";
  const std::size_t S = t.scores.size();
  for (std::size_t m = 0; m < t.models.size(); ++m) {
    out += csv_field(t.models[m]) + "," + std::to_string(summary[m].origins);
    for (std::size_t s = 0; s < S; ++s) out += "," + csv_number(t.summary[m * S + s]);
    out += "\n";
  }
  // The oracle has only hotspot scores, riskgrid's (area share) ones.
  ModelSummary oracle;
  oracle.mae = oracle.rmse = oracle.log_score = oracle.crps = oracle.coverage = std::nan("");
  oracle.field_log_score = oracle.field_crps = std::nan("");
  oracle.hit_rate = oracle_means(r, r.oracle_hit);
  oracle.pai = oracle_means(r, r.oracle_pai);
  out += "oracle," + std::to_string(r.plan.origins.size());
  for (const double v : row_of(oracle, r.plan.field_scores)) out += "," + csv_number(v);
  return out + "\n";
}

}  // namespace riskgrid::app
