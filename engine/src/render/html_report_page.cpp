// The report page skeleton. Every element that shows data is empty here and filled by the script;
// only the title is put in by C++, HTML-escaped.
#include "html_report_template.hpp"

namespace riskgrid::render::detail {

const std::string_view kReportPage = R"RGPAGE(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="riskgrid {{VERSION}}">
<title>{{TITLE}}</title>
<style>{{STYLE}}</style>
</head>
<body>
<header class="top">
  <div class="titles">
    <h1 id="title">{{TITLE}}</h1>
    <p id="subtitle" class="sub"></p>
  </div>
  <div class="controls">
    <label id="scenario-box" class="field" hidden>Scenario <select id="scenario"></select></label>
    <div class="seg" id="views" role="group" aria-label="Colour the map by">
      <button type="button" data-view="level" aria-pressed="true">Risk level</button>
      <button type="button" data-view="mean" aria-pressed="false">Expected incidents</button>
      <button type="button" data-view="diff" aria-pressed="false" id="view-diff" hidden>Change vs reference</button>
    </div>
  </div>
</header>
<noscript><p class="noscript">This report needs JavaScript to draw the map and tables.</p></noscript>
<main class="layout">
  <section class="card map-card" aria-label="Map">
    <div class="map-head">
      <h2 id="map-caption">Risk level</h2>
      <span class="hint">Hover or tab to a grid for details · click to pin</span>
    </div>
    <div class="map-wrap" id="map-wrap">
      <svg id="map" role="group" aria-label="Grids of the district" preserveAspectRatio="xMidYMid meet"></svg>
      <div id="tip" class="tip" role="tooltip" hidden></div>
    </div>
    <div class="timebar">
      <button type="button" id="play" class="play" aria-label="Play through the time bins">&#9654;</button>
      <input type="range" id="slider" min="0" max="0" value="0" step="1" aria-label="Time bin">
      <output id="time-label" for="slider" class="time-label"></output>
    </div>
    <div class="spark-box" id="spark-box">
      <div class="spark-caption"><span id="spark-caption"></span><span id="spark-peak" class="muted"></span></div>
      <svg id="spark" class="spark" viewBox="0 0 1000 60" preserveAspectRatio="none" aria-hidden="true"></svg>
    </div>
  </section>
  <aside class="side">
    <section class="card">
      <h2 id="legend-caption">Legend</h2>
      <div id="legend" class="legend"></div>
    </section>
    <section class="card">
      <h2>Grid details</h2>
      <div id="details" class="details" aria-live="polite"></div>
    </section>
    <section class="card">
      <h2>Over the horizon</h2>
      <div id="kpis" class="kpis"></div>
    </section>
  </aside>
</main>
<section class="tables" id="tables">
  <section class="card">
    <h2>Top 10 grids by risk index over the horizon</h2>
    <div class="table-wrap"><table id="top10" class="data"></table></div>
  </section>
  <section class="card" id="compare-card" hidden>
    <h2 id="compare-caption">Largest increases</h2>
    <p id="compare-note" class="muted small"></p>
    <div class="table-wrap"><table id="compare" class="data"></table></div>
  </section>
</section>
<footer class="foot">
  <p id="footnote" class="footnote"></p>
  <p id="meta" class="muted"></p>
</footer>
<script type="application/json" id="data">{{DATA}}</script>
<script>{{SCRIPT}}</script>
</body>
</html>
)RGPAGE";

}  // namespace riskgrid::render::detail
