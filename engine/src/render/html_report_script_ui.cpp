// The report's page script, second half: legend, time slider, sparkline, KPIs, tables, the
// controls and the start-up call. Continues the function scope opened in html_report_script.cpp.
#include <string>

#include "html_report_template.hpp"

namespace riskgrid::render::detail {

const std::string_view kReportScriptPanels = R"RGJS(
  // ---- legend, time, sparkline, KPIs --------------------------------------------------------
  function legend(s, dmax) {
    var box = $('legend'); box.replaceChildren();
    legendBody(box, s, dmax);
    var lines = el('div', 'lines'), a = el('span'), b = el('span');
    a.appendChild(el('span', 'ln')); a.appendChild(document.createTextNode('Town border'));
    b.appendChild(el('span', 'ln thin')); b.appendChild(document.createTextNode('Grid border'));
    lines.appendChild(a); lines.appendChild(b); box.appendChild(lines);
  }
  function legendBody(box, s, dmax) {
    var cap = $('legend-caption'), mc = $('map-caption');
    if (st.view === 'level') {
      cap.textContent = 'Risk level';
      mc.textContent = 'Risk level per grid · ' + s.labels[st.bin];
      var count = s.levels.map(function () { return 0; });
      s.level[st.bin].forEach(function (l) { if (count[l] !== undefined) count[l]++; });
      for (var l = s.levels.length - 1; l >= 0; --l) {
        var row = el('div', 'row'), sw = el('span', 'sw'); sw.style.background = s.levels[l].color;
        row.appendChild(sw); row.appendChild(el('span', 'lab', s.levels[l].label || s.levels[l].name));
        row.appendChild(el('span', 'cnt', count[l] + (count[l] === 1 ? ' grid' : ' grids')));
        box.appendChild(row);
      }
      box.appendChild(el('div', 'note', 'Grids per level in the bin shown.'));
      return;
    }
    var diff = st.view === 'diff', bar = el('div', 'bar'), ticks = el('div', 'ticks');
    bar.style.background = gradient(diff ? DIV : SEQ);
    var ticks3 = diff ? ['−' + num(dmax), '0', '+' + num(dmax)] : ['0', num(s.max / 2), num(s.max)];
    ticks3.forEach(function (t) { ticks.appendChild(el('span', '', t)); });
    box.appendChild(bar); box.appendChild(ticks);
    if (diff) {
      var r = D.scenarios[0], c = D.scenarios[cmpIndex()];
      cap.textContent = 'Change in expected incidents';
      mc.textContent = 'Change over the horizon: ' + c.title + ' − ' + r.title;
      box.appendChild(el('div', 'note', 'Expected incidents over the whole horizon, ' + c.title + ' minus ' +
        r.title +
        '. Red: more, blue: fewer.'));
    } else {
      cap.textContent = 'Expected incidents per bin';
      mc.textContent = 'Expected incidents per grid · ' + s.labels[st.bin];
      box.appendChild(el('div', 'note', 'Ensemble mean per ' + s.binText + ' bin; scale fixed over all bins.'));
    }
  }
  function setBin(b) {
    var s = S();
    st.bin = Math.max(0, Math.min(s.bins - 1, b));
    $('slider').value = String(st.bin);
    $('time-label').textContent = s.labels[st.bin] + (st.bin === s.peak ? ' (peak)' : '') +
      ' · bin ' + (st.bin + 1) + '/' + s.bins;
    var x = s.bins > 1 ? (st.bin + 0.5) * 1000 / s.bins : 500;
    $('spark-mark').setAttribute('x1', x); $('spark-mark').setAttribute('x2', x);
    paint();
    if (st.hover >= 0 && !tip.hidden) fillTip(st.hover);
    details();
  }
  function spark(s) {
    var svg = $('spark'), top = Math.max.apply(null, s.tot.concat([1e-9])), n = s.bins, d = 'M0 60';
    svg.replaceChildren();
    s.tot.forEach(function (v, i) {
      var y = 58 - 54 * v / top;
      var x0 = (i * 1000 / n).toFixed(1), x1 = ((i + 1) * 1000 / n).toFixed(1);
      d += ' L' + x0 + ' ' + y.toFixed(1) + ' L' + x1 + ' ' + y.toFixed(1);
    });
    svg.appendChild(sv('path', { d: d + ' L1000 60 Z', class: 'area' }));
    svg.appendChild(sv('line', { id: 'spark-mark', class: 'mark', x1: 0, x2: 0, y1: 0, y2: 60 }));
    $('spark-caption').textContent = 'Expected incidents in the district per ' + s.binText + ' bin (click to jump)';
    $('spark-peak').textContent = 'peak ' + num(s.tot[s.peak]) + ' · ' + s.labels[s.peak];
    $('spark-box').hidden = n < 2;
  }
  function kpis(s) {
    var box = $('kpis'); box.replaceChildren();
    function kpi(k, v, cls) {
      var e = el('div', 'kpi' + (cls ? ' ' + cls : ''));
      e.appendChild(el('div', 'k', k)); e.appendChild(el('div', 'v', v)); box.appendChild(e);
      return e;
    }
    kpi('Expected incidents', num(s.h.mean.reduce(function (a, v) { return a + (v || 0); }, 0)));
    kpi('Highest risk index', num(s.h.index[s.rank[0]]));
    var levels = kpi('Grids per risk level', '', 'wide'), chips = el('div', 'chips');
    for (var l = s.levels.length - 1; l >= 0; --l) {
      var n = s.h.level.filter(function (v) { return v === l; }).length, c = chip(s, l);
      c.textContent = (s.levels[l].name || '') + ' ' + n; chips.appendChild(c);
    }
    levels.appendChild(chips);
  }
  // ---- tables -------------------------------------------------------------------------------
  function table(id, heads, rows) {
    var t = $(id), head = el('thead'), hr = el('tr'), body = el('tbody');
    heads.forEach(function (h) { hr.appendChild(el('th', h[1] ? 'num' : '', h[0])); });
    head.appendChild(hr);
    rows.forEach(function (r) {
      var tr = el('tr'); tr.setAttribute('data-u', r.u); tr.tabIndex = 0;
      r.cells.forEach(function (c, k) {
        var td = el('td', (heads[k][1] ? 'num ' : '') + (c.cls || ''));
        if (c.node) td.appendChild(c.node); else td.textContent = c.text;
        if (c.sub) td.appendChild(el('div', 'loc', c.sub));
        tr.appendChild(td);
      });
      tr.addEventListener('mouseenter', function () { st.hover = r.u; highlight(); details(); });
      tr.addEventListener('mouseleave', function () { st.hover = -1; highlight(); details(); });
      tr.addEventListener('focus', function () { st.hover = r.u; highlight(); details(); });
      tr.addEventListener('blur', function () { st.hover = -1; highlight(); details(); });
      tr.addEventListener('click', function () { pin(r.u); });
      body.appendChild(tr);
    });
    t.replaceChildren(head, body);
  }
  function town(u) {
    var g = D.grids[u], t = D.towns[g.town];
    return t ? { text: t.name, sub: t.local !== t.name ? t.local : '' } : { text: g.parent };
  }
  function top10(s) {
    table('top10', [['#', 1], ['Grid'], ['Town'], ['Level'], ['Risk index', 1], ['Expected', 1], ['90% interval', 1],
      ['P(exceed)', 1], ['Top category']], s.rank.slice(0, 10).map(function (u, i) {
      var g = D.grids[u], t = s.top[u][0];
      return { u: u, cells: [{ text: i + 1 }, { text: g.name, sub: g.local }, town(u),
        { node: chip(s, s.h.level[u]) }, { text: num(s.h.index[u]) }, { text: num(s.h.mean[u]) },
        { text: num(s.h.p05[u]) + '–' + num(s.h.p95[u]) }, { text: pct(s.h.exc[u]) },
        { text: t ? cat(t[0]) : '–', sub: t ? pct(t[1]) + ' of index' : '' }] };
    }));
  }
  function compare() {
    var card = $('compare-card');
    if (D.scenarios.length < 2) { card.hidden = true; return; }
    var r = D.scenarios[0], c = D.scenarios[cmpIndex()], dv = diffs();
    card.hidden = false;
    $('compare-caption').textContent = 'Largest increases: ' + c.title + ' vs ' + r.title;
    var same = r.bins === c.bins && r.start === c.start && r.binText === c.binText;
    $('compare-note').textContent =
      'Expected incidents over the horizon against the reference (the first scenario).' +
      (same ? '' : ' The horizons differ (' + r.start + ' – ' + r.end + ' vs ' + c.start + ' – ' + c.end + ').');
    var order = D.grids.map(function (_, u) { return u; }).sort(function (a, b) { return dv[b] - dv[a]; });
    table('compare', [['#', 1], ['Grid'], ['Town'], ['Reference', 1], ['Scenario', 1], ['Change', 1], ['Change %', 1],
      ['Level (horizon)']],
      order.slice(0, 10).map(function (u, i) {
        var g = D.grids[u], base = r.h.mean[u], lv = el('span');
        lv.appendChild(chip(r, r.h.level[u])); lv.appendChild(document.createTextNode(' → '));
        lv.appendChild(chip(c, c.h.level[u]));
        return { u: u, cells: [{ text: i + 1 }, { text: g.name, sub: g.local }, town(u), { text: num(base) },
          { text: num(c.h.mean[u]) }, { text: signed(dv[u]), cls: dv[u] > 0 ? 'up' : dv[u] < 0 ? 'down' : '' },
          { text: base > 0 ? signed(100 * dv[u] / base).replace(/\.\d+$/, '') + '%' : '–' }, { node: lv }] };
      }));
  }

  // ---- header, controls, scenario switching -------------------------------------------------
  function header(s) {
    var parts = [D.meta.district, s.start + ' – ' + s.end, s.bins + ' × ' + s.binText + ' bins',
      nf.format(s.replicas) + ' replicas'];
    if (D.meta.seed !== null) parts.push('seed ' + D.meta.seed);
    $('subtitle').textContent = parts.filter(Boolean).join(' · ');
    $('title').textContent = D.scenarios.length > 1 ? D.meta.title : s.title;
  }
  function selectScenario(i, first) {
    st.sc = i;
    var s = S(), slider = $('slider');
    slider.max = String(Math.max(0, s.bins - 1)); slider.disabled = s.bins < 2; $('play').disabled = s.bins < 2;
    header(s); spark(s); kpis(s); top10(s); compare();
    setBin(first || st.bin >= s.bins ? s.peak : st.bin);
  }
  function setView(v) {
    st.view = v;
    Array.prototype.forEach.call($('views').querySelectorAll('button'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === v));
    });
    paint();
    if (st.hover >= 0 && !tip.hidden) fillTip(st.hover);
  }
  Array.prototype.forEach.call($('views').querySelectorAll('button'), function (b) {
    b.addEventListener('click', function () { setView(b.getAttribute('data-view')); });
  });
  $('slider').addEventListener('input', function () { setBin(Number($('slider').value)); });
  $('spark').addEventListener('click', function (ev) {
    var r = $('spark').getBoundingClientRect();
    setBin(Math.floor((ev.clientX - r.left) / r.width * S().bins));
  });
  $('play').addEventListener('click', function () {
    var btn = $('play');
    if (st.timer) { clearInterval(st.timer); st.timer = null; btn.textContent = '▶'; return; }
    btn.textContent = '❚❚';
    st.timer = setInterval(function () { setBin((st.bin + 1) % S().bins); }, 450);
  });
  if (D.scenarios.length > 1) {
    var sel = $('scenario');
    D.scenarios.forEach(function (s, i) {
      var o = el('option', '', s.title + (i === 0 ? ' (reference)' : '')); o.value = String(i); sel.appendChild(o);
    });
    sel.addEventListener('change', function () { selectScenario(Number(sel.value)); });
    $('scenario-box').hidden = false;
    $('view-diff').hidden = false;
  }
  $('footnote').textContent = D.meta.footnote;
  $('meta').textContent = ['riskgrid ' + D.meta.version, D.meta.created ? 'results of ' + D.meta.created : '',
    'Monte Carlo ensemble: intervals are the 5th–95th percentiles over replicas'].filter(Boolean).join(' · ');
  selectScenario(0, true);
})();
)RGJS";

const std::string& report_script() {
  static const std::string script = std::string(kReportScriptMap) + std::string(kReportScriptPanels);
  return script;
}

}  // namespace riskgrid::render::detail
