#include "calibration_report.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::app {
namespace {

using models::response::FitRow;

std::string hours(const std::optional<double>& h) { return h ? fmt::format("{:.3g}", *h) : "-"; }

std::string csv_number(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : ""; }

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string format_calibration_table(const std::vector<FitRow>& rows) {
  std::string out, interval;
  for (const FitRow& r : rows) {
    if (r.interval != interval) {
      interval = r.interval;
      out += fmt::format("\n{}  (hours; KM = Kaplan-Meier, KS = its distance to the fit)\n", interval);
      out += fmt::format("{:<10} {:<22} {:>6} {:>6} {:>6} {:>6} {:>9} {:>6} {:>9} {:>9} {:>9} {:>6}\n", "by", "group",
                         "n", "events", "cens", "skip", "median", "sigma", "p90", "KM p50", "KM p90", "KS");
    }
    const auto& f = r.fit;
    out += fmt::format("{:<10} {:<22} {:>6} {:>6} {:>6} {:>6} {:>9} {:>6} {:>9} {:>9} {:>9} {:>6}\n", r.by,
                       r.group.substr(0, 22), r.n, r.events, r.censored, r.skipped,
                       hours(f ? std::optional(f->median()) : std::nullopt), f ? fmt::format("{:.2f}", f->sigma) : "-",
                       hours(f ? std::optional(f->quantile(0.9)) : std::nullopt), hours(r.km_median), hours(r.km_p90),
                       f ? fmt::format("{:.3f}", r.ks) : "-");
  }
  return out;
}

void write_calibration_csv(const std::string& path, const std::vector<FitRow>& rows) {
  std::ostringstream out;
  out << "interval,by,group,n,events,censored,skipped,median_hours,sigma,p90_hours,km_median_hours,km_p90_hours,"
         "ks,top_department,top_share\n";
  for (const FitRow& r : rows) {
    const auto& f = r.fit;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.interval, r.by, csv_text(r.group), r.n,
                       r.events, r.censored, r.skipped, csv_number(f ? std::optional(f->median()) : std::nullopt),
                       csv_number(f ? std::optional(f->sigma) : std::nullopt),
                       csv_number(f ? std::optional(f->quantile(0.9)) : std::nullopt), csv_number(r.km_median),
                       csv_number(r.km_p90), f ? fmt::format("{:.4f}", r.ks) : "", csv_text(r.top_department),
                       r.top_department.empty() ? "" : fmt::format("{:.3f}", r.top_share));
  }
  io::write_file(path, out.str(), "the calibration table");  // all or nothing, like every output
}

std::vector<std::string> effort_assumption(const std::vector<FitRow>& rows) {
  const models::response::DesSettings defaults;
  const bool fitted = std::any_of(rows.begin(), rows.end(), [](const FitRow& r) {
    return r.interval == kEffortInterval && r.by == "category" && r.fit;
  });
  if (fitted)
    return {
        "Effort and waiting: stage times started and finished are in the data, so a category's handler effort "
        "(effort_hours) is the median of started->finished;",
        "its elapsed handling time (median_hours, sigma) is created->closed, the waiting on others being the rest; "
        "categories without a started->finished fit keep the effort estimate."};
  return {
      "Effort and waiting: the data have only created and closed (no stage times started and finished), so "
      "created->closed is taken as",
      fmt::format("the elapsed handling time = handler effort + waiting on others; the effort is not in the data "
                  "and stays the estimate [E] median {:g} h, sigma {:g} (response.effort),",
                  defaults.effort_hours, defaults.effort_sigma),
      fmt::format("so only the waiting is fitted. created->closed also holds intake ({:g} min) and verification "
                  "({:g} h) [E], which the model adds again.",
                  defaults.intake_minutes, defaults.verify_hours)};
}

void write_handling_yaml(const std::string& path, const std::vector<FitRow>& rows,
                         const std::vector<std::string>& header) {
  std::ostringstream out;
  for (const std::string& line : header) out << "# " << line << "\n";
  for (const std::string& line : effort_assumption(rows)) out << "# " << line << "\n";
  out << "handling:\n";
  std::size_t written = 0;
  for (const FitRow& r : rows) {
    if (r.interval != "created->closed" || r.by != "category" || !r.fit) continue;
    const auto effort = std::find_if(rows.begin(), rows.end(), [&](const FitRow& e) {
      return e.interval == kEffortInterval && e.by == "category" && e.group == r.group && e.fit;
    });
    out << fmt::format("  - {{category: {}, law: lognormal, median_hours: {:.4g}, sigma: {:.3f}{}}}", r.group,
                       r.fit->median(), r.fit->sigma,
                       effort == rows.end() ? "" : fmt::format(", effort_hours: {:.4g}", effort->fit->median()));
    out << fmt::format("  # {} cases, {} closed, {} open; KS {:.3f}", r.n, r.events, r.censored, r.ks);
    if (!r.top_department.empty()) out << fmt::format("; {:.0f}% {}", 100 * r.top_share, r.top_department);
    out << "\n";
    ++written;
  }
  if (written == 0) out << "  []\n";
  io::write_file(path, out.str(), "the handling settings");
}

}  // namespace riskgrid::app
