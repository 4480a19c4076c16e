// Opens a riskgrid HTML report in headless Debian chromium (through playwright-core) and checks it
// like a user would: it loads cleanly, hostile names show as text, the time slider recolours the
// map, hovering a grid shows its details, the scenario selector and comparison work, and nothing
// is fetched from the network. Prints one line per check and then "N passed, M failed"; exits 1 on
// any failure.
//
//   node report_test.mjs REPORT.html SCREENSHOT.png [--hostile] [--width 1440] [--height 1000]
//
// --hostile: the report is of tests/data/hostile; also check that its hostile names are shown as
// text and never run. CHROMIUM overrides the browser (default /usr/bin/chromium).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HOSTILE_GRID = '<script>alert(1)</script>';
const HOSTILE_TOWN = '"quotes" & <b>bold</b>';

function parseArgs(argv) {
  const opts = { hostile: false, width: 1440, height: 1000, files: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--hostile') opts.hostile = true;
    else if (argv[i] === '--width') opts.width = Number(argv[++i]);
    else if (argv[i] === '--height') opts.height = Number(argv[++i]);
    else opts.files.push(argv[i]);
  }
  if (opts.files.length !== 2) {
    console.error('usage: node report_test.mjs REPORT.html SCREENSHOT.png [--hostile] [--width W] [--height H]');
    process.exit(2);
  }
  return opts;
}

const results = [];
async function check(name, body) {
  try {
    const detail = await body();
    results.push(true);
    console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
  } catch (error) {
    results.push(false);
    console.log(`FAIL ${name}: ${error && error.message ? error.message.split('\n')[0] : error}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function gridFills(page) {
  return page.$$eval('#map path.grid', (paths) => paths.map((p) => p.getAttribute('fill')));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const report = resolve(opts.files[0]);
  const screenshot = resolve(opts.files[1]);
  if (!existsSync(report)) {
    console.log(`FAIL report exists: ${report} not found`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const profile = mkdtempSync(join(tmpdir(), 'riskgrid-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: opts.width, height: opts.height },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = { dialogs: [], console: [], errors: [], requests: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('dialog', (d) => { problems.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.console.push(m.text()); });
    page.on('pageerror', (e) => problems.errors.push(String(e)));
    page.on('request', (r) => { if (!/^(file|data|about):/.test(r.url())) problems.requests.push(r.url()); });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    await runChecks(page, opts, problems);
    // The screenshot shows the page as opened (peak bin) with the highest-risk grid hovered.
    await page.reload({ waitUntil: 'load' });
    const top = await page.locator('#top10 tbody tr').first().getAttribute('data-u');
    if (top !== null) await page.locator('#map path.grid').nth(Number(top)).hover();
    await page.waitForTimeout(400);  // let the fill transitions settle
    await check('screenshot', async () => {
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(existsSync(screenshot), 'no file written');
      return screenshot;
    });
    await check('no dialog, console error, page error or network request', async () => {
      const all = [...problems.dialogs, ...problems.console, ...problems.errors, ...problems.requests];
      expect(all.length === 0, all.join(' | '));
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}

async function runChecks(page, opts, problems) {
  await check('page renders the map and tables', async () => {
    const grids = await page.locator('#map path.grid').count();
    const rows = await page.locator('#top10 tbody tr').count();
    expect(grids > 0, 'no grid on the map');
    expect(rows === Math.min(10, grids), `top-10 table has ${rows} rows for ${grids} grids`);
    expect((await page.locator('#time-label').textContent()).trim() !== '', 'empty time label');
    return `${grids} grids`;
  });
  if (opts.hostile) await hostileChecks(page, problems);

  await check('every level says why, against the grid\'s normal', async () => {
    const data = await page.evaluate(() => JSON.parse(document.getElementById('data').textContent).scenarios[0]);
    const reasons = data.h.reason;
    expect(reasons.length === data.h.level.length, `${reasons.length} reasons for ${data.h.level.length} grids`);
    expect(reasons.every((r) => /× normal/.test(r)), `a reason without a ratio: "${reasons.find((r) => !/× normal/.test(r))}"`);
    const table = await page.locator('#top10 tbody tr').first().textContent();
    const top = data.h.order[0];
    expect(table.includes(reasons[top]), `top-10 row 1 lacks its reason "${reasons[top]}"`);
    expect((await page.locator('#top10-note').textContent()).includes('normal'), 'no note on what normal is');
    return `"${reasons[top]}"`;
  });

  await check('slider moves through time and recolours the map', async () => {
    const label0 = await page.locator('#time-label').textContent();
    const fills0 = await gridFills(page);
    await page.locator('#slider').focus();
    await page.keyboard.press('Home');
    const label1 = await page.locator('#time-label').textContent();
    const fills1 = await gridFills(page);
    await page.keyboard.press('End');
    const label2 = await page.locator('#time-label').textContent();
    expect(label1 !== label0 || label2 !== label0, `time label stayed "${label0}"`);
    const changed = fills1.some((f, i) => f !== fills0[i]);
    return `"${label0}" → "${label1}" → "${label2}"${changed ? ', fills changed' : ''}`;
  });

  await check('mean view uses a sequential scale', async () => {
    await page.locator('button[data-view="mean"]').click();
    const fills = await gridFills(page);
    expect(fills.every((f) => /^rgb\(/.test(f)), `fills ${fills.slice(0, 3).join(', ')}`);
    expect((await page.locator('#legend .bar').count()) === 1, 'no gradient legend');
    await page.locator('button[data-view="level"]').click();
  });

  await check('hovering a grid shows its details', async () => {
    const names = await page.evaluate(() => JSON.parse(document.getElementById('data').textContent).grids.map((g) => g.name));
    const index = opts.hostile ? names.indexOf(HOSTILE_GRID) : 0;
    expect(index >= 0, 'grid to hover not found');
    await page.locator('#map path.grid').nth(index).hover();
    const tip = page.locator('#tip');
    expect(await tip.isVisible(), 'tooltip not visible');
    const text = await tip.textContent();
    expect(text.includes(names[index]), `tooltip "${text.slice(0, 80)}" lacks "${names[index]}"`);
    const details = await page.locator('#details').textContent();
    expect(details.includes(names[index]) && details.includes('90% interval'), 'details panel not filled');
    expect(details.includes('Ratio to normal') && details.includes('Why'), 'details panel lacks the ratio and the reason');
    return `"${names[index]}"`;
  });

  const scenarios = await page.locator('#scenario option').count();
  if (scenarios > 1) {
    await check('scenario selector and comparison view', async () => {
      await page.locator('#scenario').selectOption('1');
      expect(await page.locator('#compare-card').isVisible(), 'comparison table hidden');
      const rows = await page.locator('#compare tbody tr').count();
      await page.locator('#view-diff').click();
      const fills = await gridFills(page);
      expect(fills.every((f) => /^rgb\(/.test(f)), 'diff view did not recolour the map');
      const caption = await page.locator('#map-caption').textContent();
      await page.locator('button[data-view="level"]').click();
      return `${rows} rows; "${caption}"`;
    });
  }
}

async function hostileChecks(page, problems) {
  await check('hostile names are shown as text', async () => {
    const top10 = await page.locator('#top10').textContent();
    expect(top10.includes(HOSTILE_GRID), `top-10 table lacks ${HOSTILE_GRID}`);
    expect(top10.includes(HOSTILE_TOWN), `top-10 table lacks ${HOSTILE_TOWN}`);
    const title = await page.title();
    expect(title.includes('<') && title.includes('>'), `title "${title}" is not the raw hostile text`);
  });
  await check('hostile names never become markup or run', async () => {
    const injected = await page.evaluate(() =>
      document.querySelectorAll('img, b, u, i, iframe, object, embed, body svg:not(#map):not(#spark)').length +
      document.querySelectorAll('script').length - 2);
    expect(injected === 0, `${injected} injected elements`);
    expect(problems.dialogs.length === 0, `dialog: ${problems.dialogs.join(' | ')}`);
  });
}

main().catch((error) => {
  console.log(`FAIL test harness: ${error && error.message ? error.message.split('\n')[0] : error}`);
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed + 1} failed`);
  process.exit(1);
});
