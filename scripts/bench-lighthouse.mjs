// Lighthouse benchmark (a report, not a test): Lighthouse 12.2.3 with its default config
// (mobile: a Moto G-class screen, simulated slow 4G and 4× CPU slowdown) against the release
// build, served by the collector as the run command serves it (brotli twins, real content
// types, 404 for missing files), in Debian's Chromium. Prints each run's figures and their
// medians.
//
//   node scripts/bench-lighthouse.mjs [--runs N] [--url '?view=explore'] [--save DIR]
//   (after trunk build --release --offline and cargo build --profile server -p collector)
//
// --runs N     how many runs (default 3); each gets a fresh Chromium profile.
// --url Q      the address to test, relative to the site's root: '?lang=en', '?view=explore'.
// --save DIR   also writes each run's full Lighthouse report as DIR/lighthouse-<n>.json.
//
// CHROME_PATH chooses another Chromium (default /usr/bin/chromium).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from '../tests/e2e/harness.mjs';

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    url: { type: 'string', default: '' },
    save: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log("usage: node scripts/bench-lighthouse.mjs [--runs N] [--url '?view=explore'] [--save DIR]");
  process.exit(0);
}
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error(`--runs: expected a whole number from 1 to 50, got ${JSON.stringify(options.runs)}`);
  process.exit(2);
}
const relativeUrl = options.url.replace(/^\//, '');

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const score = (value) => (value === null || value === undefined ? 'n/a' : String(Math.round(value * 100)));

/** The rows of the table: a label, how to read the figure from a report, how to print it. */
const ROWS = [
  ['Performance', (lhr) => lhr.categories.performance.score, score],
  ['Accessibility', (lhr) => lhr.categories.accessibility.score, score],
  ['Best Practices', (lhr) => lhr.categories['best-practices'].score, score],
  ['SEO', (lhr) => lhr.categories.seo.score, score],
  ['First Contentful Paint', (lhr) => lhr.audits['first-contentful-paint'].numericValue, seconds],
  ['Largest Contentful Paint', (lhr) => lhr.audits['largest-contentful-paint'].numericValue, seconds],
  ['Total Blocking Time', (lhr) => lhr.audits['total-blocking-time'].numericValue, (ms) => `${Math.round(ms)} ms`],
  ['Cumulative Layout Shift', (lhr) => lhr.audits['cumulative-layout-shift'].numericValue, (v) => v.toFixed(3)],
  ['Speed Index', (lhr) => lhr.audits['speed-index'].numericValue, seconds],
  ['first load, transferred', (lhr) => lhr.audits['total-byte-weight'].numericValue, kb],
  ['its wasm, transferred', wasmTransferred, kb],
];

/** The transferred (compressed) bytes of the app's wasm, from the report's network requests. */
function wasmTransferred(lhr) {
  const requests = lhr.audits['network-requests']?.details?.items ?? [];
  const wasm = requests.filter((r) => /_bg\.wasm(\?|$)/.test(r.url));
  return wasm.length ? wasm.reduce((sum, r) => sum + r.transferSize, 0) : null;
}

function median(values) {
  const known = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  return known.length % 2 ? known[middle] : (known[middle - 1] + known[middle]) / 2;
}

/** One Lighthouse run in a fresh Chromium. */
async function runOnce(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
    if (!result?.lhr) throw new Error('Lighthouse returned no report');
    if (result.lhr.runtimeError) {
      throw new Error(`Lighthouse: ${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
    }
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

const server = await startServer();
const reports = [];
let url;
try {
  url = new URL(relativeUrl, server.url).href;
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`run ${run} of ${runs}: ${url} ...\n`);
    const lhr = await runOnce(url);
    for (const warning of lhr.runWarnings ?? []) process.stderr.write(`  Lighthouse warning: ${warning}\n`);
    reports.push(lhr);
    if (options.save) {
      mkdirSync(options.save, { recursive: true });
      writeFileSync(join(options.save, `lighthouse-${run}.json`), JSON.stringify(lhr, null, 1));
    }
  }
} finally {
  await server.stop();
}

// The table: one column per run, then the median of each figure over the runs.
const headers = ['figure', ...reports.map((_, i) => `run ${i + 1}`), 'median'];
const rows = ROWS.map(([label, read, show]) => {
  const values = reports.map(read);
  const middle = median(values);
  return [label, ...values.map((v) => (typeof v === 'number' ? show(v) : 'n/a')), middle === null ? 'n/a' : show(middle)];
});
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
const first = reports[0];
console.log(
  `Lighthouse ${first.lighthouseVersion}, ${first.configSettings.formFactor}, ` +
    `${first.configSettings.throttlingMethod} throttling; ${first.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? ''}`,
);
console.log(`${url} (the collector serving dist/); ${reports.length} runs, median of each figure`);
console.log(line(headers));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const row of rows) console.log(line(row));

// What decided Total Blocking Time: the main thread's long tasks (over 50 ms, simulated).
console.log('\nper run: the long main-thread tasks');
reports.forEach((lhr, i) => {
  const tasks = lhr.audits['long-tasks']?.details?.items ?? [];
  const listed = tasks
    .map((task) => `${Math.round(task.duration)} ms at ${seconds(task.startTime)} (${task.url.split('/').pop() || task.url})`)
    .join(', ');
  console.log(`  run ${i + 1}: ${tasks.length} long tasks${tasks.length ? `: ${listed}` : ''}`);
});
