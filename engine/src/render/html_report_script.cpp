// The report's page script, first half: helpers, the map, the tooltip and the details panel.
// Plain JavaScript, no framework. It reads the JSON in #data; all text from data goes through
// textContent or setAttribute, nothing is parsed as HTML. The second half (html_report_script_ui.cpp)
// continues the same function scope and closes it.
#include "html_report_template.hpp"

namespace riskgrid::render::detail {

const std::string_view kReportScriptMap = R"RGJS(
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('data').textContent);
  function $(id) { return document.getElementById(id); }
  var NS = $('map').namespaceURI;
  var SEQ = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];
  var DIV = ['#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b'];
  var st = { sc: 0, bin: 0, view: 'level', hover: -1, pin: -1, timer: null };

  // ---- small helpers ------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  var nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  function num(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (Number.isInteger(v)) return nf.format(v);
    return a >= 100 ? nf.format(v) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  function pct(p) {
    if (p === null || p === undefined || !isFinite(p)) return '–';
    if (p > 0 && p < 0.005) return '<1%';
    if (p < 1 && p > 0.995) return '>99%';
    return Math.round(p * 100) + '%';
  }
  function signed(v) { return (v > 0 ? '+' : v < 0 ? '−' : '±') + num(Math.abs(v)); }
  function rgb(h) { return [1, 3, 5].map(function (k) { return parseInt(h.substr(k, 2), 16); }); }
  function ramp(stops, t) {
    t = Math.max(0, Math.min(1, isFinite(t) ? t : 0));
    var x = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
    var a = rgb(stops[i]), b = rgb(stops[i + 1]);
    return 'rgb(' + a.map(function (v, k) { return Math.round(v + (b[k] - v) * f); }).join(',') + ')';
  }
  function gradient(stops) { return 'linear-gradient(to right,' + stops.join(',') + ')'; }
  function level(S, l) { return S.levels[l] || { name: '?', label: 'unknown', color: '#c8ccd2' }; }
  function chip(S, l) {
    var L = level(S, l), e = el('span', 'chip', L.label || L.name), c = rgb(L.color);
    e.style.background = L.color;
    e.style.color = (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) > 150 ? '#111' : '#fff';
    return e;
  }
  function both(name, local) { return local && local !== name ? name + ' · ' + local : name; }
  function townOf(u) {
    var g = D.grids[u], t = D.towns[g.town];
    return t ? both(t.name, t.local) : g.parent;
  }
  function cat(i) { var c = D.categories[i]; return c ? both(c.name, c.local) : '?'; }
  function S() { return D.scenarios[st.sc]; }
  function cmpIndex() { return st.sc > 0 ? st.sc : 1; }

  // Per-scenario figures derived once: colour-scale maximum, district totals per bin, ranking.
  D.scenarios.forEach(function (s) {
    s.max = 0; s.tot = [];
    s.mean.forEach(function (row) {
      var t = 0;
      row.forEach(function (v) { s.max = Math.max(s.max, v || 0); t += v || 0; });
      s.tot.push(t);
    });
    s.peak = s.tot.indexOf(Math.max.apply(null, s.tot.concat([0])));
    s.rank = D.grids.map(function (_, u) { return u; })
      .sort(function (a, b) { return (s.h.index[b] || 0) - (s.h.index[a] || 0); });
  });
  function diffs() {
    var r = D.scenarios[0], c = D.scenarios[cmpIndex()];
    return D.grids.map(function (_, u) { return (c.h.mean[u] || 0) - (r.h.mean[u] || 0); });
  }

  // ---- the map --------------------------------------------------------------------------------
  var map = $('map'), tip = $('tip'), wrap = $('map-wrap');
  map.setAttribute('viewBox', '0 0 ' + D.view.w + ' ' + D.view.h);
  var gGrids = sv('g', {}), gTowns = sv('g', {}), gLabels = sv('g', {});
  var hl = sv('path', { class: 'hl', d: '' });
  var cells = D.grids.map(function (g, u) {
    var p = sv('path', { d: g.d, class: 'grid', 'fill-rule': 'evenodd', tabindex: '0', role: 'button' });
    p.setAttribute('aria-label', g.name + ', ' + townOf(u));
    p.addEventListener('mousemove', function (ev) { hover(u, ev.clientX, ev.clientY); });
    p.addEventListener('mouseleave', function () { hover(-1); });
    p.addEventListener('focus', function () {
      var r = p.getBoundingClientRect();
      hover(u, r.left + r.width / 2, r.top + r.height / 2);
    });
    p.addEventListener('blur', function () { hover(-1); });
    p.addEventListener('click', function () { pin(u); });
    p.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pin(u); }
    });
    gGrids.appendChild(p);
    return p;
  });
  var fs = Math.max(D.view.w, D.view.h) / 48;
  D.towns.forEach(function (t) {
    gTowns.appendChild(sv('path', { d: t.d, class: 'town', 'fill-rule': 'evenodd' }));
    if (D.towns.length < 2) return;  // one town is the whole district, named in the title
    var label = sv('text', { x: t.x, y: t.y, class: 'lbl', 'font-size': fs, 'stroke-width': fs / 4 });
    label.textContent = t.local || t.name;
    gLabels.appendChild(label);
  });
  map.appendChild(gGrids); map.appendChild(gTowns);
  if (D.outline) map.appendChild(sv('path', { d: D.outline, class: 'outline', 'fill-rule': 'evenodd' }));
  map.appendChild(gLabels); map.appendChild(hl);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') pin(-1); });

  function fillOf(s, u, dv, dmax) {
    if (st.view === 'mean') return ramp(SEQ, s.max > 0 ? s.mean[st.bin][u] / s.max : 0);
    if (st.view === 'diff') return ramp(DIV, dmax > 0 ? 0.5 + dv[u] / (2 * dmax) : 0.5);
    return level(s, s.level[st.bin][u]).color;
  }
  function paint() {
    var s = S(), dv = st.view === 'diff' ? diffs() : null, dmax = 0;
    if (dv) dv.forEach(function (v) { dmax = Math.max(dmax, Math.abs(v)); });
    cells.forEach(function (p, u) { p.setAttribute('fill', fillOf(s, u, dv, dmax)); });
    legend(s, dmax);
  }

  // ---- tooltip and details ------------------------------------------------------------------
  function line(parent, cls, text) { var e = el('div', cls, text); parent.appendChild(e); return e; }
  function hover(u, x, y) {
    st.hover = u;
    if (u < 0) { tip.hidden = true; } else { fillTip(u); placeTip(x, y); }
    highlight(); details();
  }
  function pin(u) { st.pin = st.pin === u ? -1 : u; highlight(); details(); }
  function highlight() {
    var u = st.hover >= 0 ? st.hover : st.pin;
    hl.setAttribute('d', u >= 0 ? D.grids[u].d : '');
    hl.setAttribute('class', u >= 0 && u === st.pin ? 'hl pinned' : 'hl');
    Array.prototype.forEach.call(document.querySelectorAll('tr[data-u]'), function (tr) {
      tr.classList.toggle('on', Number(tr.getAttribute('data-u')) === u);
    });
  }
  function fillTip(u) {
    var s = S(), g = D.grids[u], b = st.bin;
    tip.replaceChildren();
    line(tip, 't-name', g.name);
    if (g.local && g.local !== g.name) line(tip, 't-sub', g.local);
    line(tip, 't-sub', townOf(u));
    var r = line(tip, 't-row', ''); r.appendChild(chip(s, s.level[b][u]));
    r.appendChild(document.createTextNode(' ' + s.labels[b]));
    line(tip, 't-row', 'Expected ' + num(s.mean[b][u]) + ' (90%: ' + num(s.p05[b][u]) + '–' + num(s.p95[b][u]) +
      ') · P(>' + num(s.thr[u]) + ') ' + pct(s.exc[b][u]));
    line(tip, 't-row', 'Horizon ' + num(s.h.mean[u]) + ' (' + num(s.h.p05[u]) + '–' + num(s.h.p95[u]) +
      ') · index ' + num(s.h.index[u]));
    if (st.view === 'diff') line(tip, 't-row', 'Change vs reference: ' + signed(diffs()[u]));
  }
  function placeTip(x, y) {
    tip.hidden = false;
    var w = wrap.getBoundingClientRect(), tw = tip.offsetWidth, th = tip.offsetHeight;
    var left = x - w.left + 16, top = y - w.top + 16;
    if (left + tw > w.width) left = Math.max(0, x - w.left - tw - 16);
    if (top + th > w.height) top = Math.max(0, y - w.top - th - 16);
    tip.style.left = left + 'px'; tip.style.top = top + 'px';
  }
  function dl(parent, rows) {
    var list = el('dl');
    rows.forEach(function (r) {
      list.appendChild(el('dt', '', r[0]));
      var dd = el('dd');
      if (typeof r[1] === 'string') dd.textContent = r[1]; else dd.appendChild(r[1]);
      list.appendChild(dd);
    });
    parent.appendChild(list);
  }
  function details() {
    var box = $('details'), u = st.hover >= 0 ? st.hover : st.pin, s = S(), b = st.bin;
    box.replaceChildren();
    if (u < 0) {
      box.appendChild(el('p', 'empty', 'Hover, tab to or click a grid on the map or in a table.'));
      return;
    }
    var g = D.grids[u];
    box.appendChild(el('div', 'd-name', g.name));
    box.appendChild(el('div', 'd-sub', [g.local, townOf(u), g.id].filter(Boolean).join(' · ')));
    box.appendChild(el('h3', '', 'This bin · ' + s.labels[b]));
    dl(box, [['Expected incidents', num(s.mean[b][u])],
      ['90% interval', num(s.p05[b][u]) + ' – ' + num(s.p95[b][u])],
      ['P(more than ' + num(s.thr[u]) + ')', pct(s.exc[b][u])], ['Risk level', chip(s, s.level[b][u])]]);
    box.appendChild(el('h3', '', 'Whole horizon'));
    dl(box, [['Expected incidents', num(s.h.mean[u])], ['90% interval', num(s.h.p05[u]) + ' – ' + num(s.h.p95[u])],
      ['P(more than ' + num(s.h.thr[u]) + ')', pct(s.h.exc[u])], ['Risk index', num(s.h.index[u])],
      ['Risk level', chip(s, s.h.level[u])]]);
    if (D.scenarios.length > 1) {
      var r = D.scenarios[0], c = D.scenarios[cmpIndex()];
      box.appendChild(el('h3', '', c.title + ' vs ' + r.title));
      dl(box, [['Expected (horizon)', num(r.h.mean[u]) + ' → ' + num(c.h.mean[u])],
        ['Change', signed(c.h.mean[u] - r.h.mean[u])]]);
    }
    drivers(box, s, u);
  }
  function drivers(box, s, u) {
    box.appendChild(el('h3', '', 'Top categories (share of risk index)'));
    var d = el('div', 'drv');
    s.top[u].forEach(function (e) {
      d.appendChild(el('span', '', cat(e[0]))); d.appendChild(el('span', 'v', pct(e[1])));
      var bar = el('div', 'b'), fill = el('span'); fill.style.width = Math.round(e[1] * 100) + '%';
      bar.appendChild(fill); d.appendChild(bar);
    });
    if (!s.top[u].length) d.appendChild(el('span', 'v', '–'));
    box.appendChild(d);
    if (!s.drills.length) return;
    box.appendChild(el('h3', '', 'Drills adding the most incidents'));
    var rows = s.added[u].map(function (e) { return [s.drills[e[0]], '+' + num(e[1])]; });
    dl(box, rows.length ? rows : [['none adds incidents here', '']]);
  }

)RGJS";

}  // namespace riskgrid::render::detail
