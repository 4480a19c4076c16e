#include "backtest_report.hpp"

#include "backtest_tables.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/results/scores_h5.hpp"
#include "riskgrid/engine/render/score_chart.hpp"

namespace riskgrid::app {

namespace fs = std::filesystem;
using models::backtest::BacktestResult;
using models::backtest::ModelSummary;

std::vector<double> oracle_means(const BacktestResult& r, const std::vector<double>& per_origin) {
  const std::size_t O = r.plan.origins.size(), S = r.plan.area_shares.size();
  std::vector<double> mean(S, 0.0);
  for (std::size_t o = 0; o < O; ++o)
    for (std::size_t k = 0; k < S; ++k) mean[k] += per_origin[o * S + k] / double(O);
  return mean;
}

std::string percent(double share) { return fmt::format("{:g}", share * 100); }

namespace {

std::string cell(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : std::string("n/a");
}

std::size_t middle_share(const BacktestResult& r) { return r.plan.area_shares.size() / 2; }

}  // namespace

std::vector<std::string> score_names(const models::backtest::BacktestPlan& plan) {
  std::vector<std::string> names{"mae", "rmse", "log_score", "crps", "coverage"};
  for (const double s : plan.area_shares) {
    names.push_back("hit_" + percent(s) + "pct");
    names.push_back("pai_" + percent(s) + "pct");
  }
  if (!plan.field_scores) return names;
  names.push_back("field_log_score");
  names.push_back("field_crps");
  for (const double s : plan.area_shares) {
    names.push_back("field_hit_" + percent(s) + "pct");
    names.push_back("field_pai_" + percent(s) + "pct");
  }
  return names;
}

std::string format_backtest_table(const BacktestResult& r, const std::vector<ModelSummary>& summary) {
  const auto& shares = r.plan.area_shares;
  std::string out = fmt::format("{:<22} {:>7} {:>7} {:>7} {:>8} {:>7} {:>6}", "model", "origins", "MAE", "RMSE", "logS",
                                "CRPS", fmt::format("cov{:g}", r.plan.interval * 100));
  for (const double s : shares) out += fmt::format(" {:>8}", "PAI@" + percent(s) + "%");
  for (const double s : shares) out += fmt::format(" {:>8}", "hit@" + percent(s) + "%");
  out += "\n";
  for (const auto& m : summary) {
    out += fmt::format("{:<22} {:>7} {:>7} {:>7} {:>8} {:>7} {:>6}", m.model, m.origins, cell(m.mae, 4),
                       cell(m.rmse, 4), cell(m.log_score, 4), cell(m.crps, 4), cell(m.coverage, 3));
    for (const double v : m.pai) out += fmt::format(" {:>8}", cell(v, 2));
    for (const double v : m.hit_rate) out += fmt::format(" {:>8}", cell(v, 3));
    out += "\n";
  }
  out += fmt::format("{:<22} {:>7} {:>7} {:>7} {:>8} {:>7} {:>6}", "oracle", r.plan.origins.size(), "", "", "", "", "");
  for (const double v : oracle_means(r, r.oracle_pai)) out += fmt::format(" {:>8}", cell(v, 2));
  for (const double v : oracle_means(r, r.oracle_hit)) out += fmt::format(" {:>8}", cell(v, 3));
  out += "\n";
  const ModelSummary* best_log = nullptr;
  const ModelSummary* best_pai = nullptr;
  const std::size_t k = middle_share(r);
  for (const auto& m : summary) {
    if (std::isfinite(m.log_score) && (!best_log || m.log_score < best_log->log_score)) best_log = &m;
    if (!shares.empty() && std::isfinite(m.pai[k]) && (!best_pai || m.pai[k] > best_pai->pai[k])) best_pai = &m;
  }
  if (best_log) out += fmt::format("best log score: {} ({:.4f})\n", best_log->model, best_log->log_score);
  if (best_pai)
    out += fmt::format("best PAI@{}%: {} ({:.2f}; oracle {:.2f})\n", percent(shares[k]), best_pai->model,
                       best_pai->pai[k], oracle_means(r, r.oracle_pai)[k]);
  out += format_field_table(r, summary) + format_choices(r);
  for (const auto& m : summary)
    if (!m.first_error.empty())
      out += fmt::format("{}: {} of {} origins not scored: {}\n", m.model, r.plan.origins.size() - m.origins,
                         r.plan.origins.size(), m.first_error);
  return out;
}

namespace {

results::ScoresTable scores_table(const std::string& scenario_text, const std::string& command_line,
                                  const BacktestResult& r, const std::vector<ModelSummary>& summary) {
  results::ScoresTable t;
  t.scenario_text = scenario_text;
  t.command_line = command_line;
  t.models = models::backtest::model_labels(r.plan);
  for (const auto o : r.plan.origins) t.origins.push_back(time::format_date(o));
  t.scores = score_names(r.plan);
  t.area_shares = r.plan.area_shares;
  const bool field = r.plan.field_scores;
  for (std::size_t m = 0; m < r.plan.models.size(); ++m) {
    for (std::size_t o = 0; o < r.plan.origins.size(); ++o) {
      const auto& x = r.at(m, o);
      const auto row = row_of(x, field);
      t.values.insert(t.values.end(), row.begin(), row.end());
      t.errors.push_back(x.error);
      t.chosen.push_back(x.chosen);
    }
    const auto row = row_of(summary[m], field);
    t.summary.insert(t.summary.end(), row.begin(), row.end());
  }
  t.observed_total = r.observed_total;
  t.oracle_hit_rate = r.oracle_hit;
  t.oracle_pai = r.oracle_pai;
  t.fit_seconds = r.fit_seconds;
  t.horizon_days = double(r.plan.horizon_days);
  t.bin_hours = double(r.plan.bin) / double(time::kHour);
  t.window_days = r.plan.window_days ? double(*r.plan.window_days) : 0.0;
  t.interval = r.plan.interval;
  return t;
}

render::ScorePanel lower_better(std::string title, std::vector<double> values) {
  render::ScorePanel p;
  p.title = std::move(title);
  p.values = std::move(values);
  return p;
}

render::ScoreChart score_chart(const std::string& title, const BacktestResult& r,
                               const std::vector<ModelSummary>& summary) {
  render::ScoreChart c;
  c.title = title;
  c.subtitle = fmt::format("{} origins {} .. {}, horizon {} days; means over origins", r.plan.origins.size(),
                           time::format_date(r.plan.origins.front()), time::format_date(r.plan.origins.back()),
                           r.plan.horizon_days);
  c.series = models::backtest::model_labels(r.plan);
  auto column = [&](auto get) {
    std::vector<double> v;
    for (const auto& m : summary) v.push_back(get(m));
    return v;
  };
  c.panels.push_back(lower_better("Log score", column([](const ModelSummary& m) { return m.log_score; })));
  c.panels.push_back(lower_better("CRPS", column([](const ModelSummary& m) { return m.crps; })));
  c.panels.push_back(lower_better("MAE", column([](const ModelSummary& m) { return m.mae; })));
  c.panels.push_back({fmt::format("Coverage of the {:g}% interval", r.plan.interval * 100),
                      column([](const ModelSummary& m) { return m.coverage; }), false, r.plan.interval,
                      fmt::format("target {:.2f}", r.plan.interval), true});
  const auto oracle = oracle_means(r, r.oracle_pai);
  for (std::size_t k = 0; k < r.plan.area_shares.size(); ++k)
    c.panels.push_back({fmt::format("PAI at {}% of area", percent(r.plan.area_shares[k])),
                        column([k](const ModelSummary& m) { return m.pai[k]; }), false, oracle[k],
                        fmt::format("oracle {:.2f}", oracle[k])});
  return c;
}

}  // namespace

BacktestFiles write_backtest_outputs(const std::string& out_dir, const std::string& title,
                                     const std::string& scenario_text, const std::string& command_line,
                                     const BacktestResult& r, const std::vector<ModelSummary>& summary) {
  const fs::path dir(out_dir);
  BacktestFiles f{(dir / "backtest.h5").string(), (dir / "backtest_scores.csv").string(),
                  (dir / "backtest_summary.csv").string(), (dir / "backtest.png").string()};
  const results::ScoresTable table = scores_table(scenario_text, command_line, r, summary);
  results::write_scores_h5(f.scores_h5, table);
  io::write_file(f.scores_csv, scores_csv(table));
  io::write_file(f.summary_csv, summary_csv(table, summary, r));
  render::write_score_chart(f.picture, score_chart(title, r, summary));
  return f;
}

}  // namespace riskgrid::app
