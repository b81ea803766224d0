// Shared set-up for the browser tests: the app served by scripts/serve.mjs
// (as the README's run command serves it) and Debian's headless Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { after, before } from 'node:test';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundled plan, so tests can check that every activity is shown. */
export const PLAN = JSON.parse(readFileSync(join(ROOT, 'public/data/plan.json'), 'utf8'));

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The access token the test collector is started with. */
export const COLLECTOR_TOKEN = 'e2e-test-token';

async function freePort() {
  const probe = createNetServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  return port;
}

/** Starts the release collector on a fresh database and waits until it answers. */
async function startCollector() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'plan-explorer-e2e-'));
  const child = spawn(join(ROOT, 'target/release/collector'), [], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      COLLECTOR_ADDR: `127.0.0.1:${port}`,
      COLLECTOR_DB: join(dir, 'feedback.sqlite'),
      COLLECTOR_TOKEN,
      COLLECTOR_TRUST_FORWARDED_FOR: 'true',
      COLLECTOR_RATE_PER_MINUTE: '6000',
      COLLECTOR_RATE_BURST: '1000',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the collector did not start within 10 s');
}

/**
 * Starts scripts/serve.mjs on a free port, as the run command serves the app;
 * with `{ collector: true }` also a real collector behind /api/.
 */
export async function startServer({ collector = false } = {}) {
  const api = collector ? await startCollector() : null;
  const args = ['scripts/serve.mjs', '--dir', 'dist', '--port', '0', ...(api ? ['--api', api.url] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  const match = /at (http:\/\/\S+\/)/.exec(chunk.toString());
  if (!match) throw new Error(`serve.mjs did not report its address: ${chunk}`);
  return {
    url: match[1],
    stop: () => {
      child.kill('SIGTERM');
      api?.stop();
    },
  };
}

/** Launches headless Chromium; Playwright gives each launch a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

/** Opens a new page that fails the test on any console error or page crash. */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) page.errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  if (url) await page.goto(url);
  return page;
}

/** Runs axe-core for WCAG 2.1 A and AA and returns readable violations. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Serves the app (and, with `{ collector: true }`, a collector) and launches
 * Chromium before the file's tests, and stops both after them.
 * Use `app.url` and `app.browser` inside the tests.
 */
export function useApp(options) {
  const app = { url: null, browser: null };
  let server;
  before(async () => {
    server = await startServer(options);
    app.url = server.url;
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    server?.stop();
  });
  return app;
}
