#include "riskgrid/engine/render/measures.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace riskgrid::render {
namespace {

const results::ResponseResults& handling_of(const results::ScenarioResults& r) {
  if (!r.response.present)
    throw std::invalid_argument(
        fmt::format("on_time: the results of {} hold no case handling (a run with response:)", r.name));
  return r.response;
}

/// Closed on time / closed per grid over bins [first, end).
std::vector<double> window_on_time(const results::ScenarioResults& r, std::size_t first, std::size_t end) {
  const results::ResponseResults& h = handling_of(r);
  std::vector<double> on_time(r.units, 0), closed(r.units, 0);
  for (std::size_t b = first; b < end; ++b)
    for (std::size_t g = 0; g < r.units; ++g) {
      on_time[g] += h.closed_on_time_mean[b * r.units + g];
      closed[g] += h.closed_mean[b * r.units + g];
    }
  for (std::size_t g = 0; g < r.units; ++g)
    on_time[g] = closed[g] > 0 ? on_time[g] / closed[g] : std::numeric_limits<double>::quiet_NaN();
  return on_time;
}

void check_window(const results::ScenarioResults& r, std::size_t first, std::size_t end) {
  if (first >= end || end > r.time.bins) {
    throw std::out_of_range(fmt::format("time window [{}, {}) of a horizon of {} bins", first, end, r.time.bins));
  }
}

const std::vector<double>& per_bin(const results::ScenarioResults& r, Measure m) {
  switch (m) {
    case Measure::mean:
      return r.per_bin.mean;
    case Measure::p95:
      return r.per_bin.p95;
    case Measure::excess:
      return r.excess;
    default:
      return r.ratio_to_normal;
  }
}

}  // namespace

std::optional<Measure> parse_measure(std::string_view name) {
  for (const Measure m :
       {Measure::level, Measure::mean, Measure::p95, Measure::ratio_to_normal, Measure::excess, Measure::on_time}) {
    if (measure_name(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view measure_name(Measure measure) {
  switch (measure) {
    case Measure::level:
      return "level";
    case Measure::mean:
      return "mean";
    case Measure::p95:
      return "p95";
    case Measure::ratio_to_normal:
      return "ratio_to_normal";
    case Measure::excess:
      return "excess";
    case Measure::on_time:
      return "on_time";
  }
  return "?";
}

bool lower_is_worse(Measure measure) { return measure == Measure::on_time; }

MeasureText measure_text(Measure measure, const std::string& count_units, const std::string& span) {
  const std::string per = span.empty() ? "" : " " + span;
  switch (measure) {
    case Measure::level:
      return {"Risk level", ""};
    case Measure::mean:
      return {"Expected " + count_units, count_units + " per grid" + per};
    case Measure::p95:
      return {"95th percentile of " + count_units, count_units + " per grid" + per};
    case Measure::ratio_to_normal:
      return {"Ratio to normal", "1 = the grid's normal, consequence-weighted" + (span.empty() ? "" : "," + per)};
    case Measure::excess:
      return {"Excess over normal", "consequence-weighted " + count_units + " per grid" + per};
    case Measure::on_time:
      return {"On-time share",
              "closed cases handled within their limit / closed cases" + (span.empty() ? "" : "," + per), true};
  }
  return {};
}

std::vector<double> horizon_values(const results::ScenarioResults& r, Measure measure) {
  switch (measure) {
    case Measure::level:
      return {r.horizon_risk_level.begin(), r.horizon_risk_level.end()};
    case Measure::mean:
      return r.horizon.mean;
    case Measure::p95:
      return r.horizon.p95;
    case Measure::ratio_to_normal:
      return r.horizon_ratio_to_normal;
    case Measure::excess:
      return r.horizon_excess;
    case Measure::on_time:
      return handling_of(r).on_time_share;
  }
  return {};
}

std::vector<double> window_values(const results::ScenarioResults& r, Measure measure, std::size_t first_bin,
                                  std::size_t end_bin) {
  check_window(r, first_bin, end_bin);
  if (measure == Measure::level) {
    const std::vector<std::int8_t> level = window_levels(r, first_bin, end_bin);
    return {level.begin(), level.end()};
  }
  if (measure == Measure::on_time) return window_on_time(r, first_bin, end_bin);
  const std::vector<double>& values = per_bin(r, measure);
  const bool peak = measure == Measure::p95;
  std::vector<double> out(r.units, peak ? -std::numeric_limits<double>::infinity() : 0.0);
  for (std::size_t b = first_bin; b < end_bin; ++b) {
    for (std::size_t g = 0; g < r.units; ++g) {
      const double v = values[b * r.units + g];
      out[g] = peak ? std::max(out[g], v) : out[g] + v;
    }
  }
  if (measure == Measure::ratio_to_normal) {
    for (double& v : out) v /= static_cast<double>(end_bin - first_bin);
  }
  return out;
}

std::vector<std::int8_t> window_levels(const results::ScenarioResults& r, std::size_t first_bin, std::size_t end_bin) {
  check_window(r, first_bin, end_bin);
  std::vector<std::int8_t> out(r.units, 0);
  for (std::size_t b = first_bin; b < end_bin; ++b) {
    for (std::size_t g = 0; g < r.units; ++g) {
      out[g] = std::max(out[g], r.risk_level[b * r.units + g]);
    }
  }
  return out;
}

}  // namespace riskgrid::render
