// The server the run command starts (target/server/collector with dist/):
// its headers, and the built app running under its Content-Security-Policy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openPage, startServer, useApp } from './harness.mjs';

const app = useApp();

/** The built index.html's inline scripts, styles and event-handler attributes. */
function inlineCode() {
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  return [
    ...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script/gi),
    ...html.matchAll(/<style\b[\s\S]*?<\/style/gi),
    ...html.matchAll(/\s(?:style|on[a-z]+)=["'][^"']*["']/gi),
  ].map(([code]) => code);
}

describe('the server', () => {
  test('sends the security and cache headers', async () => {
    const page = await fetch(app.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    // The build moves trunk's start-up script into a file (scripts/trunk-external-init.mjs).
    assert.deepEqual(inlineCode(), [], 'the built index.html has no inline code');
    assert.equal(
      page.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; " +
        "form-action 'self'; object-src 'none'",
    );

    const html = await page.text();
    const [, wasm] = /href="\/([^"]+_bg\.wasm)"/.exec(html);
    const asset = await fetch(`${app.url}${wasm}`, { method: 'HEAD' });
    assert.equal(asset.headers.get('content-type'), 'application/wasm');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const config = await fetch(`${app.url}config.json`);
    assert.equal(config.headers.get('cache-control'), 'no-cache');
    assert.equal(config.headers.get('content-type'), 'application/json');

    const missing = await fetch(`${app.url}plan-explorer-0000000000000000.js`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'text/plain; charset=utf-8');
    const route = await fetch(`${app.url}explore`);
    assert.equal(route.status, 200);
    assert.equal(await route.text(), html);
    const post = await fetch(app.url, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    const api = await fetch(`${app.url}api/feedback/summary`);
    assert.equal(api.status, 200);
    assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
  });

  test('the app runs under its CSP without a single violation', async () => {
    // The harness records every securitypolicyviolation event of the page in page.errors.
    const page = await openPage(app.browser, app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Sök och filtrera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    await page.getByRole('searchbox').fill('nätverk');
    await page.getByRole('status').filter({ hasText: /träffar/ }).waitFor();
    for (const query of ['?view=results', '?mode=kiosk', '?mode=embedded&lang=en']) {
      await page.goto(`${app.url}${query}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    // The harness checks page.errors when the test ends; asserting here says which step went wrong.
    assert.deepEqual(page.errors, []);
  });

  test('frame-ancestors keeps the app out of frames on other sites unless configured', async () => {
    // The host page comes from another origin on loopback: Chromium refuses to let a page
    // that is not on the local network frame a loopback address at all.
    let appUrl;
    const hostServer = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>Värd</title><iframe id="app" title="app" src="${appUrl}"></iframe>`);
    });
    hostServer.listen(0, '127.0.0.1');
    await once(hostServer, 'listening');
    const host = `http://127.0.0.1:${hostServer.address().port}`;
    // Whether the app shows up in the other site's frame. A refusal must be the CSP's
    // (Chromium says so in the console), and the page must show no other problem.
    const framed = async (url, { refused }) => {
      appUrl = url;
      const refusal = /^Framing '[^']*' violates the following Content Security Policy directive: "frame-ancestors /;
      const page = await openPage(app.browser, null, {
        expectConsoleErrors: refused ? [refusal] : [],
        expectCspViolations: refused ? [/^frame-ancestors/] : [],
      });
      const refusals = [];
      page.on('console', (message) => {
        if (refusal.test(message.text())) refusals.push(message.text());
      });
      try {
        await page.goto(`${host}/`);
        const heading = page.frameLocator('#app').getByRole('heading', { level: 1 });
        const shown = await heading
          .waitFor({ timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (refused) assert.equal(refusals.length, 1, 'Chromium reports the frame-ancestors refusal once');
        assert.deepEqual(page.errors, [], `the framing page (${url})`);
        return shown;
      } finally {
        // Closed before its server stops; the harness still reports what went wrong in it.
        await page.context().close();
      }
    };
    const allowing = await startServer({ env: { COLLECTOR_FRAME_ANCESTORS: `'self' ${host}` } });
    try {
      assert.equal(await framed(allowing.url, { refused: false }), true, 'a listed site may frame it');
      assert.equal(await framed(app.url, { refused: true }), false, "the default 'self' refuses another site's frame");
    } finally {
      await allowing.stop();
      hostServer.close();
    }
  });
});
