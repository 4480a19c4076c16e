// The report's style sheet: system fonts only (CJK included), no external resources.
#include "html_report_template.hpp"

namespace riskgrid::render::detail {

const std::string_view kReportStyle = R"RGCSS(
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #e4e8ee; --bg: #eef1f5; --card: #fff;
  --navy: #1c2b3a; --accent: #2f6fb0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
    sans-serif;
  font-size: 14px; line-height: 1.45; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
[hidden] { display: none !important; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.top { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; justify-content: space-between;
  background: var(--navy); color: #fff; padding: 14px 24px; }
.top h1 { font-size: 19px; font-weight: 650; margin: 0; letter-spacing: .01em; }
.top .sub { margin: 2px 0 0; font-size: 12.5px; color: #c4cfdb; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; }
.field { font-size: 12.5px; color: #c4cfdb; display: flex; gap: 8px; align-items: center; }
.field select { font: inherit; font-size: 13px; color: var(--ink); background: #fff; border: 0;
  border-radius: 6px; padding: 5px 8px; max-width: 320px; }
.seg { display: inline-flex; border-radius: 7px; overflow: hidden; border: 1px solid #43566a; }
.seg button { font: inherit; font-size: 13px; color: #dbe3ec; background: transparent; border: 0;
  padding: 6px 12px; cursor: pointer; }
.seg button + button { border-left: 1px solid #43566a; }
.seg button[aria-pressed="true"] { background: #fff; color: var(--navy); font-weight: 600; }
.seg button:disabled { opacity: .45; cursor: not-allowed; }
.noscript { margin: 16px 24px; padding: 12px; background: #fff3cd; border-radius: 8px; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) clamp(290px, 26vw, 350px); gap: 16px; padding: 16px 24px 0;
  max-width: 1560px; margin: 0 auto; align-items: start; }
.card { background: var(--card); border-radius: 10px; padding: 14px 16px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .10); min-width: 0; }
.card h2 { font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 0 0 10px; }
.side { display: flex; flex-direction: column; gap: 16px; min-width: 0; }
.map-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.map-head h2 { margin: 0; }
.hint { font-size: 12px; color: var(--muted); }
/* The map's size never depends on the side panel, so hovering (which refills the panel) cannot
   move a grid from under the pointer. */
.map-wrap { position: relative; margin-top: 6px; height: clamp(360px, 68vh, 760px); }
#map { position: absolute; inset: 0; display: block; width: 100%; height: 100%; }
.grid { stroke: #fff; stroke-width: .7; vector-effect: non-scaling-stroke; cursor: pointer;
  transition: fill .18s ease; }
.grid:focus { outline: none; }
.town { fill: none; stroke: #27313d; stroke-width: 1.7; vector-effect: non-scaling-stroke;
  pointer-events: none; stroke-linejoin: round; }
.outline { fill: none; stroke: #111820; stroke-width: 2.4; vector-effect: non-scaling-stroke;
  pointer-events: none; stroke-linejoin: round; }
.hl { fill: none; stroke: #0b1220; stroke-width: 3.2; vector-effect: non-scaling-stroke;
  pointer-events: none; stroke-linejoin: round; }
.hl.pinned { stroke: var(--accent); }
.lbl { fill: #1b2530; stroke: rgba(255, 255, 255, .85); paint-order: stroke; font-weight: 600;
  pointer-events: none; text-anchor: middle; dominant-baseline: middle; }
.tip { position: absolute; z-index: 5; pointer-events: none; max-width: 300px; background: rgba(17, 24, 39, .95);
  color: #f3f6f9; border-radius: 7px; padding: 9px 11px; font-size: 12.5px; line-height: 1.4;
  box-shadow: 0 6px 18px rgba(0, 0, 0, .25); }
.tip .t-name { font-weight: 650; font-size: 13.5px; }
.tip .t-sub { color: #aab6c3; }
.tip .t-row { margin-top: 4px; }
.timebar { display: flex; align-items: center; gap: 12px; margin-top: 10px; }
.play { width: 32px; height: 32px; border-radius: 50%; border: 0; background: var(--navy); color: #fff;
  cursor: pointer; font-size: 13px; flex: none; }
.play:disabled { opacity: .4; cursor: default; }
#slider { flex: 1; accent-color: var(--navy); min-width: 120px; }
.time-label { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 230px; text-align: right; }
.spark-box { margin-top: 8px; }
.spark-caption { display: flex; justify-content: space-between; gap: 12px; font-size: 12px; color: var(--muted); }
.spark { display: block; width: 100%; height: 56px; cursor: pointer; }
.spark .area { fill: #c9d6e3; stroke: #56708a; stroke-width: 1.2; vector-effect: non-scaling-stroke; }
.spark .mark { stroke: #c0392b; stroke-width: 2; vector-effect: non-scaling-stroke; }
.legend .row { display: flex; align-items: center; gap: 10px; padding: 3px 0; }
.legend .sw { width: 16px; height: 16px; border-radius: 4px; flex: none; border: 1px solid rgba(0, 0, 0, .12); }
.legend .lab { flex: 1; }
.legend .cnt { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 12.5px; }
.legend .bar { height: 14px; border-radius: 4px; border: 1px solid rgba(0, 0, 0, .12); }
.legend .ticks { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted);
  font-variant-numeric: tabular-nums; margin-top: 3px; }
.legend .note { font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend .lines { display: flex; gap: 16px; margin-top: 10px; padding-top: 8px; border-top: 1px solid var(--line);
  font-size: 12px; color: var(--muted); }
.legend .ln { display: inline-block; width: 22px; vertical-align: middle; margin-right: 6px;
  border-top: 2px solid #27313d; }
.legend .ln.thin { border-top: 1px solid #9aa5b1; }
.details .empty { color: var(--muted); margin: 0; }
.details .d-name { font-size: 16px; font-weight: 650; }
.details .d-sub { color: var(--muted); font-size: 12.5px; margin-bottom: 8px; }
.details h3 { font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin: 10px 0 4px; font-weight: 650; }
.details dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
.details dt { color: var(--muted); }
.details dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.drv { display: grid; grid-template-columns: 1fr 44px; gap: 2px 8px; align-items: center; font-size: 13px; }
.drv .b { grid-column: 1 / 3; height: 5px; background: #edf0f4; border-radius: 3px; overflow: hidden;
  margin-bottom: 4px; }
.drv .b > span { display: block; height: 100%; background: var(--accent); }
.drv .v { text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); }
.chip { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600;
  white-space: nowrap; border: 1px solid rgba(0, 0, 0, .08); }
.kpis { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.kpi .k { font-size: 12px; color: var(--muted); }
.kpi .v { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi.wide { grid-column: 1 / 3; }
.kpi .chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(780px, 1fr)); gap: 16px;
  padding: 16px 24px 0; max-width: 1560px; margin: 0 auto; }
.table-wrap { overflow-x: auto; }
table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
table.data th { text-align: left; font-size: 11.5px; font-weight: 650; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.data td { padding: 6px 8px; border-bottom: 1px solid #f0f2f5; vertical-align: middle; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data tbody tr { cursor: pointer; }
table.data tbody tr:hover, table.data tbody tr:focus, table.data tbody tr.on { background: #f2f6fb; outline: none; }
table.data .loc { color: var(--muted); font-size: 12px; }
.up { color: #b2182b; }
.down { color: #2166ac; }
.foot { max-width: 1560px; margin: 0 auto; padding: 14px 24px 28px; font-size: 12px; }
.foot p { margin: 2px 0; }
.footnote { color: var(--ink); }
@media (max-width: 900px) {
  .layout, .tables { grid-template-columns: minmax(0, 1fr); }
}
@media print {
  .timebar, .spark-box, .controls, .hint { display: none; }
  body { background: #fff; }
  .card { box-shadow: none; }
}
)RGCSS";

}  // namespace riskgrid::render::detail
