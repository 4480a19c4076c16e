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
  // An on-time share: a tenth of a point matters there (the bureau's target is 99%).
  function share(p) {
    if (p === null || p === undefined || !isFinite(p)) return '–';
    return (p * 100).toFixed(1) + '%';
  }

  function pct(p) {
    if (p === null || p === undefined || !isFinite(p)) return '–';
    if (p > 0 && p < 0.005) return '<1%';
    if (p < 1 && p > 0.995) return '>99%';
    return Math.round(p * 100) + '%';
  }
  function signed(v) { return (v > 0 ? '+' : v < 0 ? '−' : '±') + num(Math.abs(v)); }
  function ratio(v) { return v == null || !isFinite(v) ? '–' : v.toFixed(2) + '×'; }
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
    s.rank = s.h.order;  // rank 1 ("where is it worst": the largest excess) first
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
      ') · ' + ratio(s.h.ratio[u]) + ' normal');
    line(tip, 't-sub', s.h.reason[u]);
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
      ['Ratio to normal', ratio(s.ratio[b][u])],
      ['P(more than ' + num(s.thr[u]) + ')', pct(s.exc[b][u])], ['Risk level', chip(s, s.level[b][u])]]);
    box.appendChild(el('h3', '', 'Whole horizon'));
    dl(box, [['Expected incidents', num(s.h.mean[u])], ['90% interval', num(s.h.p05[u]) + ' – ' + num(s.h.p95[u])],
      ['Normal', num(s.h.normal[u])], ['Ratio to normal', ratio(s.h.ratio[u])],
      ['Excess (weighted)', signed(s.h.excess[u])], ['P(more than 2× normal)', pct(s.h.p2x[u])],
      ['P(more than ' + num(s.h.thr[u]) + ')', pct(s.h.exc[u])], ['Risk level', chip(s, s.h.level[u])],
      ['Why', s.h.reason[u]]]);
    if (s.handling) {
      box.appendChild(el('h3', '', 'Case handling'));
      dl(box, [['On time (按时办结率)', share(s.handling.onTime[u])], ['Open at the end', num(s.handling.openEnd[u])],
        ['Overdue at the end', num(s.handling.overdueEnd[u])]]);
    }
    if (D.scenarios.length > 1) {
      var r = D.scenarios[0], c = D.scenarios[cmpIndex()];
      box.appendChild(el('h3', '', c.title + ' vs ' + r.title));
      dl(box, [['Expected (horizon)', num(r.h.mean[u]) + ' → ' + num(c.h.mean[u])],
        ['Change', signed(c.h.mean[u] - r.h.mean[u])]]);
    }
    drivers(box, s, u);
  }
  function drivers(box, s, u) {
    box.appendChild(el('h3', '', 'Categories adding most to the excess (weighted)'));
    var d = el('div', 'drv');
    var most = s.top[u].length ? s.top[u][0][1] : 1;
    s.top[u].forEach(function (e) {
      d.appendChild(el('span', '', cat(e[0]))); d.appendChild(el('span', 'v', '+' + num(e[1])));
      var bar = el('div', 'b'), fill = el('span'); fill.style.width = Math.round(100 * e[1] / most) + '%';
      bar.appendChild(fill); d.appendChild(bar);
    });
    if (!s.top[u].length) d.appendChild(el('span', 'v', '–'));
    box.appendChild(d);
    if (!s.drills.length) return;
    box.appendChild(el('h3', '', 'Drills adding the most incidents'));
    var rows = s.added[u].map(function (e) { return [s.drills[e[0]], '+' + num(e[1])]; });
    dl(box, rows.length ? rows : [['none adds incidents here', '']]);
  }


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
    kpi('Grids above ' + (s.levels[0].name || 'the lowest level'),
      String(s.h.level.filter(function (v) { return v > 0; }).length) + ' of ' + s.h.level.length);
    var levels = kpi('Grids per risk level', '', 'wide'), chips = el('div', 'chips');
    for (var l = s.levels.length - 1; l >= 0; --l) {
      var n = s.h.level.filter(function (v) { return v === l; }).length, c = chip(s, l);
      c.textContent = (s.levels[l].name || '') + ' ' + n; chips.appendChild(c);
    }
    levels.appendChild(chips);
    if (s.handling) {
      kpi('On time (按时办结率)', share(s.handling.district));
      kpi('Overdue at the end', num(s.handling.overdueEnd.reduce(function (a, v) { return a + (v || 0); }, 0)));
    }
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
    $('top10-note').textContent = 'Ranked by ' + s.rankMeasure + '. Levels compare each grid with its normal (' +
      s.normalSource + '); each level says which bar the grid passed.';
    table('top10', [['#', 1], ['Grid'], ['Town'], ['Level'], ['× normal', 1], ['Excess', 1], ['Expected', 1],
      ['90% interval', 1], ['P(> 2× normal)', 1], ['Top driver']], s.rank.slice(0, 10).map(function (u, i) {
      var g = D.grids[u], t = s.top[u][0];
      return { u: u, cells: [{ text: i + 1 }, { text: g.name, sub: g.local }, town(u),
        { node: chip(s, s.h.level[u]), sub: s.h.reason[u] }, { text: ratio(s.h.ratio[u]) },
        { text: signed(s.h.excess[u]) }, { text: num(s.h.mean[u]) },
        { text: num(s.h.p05[u]) + '–' + num(s.h.p95[u]) }, { text: pct(s.h.p2x[u]) },
        { text: t ? cat(t[0]) : '–', sub: t ? '+' + num(t[1]) + ' weighted' : '' }] };
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
