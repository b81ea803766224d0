// Shared set-up for the browser tests: the app served by scripts/serve.mjs
// (as the README's run command serves it) and Debian's headless Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

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

/** Starts scripts/serve.mjs on a free port and resolves to its base URL. */
export async function startServer() {
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--dir', 'dist', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = await once(child.stdout, 'data');
  const match = /at (http:\/\/\S+)/.exec(chunk.toString());
  if (!match) throw new Error(`serve.mjs did not report its address: ${chunk}`);
  return { url: match[1], stop: () => child.kill('SIGTERM') };
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
