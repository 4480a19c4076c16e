#include "backtest_report.hpp"

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

namespace {

std::string percent(double share) { return fmt::format("{:g}", share * 100); }

// The scores of one row in score_names() order.
std::vector<double> row_of(double mae, double rmse, double log_score, double crps, double coverage,
                           const std::vector<double>& hit, const std::vector<double>& pai) {
  std::vector<double> row{mae, rmse, log_score, crps, coverage};
  for (std::size_t k = 0; k < hit.size(); ++k) {
    row.push_back(hit[k]);
    row.push_back(pai[k]);
  }
  return row;
}

std::vector<double> oracle_means(const BacktestResult& r, const std::vector<double>& per_origin) {
  const std::size_t O = r.plan.origins.size(), S = r.plan.area_shares.size();
  std::vector<double> mean(S, 0.0);
  for (std::size_t o = 0; o < O; ++o)
    for (std::size_t k = 0; k < S; ++k) mean[k] += per_origin[o * S + k] / double(O);
  return mean;
}

std::string cell(double v, int decimals) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : std::string("n/a");
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); }

void write_text(const std::string& path, const std::string& text) { io::write_file(path, text); }

std::size_t middle_share(const BacktestResult& r) { return r.plan.area_shares.size() / 2; }

}  // namespace

std::vector<std::string> score_names(const models::backtest::BacktestPlan& plan) {
  std::vector<std::string> names{"mae", "rmse", "log_score", "crps", "coverage"};
  for (const double s : plan.area_shares) {
    names.push_back("hit_" + percent(s) + "pct");
    names.push_back("pai_" + percent(s) + "pct");
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
  for (const auto& m : summary)
    if (!m.first_error.empty())
      out += fmt::format("{}: {} of {} origins not scored: {}\n", m.model, r.plan.origins.size() - m.origins,
                         r.plan.origins.size(), m.first_error);
  return out;
}

namespace {

results::ScoresTable scores_table(const std::string& scenario_text, const BacktestResult& r,
                                  const std::vector<ModelSummary>& summary) {
  results::ScoresTable t;
  t.scenario_text = scenario_text;
  t.models = models::backtest::model_labels(r.plan);
  for (const auto o : r.plan.origins) t.origins.push_back(time::format_date(o));
  t.scores = score_names(r.plan);
  t.area_shares = r.plan.area_shares;
  for (std::size_t m = 0; m < r.plan.models.size(); ++m) {
    for (std::size_t o = 0; o < r.plan.origins.size(); ++o) {
      const auto& x = r.at(m, o);
      const auto row = row_of(x.mae, x.rmse, x.log_score, x.crps, x.coverage, x.hit_rate, x.pai);
      t.values.insert(t.values.end(), row.begin(), row.end());
      t.errors.push_back(x.error);
    }
    const auto& s = summary[m];
    const auto row = row_of(s.mae, s.rmse, s.log_score, s.crps, s.coverage, s.hit_rate, s.pai);
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

std::string scores_csv(const results::ScoresTable& t) {
  std::string out = "model,origin";
  for (const auto& s : t.scores) out += "," + s;
  out += ",observed_total,fit_seconds,error\n";
  const std::size_t O = t.origins.size(), S = t.scores.size();
  for (std::size_t m = 0; m < t.models.size(); ++m)
    for (std::size_t o = 0; o < O; ++o) {
      out += csv_field(t.models[m]) + "," + t.origins[o];
      for (std::size_t s = 0; s < S; ++s) out += "," + csv_number(t.values[(m * O + o) * S + s]);
      out += "," + csv_number(t.observed_total[o]) + "," + fmt::format("{:.3f}", t.fit_seconds[m * O + o]) + "," +
             csv_field(t.errors[m * O + o]) + "\n";
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
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto oracle = row_of(nan, nan, nan, nan, nan, oracle_means(r, r.oracle_hit), oracle_means(r, r.oracle_pai));
  out += "oracle," + std::to_string(r.plan.origins.size());
  for (const double v : oracle) out += "," + csv_number(v);
  return out + "\n";
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
                                     const std::string& scenario_text, const BacktestResult& r,
                                     const std::vector<ModelSummary>& summary) {
  const fs::path dir(out_dir);
  BacktestFiles f{(dir / "backtest.h5").string(), (dir / "backtest_scores.csv").string(),
                  (dir / "backtest_summary.csv").string(), (dir / "backtest.png").string()};
  const results::ScoresTable table = scores_table(scenario_text, r, summary);
  results::write_scores_h5(f.scores_h5, table);
  write_text(f.scores_csv, scores_csv(table));
  write_text(f.summary_csv, summary_csv(table, summary, r));
  render::write_score_chart(f.picture, score_chart(title, r, summary));
  return f;
}

}  // namespace riskgrid::app
