// Shared set-up for the browser tests: the app and the feedback API served by
// the collector binary (as the README's run command serves them) and Debian's
// headless Chromium.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { after, afterEach, before } from 'node:test';

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

/** The server binary: `cargo build --profile server -p collector`. */
const SERVER_BINARY = join(ROOT, 'target/server/collector');

/**
 * Starts target/server/collector serving dist/ and the API on a free port of
 * 127.0.0.1, with a fresh database and waits until it answers. `env` overrides
 * any COLLECTOR_* setting.
 */
async function startCollector(env = {}) {
  let lastError;
  // A free port can be taken by someone else before the server binds it: try another.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'plan-explorer-e2e-'));
    const child = spawn(SERVER_BINARY, [], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        RUST_LOG: process.env.RUST_LOG ?? 'warn',
        COLLECTOR_ADDR: `127.0.0.1:${port}`,
        COLLECTOR_STATIC_DIR: 'dist',
        COLLECTOR_DB: join(dir, 'feedback.sqlite'),
        COLLECTOR_TOKEN,
        COLLECTOR_RATE_PER_MINUTE: '6000',
        COLLECTOR_RATE_BURST: '1000',
        ...env,
      },
    });
    let exited = null;
    child.on('exit', (code, signal) => {
      exited = { code, signal };
    });
    const url = `http://127.0.0.1:${port}/`;
    for (let tries = 0; tries < 100 && !exited; tries += 1) {
      try {
        if ((await fetch(`${url}healthz`)).ok) return { url, stop: () => stopChild(child) };
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!exited) {
      child.kill('SIGKILL');
      throw new Error(`${SERVER_BINARY} did not answer within 10 s`);
    }
    lastError = new Error(
      `${SERVER_BINARY} exited (${exited.code ?? exited.signal}) before answering; ` +
        'build it with `cargo build --profile server -p collector` and the app with `trunk build --release --offline`',
    );
  }
  throw lastError;
}

/** SIGTERM (graceful shutdown), SIGKILL after 10 s; resolves once the process is gone. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return gone.then(() => clearTimeout(timer));
}

/**
 * Starts the server as the run command does: target/server/collector serving
 * dist/ and the API on one origin. `env` overrides COLLECTOR_* settings.
 * Returns `{ url, stop }`; `url` ends with `/`, and `stop()` resolves once the
 * process is gone.
 */
export async function startServer({ env = {} } = {}) {
  return startCollector(env);
}

/** Launches headless Chromium; Playwright gives each launch a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Pages opened by the running test. Tests in a file run one after another, so
 * the `afterEach` that `useApp` registers checks and closes exactly these.
 */
const pagesOfRunningTest = [];
let appInUse = false;

/** Whether `text` (a URL, a message) is matched by `pattern`: a RegExp, a substring or a predicate. */
function matches(pattern, text) {
  if (pattern instanceof RegExp) return pattern.test(text);
  if (typeof pattern === 'function') return pattern(text);
  return text.includes(pattern);
}

/**
 * Opens a page in a fresh browser context (`width` × `height`; `hasTouch`
 * for a touch screen, where `locator.tap()` works; `javaScriptEnabled: false`
 * for what a visitor without JavaScript, or a crawler, sees). When its test ends, `useApp`'s
 * `afterEach` closes it and fails the test if the page had:
 * - an uncaught error (in the page or any of its frames);
 * - a console error, which includes every load that fails with a network
 *   error, unless the test declared it with `expectFailedRequests`
 *   (`[/\/api\//]`), e.g. because it aborts such requests with `page.route`,
 *   or declared the message with `expectConsoleErrors` (`[/frame-ancestors/]`);
 * - a Content-Security-Policy violation (a `securitypolicyviolation` event in
 *   the page or any frame of it), unless declared in `expectCspViolations`
 *   (patterns over `"<directive>: <blocked URI>"`);
 * - a response with status 400 or above that the test did not declare, either
 *   in `expectHttpErrors` (`[{ url: /data\/plan\.json$/, status: 404 }]`) or
 *   later with `page.expectHttpError({ url, status })`.
 * A pattern is a RegExp, a substring or a predicate. The problems so far are
 * in `page.errors`.
 *
 * Scripts outside node:test (the benchmarks) pass `standalone: true`: then
 * nothing checks or closes the page for them, and they must read
 * `page.errors` and close `page.context()` themselves.
 */
export async function openPage(
  browser,
  url,
  {
    width = 1280,
    height = 900,
    hasTouch = false,
    javaScriptEnabled = true,
    locale = undefined,
    expectHttpErrors = [],
    expectFailedRequests = [],
    expectConsoleErrors = [],
    expectCspViolations = [],
    standalone = false,
  } = {},
) {
  if (!appInUse && !standalone) {
    throw new Error('openPage needs useApp() in the test file, which checks and closes every page (or standalone: true)');
  }
  const context = await browser.newContext({ viewport: { width, height }, hasTouch, javaScriptEnabled, locale });
  const page = await context.newPage();
  if (!standalone) pagesOfRunningTest.push(page);
  const httpErrors = [...expectHttpErrors];
  const expectedHttpError = (requestUrl, status) =>
    httpErrors.some((e) => e.status === status && matches(e.url, requestUrl));
  const expectedFailure = (requestUrl) => expectFailedRequests.some((pattern) => matches(pattern, requestUrl));
  page.errors = [];
  page.expectHttpError = (expected) => httpErrors.push(expected);
  page.on('pageerror', (error) => page.errors.push(`uncaught ${error.name}: ${error.message}`));
  // Every document of the context (frames too) reports its CSP violations here.
  await context.exposeBinding('__reportCspViolation', ({ frame }, text) => {
    if (expectCspViolations.some((pattern) => matches(pattern, text))) return;
    page.errors.push(`CSP violation in ${frame?.url() ?? 'a frame'}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation(`${event.effectiveDirective}: ${event.blockedURI} ${event.sample}`.trim());
    });
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium reports every failed load as a console error too: an expected
    // status or network failure is not a problem.
    const source = message.location()?.url ?? '';
    const failedLoad = /^Failed to load resource: /.test(message.text());
    if (failedLoad) {
      const status = /status of (\d{3})/.exec(message.text());
      if (status ? expectedHttpError(source, Number(status[1])) : expectedFailure(source)) return;
    }
    if (expectConsoleErrors.some((pattern) => matches(pattern, message.text()))) return;
    page.errors.push(`console error: ${message.text()}${source ? ` (${source})` : ''}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !expectedHttpError(response.url(), status)) {
      page.errors.push(`unexpected HTTP ${status} for ${response.request().method()} ${response.url()}`);
    }
  });
  if (url) {
    await page.goto(url);
    if (javaScriptEnabled) await appTookOver(page);
  }
  return page;
}

/**
 * Waits until the app has replaced the static start page that index.html carries
 * (`#prerendered`, see crates/plan-prerender) with its own view or error panel, so that a
 * test clicks the app's buttons and not the static page's. Call it after a `page.goto`
 * of your own; `openPage(browser, url)` already does.
 */
export async function appTookOver(page) {
  await page.locator('#prerendered').waitFor({ state: 'detached' });
}

/** Closes every page the test opened, then fails it with whatever went wrong in them. */
async function checkAndClosePages() {
  const pages = pagesOfRunningTest.splice(0);
  const problems = pages.flatMap((page, i) => page.errors.map((e) => `page ${i + 1}: ${e}`));
  await Promise.all(pages.map((page) => page.context().close().catch(() => {})));
  if (problems.length > 0) {
    throw new Error(`the test's pages reported ${problems.length} problem(s):\n${problems.join('\n')}`);
  }
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
 * Starts the server (the app and the API, see `startServer`; `options` are
 * passed on to it) and launches Chromium before the file's tests, and stops
 * both after them. After every test it closes the pages the test opened with
 * `openPage` and fails the test on any error in them (see `openPage`).
 * Use `app.url` and `app.browser` inside the tests.
 */
export function useApp(options) {
  const app = { url: null, browser: null };
  let server;
  appInUse = true;
  before(async () => {
    server = await startServer(options);
    app.url = server.url;
    app.browser = await launchBrowser();
  });
  afterEach(checkAndClosePages);
  after(async () => {
    await app.browser?.close();
    await server?.stop();
  });
  return app;
}

/**
 * Resolves once the page has drawn two more frames: whatever the app does "in the next
 * frame" after a change (move focus, scroll to the top) is done, so that a click that
 * follows goes down and up on the same element.
 */
export async function afterNextFrames(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}
