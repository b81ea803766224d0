// The server the run command starts (target/server/collector with dist/):
// its headers, and the built app running under its Content-Security-Policy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PLAN, ROOT, openPage, startServer, useApp } from './harness.mjs';

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

/** The name of the build's wasm (hashed by trunk), from dist/. */
function builtWasm() {
  const names = readdirSync(join(ROOT, 'dist')).filter((name) => /^plan-explorer-[0-9a-f]+_bg\.wasm$/.test(name));
  assert.equal(names.length, 1, `expected one wasm in dist/, found ${names.join(', ') || 'none'}`);
  return names[0];
}

describe('the server', () => {
  test('sends the security and cache headers', async () => {
    const page = await fetch(app.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    // The build moves trunk's start-up script into a file (scripts/post-build/external-init.mjs).
    assert.deepEqual(inlineCode(), [], 'the built index.html has no inline code');
    assert.equal(
      page.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; " +
        "form-action 'self'; object-src 'none'",
    );

    const html = await page.text();
    const wasm = builtWasm();
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

  test("sends the build's .br and .gz twins, with Vary and the cache policy of the file", async () => {
    const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
    // The wasm is not linked from index.html: the start-up script asks for it after the first paint.
    const wasm = builtWasm();
    const assets = [
      ...[...html.matchAll(/(?:href|src)="\/([^"]+-[0-9a-f]{8,16}(?:_bg)?\.(?:wasm|js|css))"/g)].map(([, name]) => name),
      wasm,
    ];
    assert.ok(assets.some((name) => name.startsWith('init-')), 'and the start-up script');
    const cases = [
      ...assets.map((name) => [name, 'public, max-age=31536000, immutable']),
      ['', 'no-cache'],
      ['index.html', 'no-cache'],
      ['config.json', 'no-cache'],
      ['data/plan.json', 'no-cache'],
      ['data/partners.json', 'no-cache'],
    ];
    for (const [path, cache] of cases) {
      const file = join(ROOT, 'dist', path || 'index.html');
      const original = readFileSync(file);
      const plain = await rawGet(`${app.url}${path}`, {});
      assert.equal(plain.headers['content-encoding'], undefined, `/${path} without Accept-Encoding`);
      assert.deepEqual(plain.body, original, `/${path} without Accept-Encoding is the file itself`);
      for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]]) {
        const reply = await rawGet(`${app.url}${path}`, { 'accept-encoding': encoding });
        const what = `/${path} with Accept-Encoding: ${encoding}`;
        assert.equal(reply.status, 200, what);
        assert.equal(reply.headers['content-encoding'], encoding, what);
        assert.ok(reply.body.length < original.length, `${what} is smaller`);
        assert.deepEqual(decode(reply.body), original, `${what} decodes to the file`);
        assert.equal(reply.headers['content-type'], contentTypeOf(file), what);
        assert.equal(reply.headers['cache-control'], cache, what);
        assert.match(reply.headers.vary ?? '', /accept-encoding/i, what);
      }
    }
    // What a browser sends: brotli wins.
    const wasmReply = await rawGet(`${app.url}${wasm}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(wasmReply.headers['content-encoding'], 'br');
    assert.equal(wasmReply.headers['content-type'], 'application/wasm');
  });

  test('the build wrote a smaller .br and .gz beside every text and wasm file, or none', () => {
    const dist = join(ROOT, 'dist');
    const kinds = new Set(['.html', '.js', '.css', '.wasm', '.json', '.svg', '.txt']);
    const files = filesUnder(dist).filter((path) => kinds.has(extname(path)));
    assert.ok(files.some((path) => relative(dist, path) === join('data', 'plan.json')), 'data/ is included');
    const missing = [];
    for (const path of files) {
      const original = readFileSync(path);
      for (const [suffix, decode] of [['.br', brotliDecompressSync], ['.gz', gunzipSync]]) {
        if (!existsSync(path + suffix)) {
          missing.push(relative(dist, path + suffix));
          continue;
        }
        const twin = readFileSync(path + suffix);
        assert.ok(twin.length < original.length, `${relative(dist, path)}${suffix} is smaller`);
        assert.deepEqual(decode(twin), original, `${relative(dist, path)}${suffix} decodes to the file`);
      }
    }
    // Only a file too small to gain from compression may go without a twin.
    const large = missing.filter((twin) => readFileSync(join(dist, twin.replace(/\.(br|gz)$/, ''))).length > 200);
    assert.deepEqual(large, [], 'every file over 200 bytes has both twins');
  });

  test('the data the first view needs is preloaded, and the preload is what the app uses', async () => {
    const page = await openPage(app.browser);
    const requested = [];
    const messages = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: PLAN.title.sv }).waitFor();
    // Chromium says so 3 s after the load event when a preload went unused.
    await page.waitForTimeout(3_500);
    const preloads = await page.locator('link[rel=preload][as=fetch]:not([type])').evaluateAll((links) =>
      links.map((link) => `${new URL(link.href).pathname} ${link.crossOrigin}`),
    );
    assert.deepEqual(preloads, ['/data/plan.json anonymous', '/config.json anonymous']);
    // A preload that the app's fetch cannot use (another credentials mode, say) is fetched twice.
    for (const path of ['/data/plan.json', '/config.json']) {
      assert.equal(requested.filter((p) => p === path).length, 1, `${path} is requested once: ${requested.join(' ')}`);
    }
    const unused = /preloaded using link preload but not used|A preload for .* is found, but is not used/;
    assert.deepEqual(messages.filter((m) => unused.test(m)), []);
  });

  test('robots.txt allows everything and is plain text', async () => {
    const robots = await fetch(`${app.url}robots.txt`);
    assert.equal(robots.status, 200);
    assert.equal(robots.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await robots.text(), 'User-agent: *\nAllow: /\n');
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

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** What the collector sends as Content-Type for `file` (collector/src/site.rs). */
function contentTypeOf(file) {
  return {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
  }[extname(file)];
}

/** A GET whose body is not decoded (fetch() would undo the Content-Encoding). */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
