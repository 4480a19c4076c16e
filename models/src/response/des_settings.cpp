// Reading the "des" response model's `response:` block (docs/scenarios.md, "Case handling").
#include <cmath>
#include <filesystem>
#include <limits>
#include <tuple>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/time_window.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::models::response {
namespace fs = std::filesystem;

namespace {

/// "hh:mm" as seconds after midnight; "24:00" allowed for an end.
time::Seconds read_clock(const io::Fields& f, const std::string& key) {
  const std::string text = f.text(key);
  int h = -1, m = -1;
  char colon = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &h, &colon, &m) != 3 || colon != ':' || h < 0 || h > 24 || m < 0 || m > 59 ||
      (h == 24 && m != 0) || text.size() != 5)
    f.fail(key, "a time of day like \"09:00\"");
  return h * time::kHour + m * 60;
}

std::vector<std::int64_t> read_days(const io::Fields& f, const std::string& key) {
  std::vector<std::int64_t> days;
  for (const std::string& text : f.texts_or_empty(key)) {
    const auto t = time::parse_iso(text);
    if (!t || *t % time::kDay != 0) f.fail(key, fmt::format("dates like 2026-10-01, got \"{}\"", text));
    days.push_back(time::day_number(*t));
  }
  return days;
}

std::vector<int> read_weekend(const io::Fields& f) {
  static const std::vector<std::string> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (!f.has("weekend")) return {5, 6};
  std::vector<int> out;
  for (const std::string& day : f.texts_or_empty("weekend")) {
    const auto it = std::find(names.begin(), names.end(), day);
    if (it == names.end()) f.fail("weekend", fmt::format("days among mon ... sun, got \"{}\"", day));
    out.push_back(int(it - names.begin()));
  }
  return out;
}

std::string resolve_near(const io::Fields& f, const std::string& key) {
  return fs::weakly_canonical(fs::path(f.file_of(key)).parent_path() / f.text(key)).string();
}

/// A calendar file or mapping: working_hours {start, end}, weekend, holidays, workdays.
time::CalendarRules read_calendar(const io::Fields& f) {
  time::CalendarRules rules;
  if (f.has("working_hours")) {
    const io::Fields h = f.child("working_hours");
    rules.day_start = read_clock(h, "start");
    rules.day_end = read_clock(h, "end");
    if (rules.day_end <= rules.day_start) h.fail("end", "an end after the start");
    h.reject_unknown();
  }
  rules.weekend_days = read_weekend(f);
  rules.holidays = read_days(f, "holidays");
  rules.workdays = read_days(f, "workdays");
  f.reject_unknown();
  return rules;
}

/// The value under `key`: a mapping/list written here, or the name of a YAML file holding `key:`.
template <class Reader>
void read_here_or_file(const io::Fields& f, const std::string& key, Reader reader) {
  if (!f.has(key)) return;
  if (f.node(key).IsScalar()) {
    const std::string path = resolve_near(f, key);
    const io::Fields file(io::load_yaml_file(path), path, "");
    if (!file.has(key)) file.required_node(key);
    reader(file);
    file.reject_unknown();
    return;
  }
  reader(f);
}

HandlingRow read_handling_row(const io::Fields& f) {
  HandlingRow row;
  row.where = io::where(f.file(), f.yaml());
  row.category = f.text("category");
  if (f.has("law")) row.law = f.choice_or("law", {"lognormal", "exponential"}, "lognormal");
  if (f.has("department")) row.department = f.text("department");
  if (f.has("median_hours")) row.median_hours = f.positive("median_hours");
  if (f.has("sigma")) row.sigma = f.positive("sigma");
  if (f.has("time_limit_hours")) row.time_limit_hours = f.positive("time_limit_hours");
  if (f.has("urgent_limit_hours")) row.urgent_limit_hours = f.positive("urgent_limit_hours");
  if (f.has("urgent_share")) row.urgent_share = f.fraction_or("urgent_share", 0);
  if (f.has("joint_share")) row.joint_share = f.fraction_or("joint_share", 0);
  if (f.has("escalation_odds")) row.escalation_odds = f.positive("escalation_odds");
  if (f.has("effort_hours")) row.effort_hours = f.positive("effort_hours");
  f.reject_unknown();
  return row;
}

template <class T, class Reader>
std::vector<T> read_list(const io::Fields& f, const std::string& key, Reader reader) {
  std::vector<T> out;
  if (!f.has(key)) return out;
  const YAML::Node list = f.node(key);
  if (!list.IsSequence()) f.fail(key, "a list");
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(reader(f.element(key, i)));
  return out;
}

/// A drill's `window: {start:, hours:|days:|end:}` under `f` (none: always).
DrillTimes read_when(const io::Fields& f) {
  DrillTimes when;
  if (!f.has("window")) return when;
  const io::Fields w = f.child("window");
  if (!w.has("start")) w.required_node("start");
  std::tie(when.start, when.end) = scenario::read_window(w, 0, std::numeric_limits<time::Seconds>::max());
  w.reject_unknown();
  when.where = io::where(w.file(), w.yaml());
  return when;
}

/// `availability: 0.9`, or with a window `availability: {share: 0.9, window: {...}}`.
void read_availability(const io::Fields& f, DesSettings& s) {
  if (!f.has("availability") || !f.node("availability").IsMap()) {
    s.availability = f.fraction_or("availability", s.availability);
    return;
  }
  const io::Fields a = f.child("availability");
  s.availability = a.fraction_or("share", s.availability);
  s.availability_when = read_when(a);
  a.reject_unknown();
}

void read_staff(const io::Fields& f, DesSettings& s) {
  if (f.has("caseload"))
    f.fail_at(f.node("caseload"), "caseload",
              "no such key any more: a case holds a handler only for its effort; staff capacity is "
              "case_time_share (share of working time on cases, default 0.2) and duty_share (docs/response.md)");
  s.case_time_share = f.fraction_or("case_time_share", s.case_time_share);
  if (s.case_time_share <= 0) f.fail("case_time_share", "a share above 0");
  read_availability(f, s);
  s.duty_share = f.fraction_or("duty_share", s.duty_share);
  s.grid_staff_always_on = f.flag_or("always_on", false);
  s.staff_changes = read_list<StaffChange>(f, "changes", [](const io::Fields& c) {
    StaffChange change{c.texts_or_empty("towns"), c.texts_or_empty("grids"), c.number_or("factor", 1),
                       c.number_or("add", 0), io::where(c.file(), c.yaml())};
    if (change.factor < 0) c.fail("factor", "a factor >= 0");
    if (c.has("window")) {
      const io::Fields w = c.child("window");
      if (!w.has("start")) w.required_node("start");
      std::tie(change.start, change.end) = scenario::read_window(w, 0, std::numeric_limits<time::Seconds>::max());
      w.reject_unknown();
    }
    c.reject_unknown();
    return change;
  });
  s.emergency_duty = read_list<EmergencyDuty>(f, "emergency_duty", [](const io::Fields& e) {
    EmergencyDuty duty{e.texts_or_empty("towns"), e.texts_or_empty("grids"), e.fraction_or("share", 0.5),
                       io::where(e.file(), e.yaml())};
    if (duty.share <= 0) e.fail("share", "a share above 0");
    if (e.has("window")) {
      const io::Fields w = e.child("window");
      if (!w.has("start")) w.required_node("start");
      std::tie(duty.start, duty.end) = scenario::read_window(w, 0, std::numeric_limits<time::Seconds>::max());
      w.reject_unknown();
    }
    e.reject_unknown();
    return duty;
  });
  s.staff_moves = read_list<StaffMove>(f, "moves", [](const io::Fields& m) {
    StaffMove move{m.text("from"), m.text("to"), m.positive("staff"), io::where(m.file(), m.yaml())};
    move.when = read_when(m);
    m.reject_unknown();
    return move;
  });
  read_here_or_file(f, "merge_grids", [&](const io::Fields& holder) {
    s.merges = read_list<GridMerge>(holder, "merge_grids", [](const io::Fields& m) {
      GridMerge merge{m.texts_or_empty("grids"), io::where(m.file(), m.yaml())};
      if (merge.grids.size() < 2) m.fail("grids", "two or more grid ids");
      if (m.has("window"))
        m.fail_at(m.node("window"), "window",
                  "a merge cannot take a window: merged grids share one pool and one queue for the whole run, "
                  "and cases queued in it could not be handed back to their grids when it ends; run the "
                  "merged layout as its own scenario");
      m.reject_unknown();
      return merge;
    });
  });
  f.reject_unknown();
}

void read_escalation(const io::Fields& f, DesSettings& s) {
  double total = 0;
  for (std::size_t l = 0; l < kLevels; ++l) {
    s.level_shares[l] = f.fraction_or(kLevelNames[l], s.level_shares[l]);
    total += s.level_shares[l];
  }
  if (std::abs(total - 1) > 1e-6) f.fail("district", "shares of community, grid, town and district adding up to 1");
  s.escalation_odds = f.positive_or("odds", s.escalation_odds);
  s.odds_when = read_when(f);
  s.overdue_escalation = f.fraction_or("overdue", s.overdue_escalation);
  s.cross_boundary_odds = f.positive_or("cross_boundary_odds", s.cross_boundary_odds);
  s.border_metres = f.number_or("border_metres", s.border_metres);
  if (s.border_metres < 0 || s.border_metres > 5000) f.fail("border_metres", "metres in 0 .. 5000");
  s.reopened_twice_odds = f.positive_or("reopened_twice_odds", s.reopened_twice_odds);
  s.reopen_share = f.fraction_or("reopen_share", s.reopen_share);
  f.reject_unknown();
}

void read_servers(const io::Fields& f, DesSettings& s) {
  if (f.has("town_servers")) s.town_servers = f.positive("town_servers");
  if (f.has("district_servers")) s.district_servers = f.positive("district_servers");
  s.target_utilisation = f.fraction_or("target_utilisation", s.target_utilisation);
  if (s.target_utilisation <= 0) f.fail("target_utilisation", "a share above 0");
  f.reject_unknown();
}

}  // namespace

DesSettings read_des_settings(const scenario::ResponseBlock& block) {
  const io::Fields f(block.node, block.sources, "response");
  DesSettings s;
  f.text_or("model", "des");
  s.replay = f.choice_or("mode", {"forecast", "replay"}, "forecast") == "replay";
  read_here_or_file(f, "calendar", [&](const io::Fields& holder) {
    if (!holder.node("calendar").IsMap()) holder.fail("calendar", "a mapping or the name of a calendar file");
    s.calendar = read_calendar(holder.child("calendar"));
  });
  s.warmup_days = f.number_or("warmup_days", s.warmup_days);
  if (s.warmup_days < 0 || s.warmup_days > 365) f.fail("warmup_days", "days in 0 .. 365");
  if (f.has("staff")) read_staff(f.child("staff"), s);
  if (f.has("teams")) read_servers(f.child("teams"), s);
  if (f.has("departments")) {
    const io::Fields d = f.child("departments");
    for (const auto& entry : d.yaml()) s.department_servers[entry.first.Scalar()] = d.positive(entry.first.Scalar());
  }
  if (f.has("escalation")) read_escalation(f.child("escalation"), s);
  if (f.has("effort")) {
    const io::Fields e = f.child("effort");
    s.effort_hours = e.positive_or("hours", s.effort_hours);
    s.effort_sigma = e.number_or("sigma", s.effort_sigma);
    if (s.effort_sigma < 0 || s.effort_sigma > 3) e.fail("sigma", "a log-scale sigma in 0 .. 3");
    e.reject_unknown();
  }
  if (f.has("supervision")) {
    const io::Fields v = f.child("supervision");
    s.supervise_at = v.fraction_or("at", s.supervise_at);
    s.hurry_share = v.fraction_or("hurry", s.hurry_share);
    if (s.supervise_at + s.hurry_share > 1) v.fail("hurry", "a share that with `at` adds up to at most 1");
    v.reject_unknown();
  }
  if (f.has("joint_meetings")) {
    const io::Fields m = f.child("joint_meetings");
    const double every = m.number_or("every_working_days", s.meeting_every_days);
    if (every < 0 || every > 250 || every != std::floor(every))
      m.fail("every_working_days", "whole working days in 0 .. 250 (0: no meetings)");
    s.meeting_every_days = int(every);
    if (m.has("at")) s.meeting_at = read_clock(m, "at");
    m.reject_unknown();
  }
  s.joint_share = f.fraction_or("joint_share", s.joint_share);
  s.urgent_share = f.fraction_or("urgent_share", s.urgent_share);
  s.intake_minutes = f.number_or("intake_minutes", s.intake_minutes);
  s.urgent_intake_minutes = f.number_or("urgent_intake_minutes", s.urgent_intake_minutes);
  s.verify_hours = f.number_or("verify_hours", s.verify_hours);
  for (const char* key : {"intake_minutes", "urgent_intake_minutes", "verify_hours"})
    if (f.number_or(key, 0) < 0) f.fail(key, "a duration >= 0");
  if (f.has("time_limits")) {
    const io::Fields t = f.child("time_limits");
    s.time_limit_factor = t.positive_or("factor", 1);
    s.limit_when = read_when(t);
    t.reject_unknown();
  }
  read_here_or_file(f, "handling", [&](const io::Fields& holder) {
    s.handling = read_list<HandlingRow>(holder, "handling", read_handling_row);
  });
  s.red_probability = f.fraction_or("red_if_overdue_life_safety", s.red_probability);
  f.reject_unknown();
  return s;
}

}  // namespace riskgrid::models::response
