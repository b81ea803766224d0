// Browser benchmark (a report, not a test): search and facet counts over a
// synthetic, seeded data set of 10,000 partners and 10,000 activities, in
// headless Chromium against the release build, served by the collector as the
// run command serves it. Prints the figures.
//
//   node scripts/bench-browser-search.mjs
//   (after trunk build --release --offline and cargo build --profile server -p collector)
import { launchBrowser, openPage, startServer, PLAN } from '../tests/e2e/harness.mjs';

const PARTNERS = 10_000;
const ACTIVITIES = 10_000;
const TARGET_MS = 50;

// splitmix64-style PRNG on BigInt, seeded: the same data every run.
function rng(seed) {
  let state = BigInt(seed);
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) % 1_000_000n) / 1_000_000;
  };
}

const WORDS = ['nätverk', 'mötesplats', 'upphandling', 'socialt', 'företag', 'förening', 'civilsamhälle', 'ekonomi', 'samverkan',
  'kunskap', 'statistik', 'finansiering', 'stöd', 'ungdomar', 'integration', 'arbetsmarknad', 'idrott', 'kultur', 'studieförbund',
  'kooperativ', 'återbruk', 'internationell', 'erfarenhetsutbyte', 'samhällsnytta', 'projekt', 'utveckling', 'innovation', 'länet'];
const PLACES = ['Örebro', 'Karlskoga', 'Kumla', 'Lindesberg', 'Hallsberg', 'Askersund', 'Degerfors', 'Hällefors', 'Laxå', 'Lekeberg', 'Ljusnarsberg', 'Nora'];

function syntheticData() {
  const next = rng(42);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const plan = structuredClone(PLAN);
  const tagIds = plan.tags.map((t) => t.id);
  plan.activities = Array.from({ length: ACTIVITIES }, (_, i) => ({
    id: `syn-a-${i}`,
    focus_area: plan.focus_areas[i % 4].id,
    text: { sv: `${sentence(6)} i ${pick(PLACES)}`.replace(/^./, (c) => c.toUpperCase()) },
    tags: [...new Set([pick(tagIds), pick(tagIds)])],
  }));
  const partners = JSON.parse(JSON.stringify(BASE_PARTNERS));
  const sectors = partners.sectors.map((s) => s.id);
  const municipalities = partners.municipalities.map((m) => m.id);
  partners.partners = Array.from({ length: PARTNERS }, (_, i) => ({
    id: `syn-p-${i}`,
    name: `Exempel ${pick(WORDS)} ${pick(PLACES)} ${i}`,
    example: true,
    sector: pick(sectors),
    municipality: pick(municipalities),
    focus_areas: [...new Set([plan.focus_areas[i % 4].id, pick(plan.focus_areas).id])],
    description: { sv: `Påhittad organisation som arbetar med ${sentence(10)}.` },
    tags: [...new Set([pick(tagIds), pick(tagIds), pick(tagIds)])],
  }));
  return { plan, partners };
}

const QUERIES = ['nätverk', 'upphandling', 'socialt företag', 'orebro', 'kumla förening', 'mötesplatser', 'finansiering', 'ungdomar',
  'integration', 'kooperativ', 'återbruk', 'statistik', 'samhällsnytta', 'internationella', 'erfarenhetsutbyte', 'upphandlng',
  'civilsamhället', 'studieförbund', 'idrott kultur', 'arbetsmarknad'];

// Facet checkboxes by id (the view names them facet-<facet>-<value>).
const FILTERS = ['facet-fa-fa-2', 'facet-sector-civil-society', 'facet-municipality-orebro', 'facet-municipality-kumla',
  'facet-tag-networks', 'facet-fa-fa-4'];

const { readFileSync } = await import('node:fs');
const BASE_PARTNERS = JSON.parse(readFileSync(new URL('../public/data/partners.json', import.meta.url), 'utf8'));
const { plan, partners } = syntheticData();
const server = await startServer();
const browser = await launchBrowser();
let page;
try {
  // Outside node:test nothing checks the page for us: its errors are read below.
  page = await openPage(browser, null, { width: 1280, height: 900, standalone: true });
  await page.route('**/data/plan.json', (route) => route.fulfill({ json: plan }));
  await page.route('**/data/partners.json', (route) => route.fulfill({ json: partners }));
  const started = Date.now();
  await page.goto(`${server.url}?view=explore`);
  await page.getByRole('status').filter({ hasText: /träffar/ }).waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - started;

  // Each step is timed from the event to: the end of the update (Leptos
  // updates in microtasks, so a zero timeout runs after all of them); the
  // next frame rendered (a task queued from its animation-frame callback runs
  // once that frame's style, layout and paint are done); and one frame later,
  // when that frame has surely been shown (the upper bound).
  const measure = (steps) =>
    page.evaluate(async (steps) => {
      const input = document.querySelector('#explore-search');
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const task = () => new Promise((resolve) => setTimeout(resolve, 0));
      const all = [];
      for (const step of steps) {
        const t0 = performance.now();
        if (step.type === 'type') {
          input.value = step.value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        } else {
          document.getElementById(step.checkbox).click();
        }
        await task();
        const updated = performance.now();
        await frame();
        await task();
        const rendered = performance.now();
        await frame();
        all.push([updated - t0, rendered - t0, performance.now() - t0]);
      }
      return all;
    }, steps);
  const keystrokes = QUERIES.flatMap((query) =>
    Array.from(query, (_, n) => ({ type: 'type', value: query.slice(0, n + 1) })),
  );
  const timings = await measure(keystrokes);
  // Filter clicks: six choices added one by one and removed again, first
  // without a search, then with one.
  const clicks = FILTERS.map((checkbox) => ({ type: 'click', checkbox }));
  const clickRound = [...clicks, ...[...clicks].reverse()];
  const clickSteps = [{ type: 'type', value: '' }, ...clickRound, { type: 'type', value: 'förening' }, ...clickRound];
  const clickTimings = (await measure(clickSteps)).filter((_, i) => clickSteps[i].type === 'click');
  const domNodes = await page.evaluate(() => document.querySelectorAll('*').length);
  const listItems = await page.evaluate(() => document.querySelectorAll('.results__list > li').length);
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    return { mean: values.reduce((a, b) => a + b, 0) / values.length, p50: pct(50), p95: pct(95), max: sorted.at(-1) };
  };
  const script = stats(timings.map(([update]) => update));
  const rendered = stats(timings.map(([, render]) => render));
  const painted = stats(timings.map(([, , paint]) => paint));
  const line = (s) => `mean ${s.mean.toFixed(1)} ms, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  console.log(`browser search benchmark: ${PARTNERS} partners + ${ACTIVITIES} activities (+ the real plan), headless Chromium`);
  console.log(`  load, validate and build the index, to first results: ${loadMs} ms`);
  console.log(`  keystroke to painted results over ${timings.length} keystrokes (${QUERIES.length} queries):`);
  console.log(`    update (search, counts, DOM changes): ${line(script)}`);
  console.log(`    to the next frame rendered (rAF, then a task): ${line(rendered)}`);
  console.log(`    to painted (two animation frames later, the upper bound): ${line(painted)}`);
  console.log(`    target: painted under ${TARGET_MS} ms (p95) — ${painted.p95 < TARGET_MS ? 'PASS' : 'FAIL'}`);
  const clickStats = [0, 1, 2].map((i) => stats(clickTimings.map((t) => t[i])));
  console.log(`  filter click to updated counts and results, over ${clickTimings.length} clicks (${FILTERS.length} choices on and off, without and with a search):`);
  console.log(`    update (counts, results, history entry): ${line(clickStats[0])}`);
  console.log(`    to the next frame rendered: ${line(clickStats[1])}`);
  console.log(`    to painted (upper bound): ${line(clickStats[2])}`);
  // The issue sets no target for clicks; the keystroke target is the yardstick.
  console.log(`    yardstick: painted under ${TARGET_MS} ms (p95) — ${clickStats[2].p95 < TARGET_MS ? 'PASS' : 'FAIL'} (no target is set for clicks; each adds a history entry)`);
  console.log(`  DOM after the last query: ${domNodes} elements, ${listItems} result items rendered`);
} finally {
  // Figures from a page that went wrong are no figures: say so and fail.
  if (page?.errors.length) {
    console.error(`the page reported ${page.errors.length} problem(s):\n${page.errors.join('\n')}`);
    process.exitCode = 1;
  }
  await browser.close();
  await server.stop();
}
