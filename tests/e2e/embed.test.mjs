// The app embedded in another site's page with the host script (public/embed.js): sizing,
// origins checked both ways, history, "Öppna i helsida", theming, vh content, axe, keyboard.
//
// The host page comes from another origin (another port of 127.0.0.1) and sends a strict
// CSP of its own; a third origin plays a stranger's frame on that page. The app is served
// from a copy of dist/ whose config.json allows the host's origin, and its server lets the
// host frame it (COLLECTOR_FRAME_ANCESTORS).
import { createServer } from 'node:http';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, axeViolations, openPage, useApp } from './harness.mjs';

/** Listens on a free port of 127.0.0.1; its origin. */
async function serve(handler) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  after(() => server.close());
  return `http://127.0.0.1:${server.address().port}`;
}

/** The stranger: a page on a third origin, framed by the host page. */
const OTHER = await serve((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end('<!doctype html><html lang="sv"><head><title>Annan sida</title></head><body><p>Annan sida</p></body></html>');
});

/**
 * The region's site. `/start` is a plain page; `/host` embeds the app with embed.js:
 * `?app=<query>` is the app's address (data-src), `?theme=1` adds theme attributes,
 * `?other=1` frames the stranger too, `?adopt=1` writes the iframe itself. It sends a strict CSP and has a stylesheet of its
 * own that sets --pe-accent (which must not reach the frame).
 */
const HOST = await serve((request, response) => {
  const url = new URL(request.url, 'http://host');
  const appOrigin = new URL(app.url).origin;
  if (url.pathname === '/host.css') {
    response.writeHead(200, { 'Content-Type': 'text/css' });
    response.end(':root { --pe-accent: #ff0000; } h1 { color: rgb(10, 20, 30); font-family: serif; }');
    return;
  }
  const csp =
    `default-src 'none'; script-src ${appOrigin}; frame-src ${appOrigin} ${OTHER}; ` +
    "style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'";
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
  if (url.pathname === '/start') {
    response.end(`<!doctype html><html lang="sv"><head><title>Start</title></head>
      <body><main><h1>Startsida</h1><a href="/host">Handlingsplanen</a></main></body></html>`);
    return;
  }
  const theme = url.searchParams.has('theme')
    ? ' data-accent="#7a1f5c" data-radius="12px" data-font="Georgia, serif" data-background="url(https://evil.example/x.png)"'
    : '';
  const other = url.searchParams.has('other') ? `<iframe id="other" title="Annan sida" src="${OTHER}/"></iframe>` : '';
  // The host's own iframe, which the script adopts instead of making one.
  const own = url.searchParams.has('adopt')
    ? `<iframe data-plan-explorer title="Planen" src="${app.url}${url.searchParams.get('app') ?? ''}"></iframe>`
    : '';
  response.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Värdsida</title>
    <link rel="stylesheet" href="/host.css"></head>
    <body><header><h1>Region Örebro län</h1><a href="/start">Till startsidan</a></header>
    <main><h2>Handlingsplanen</h2>${own}
    <script src="${app.url}embed.js" data-src="${app.url}${url.searchParams.get('app') ?? ''}"${theme} defer></script>
    ${other}</main>
    <footer><p>Region Örebro län</p></footer></body></html>`);
});

// The app's site, from a copy of dist/ with a config.json that lets the host hear from it.
const staticDir = mkdtempSync(join(tmpdir(), 'plan-explorer-embed-'));
cpSync(join(ROOT, 'dist'), staticDir, { recursive: true });
writeFileSync(
  join(staticDir, 'config.json'),
  JSON.stringify({ format_version: 1, embed: { allowed_parent_origins: [HOST] } }),
);
after(() => rmSync(staticDir, { recursive: true, force: true }));
const app = useApp({ env: { COLLECTOR_STATIC_DIR: staticDir, COLLECTOR_FRAME_ANCESTORS: `'self' ${HOST}` } });

/** Polls `check` (async, truthy when done) until it holds or `timeout` ms pass. */
async function eventually(check, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what} (last: ${JSON.stringify(last)})`);
}

/** Opens the host page, waits for the app's heading in the frame; the page, the iframe and the app's frame. */
async function openHost(query, heading = 'Handlingsplan för civilsamhälle och social ekonomi', page) {
  page ??= await openPage(app.browser);
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`${HOST}/host${query}`);
  const iframe = page.locator('iframe[data-plan-explorer]');
  await page.frameLocator('iframe[data-plan-explorer]').getByRole('heading', { level: 1, name: heading }).waitFor();
  const inner = page.frames().find((frame) => frame.url().startsWith(app.url));
  return { page, iframe, inner, frame: page.frameLocator('iframe[data-plan-explorer]'), warnings };
}

/** The iframe's inner height (without its border) on the host page and the app's content height inside it. */
async function sizes({ iframe, inner }) {
  return {
    frame: await iframe.evaluate((element) => element.clientHeight),
    content: await inner.evaluate(() => Math.ceil(document.querySelector('.app').getBoundingClientRect().height)),
  };
}

/** Waits until the iframe is exactly as tall as the content; that height. */
async function settled(host) {
  const { frame } = await eventually(async () => {
    const now = await sizes(host);
    return Math.abs(now.frame - now.content) <= 1 ? now : null;
  }, 'the iframe is as tall as the content');
  return frame;
}

describe('the host script', () => {
  test('makes the iframe as tall as the content, shrinking and growing with it, with no scrollbar', async () => {
    const host = await openHost('?app=%3Fview%3Dexplore', 'Sök och filtrera');
    assert.equal(await host.iframe.getAttribute('title'), 'Handlingsplan för civilsamhälle och social ekonomi – Region Örebro län');
    const everything = await settled(host);
    assert.ok(everything > 1500, `all results: ${everything} px`);

    await host.frame.getByRole('searchbox', { name: 'Sök' }).fill('statistik');
    await host.frame.getByRole('heading', { level: 3, name: 'Arbeta för att det ska finnas tillgång till statistik' }).waitFor();
    const narrowed = await eventually(async () => {
      const height = await settled(host);
      return height < everything - 500 ? height : null;
    }, 'the frame shrinks with the results');
    const scrolls = await host.inner.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
    assert.equal(scrolls, false, 'the frame has no scrollbar');

    await host.frame.getByRole('searchbox', { name: 'Sök' }).fill('');
    const widened = await eventually(async () => {
      const height = await settled(host);
      return height > narrowed + 500 ? height : null;
    }, 'the frame grows with the results');
    assert.ok(Math.abs(widened - everything) <= 2, `back to ${widened} px from ${everything} px`);
  });

  test('adopts an iframe of the host page instead of making one', async () => {
    const host = await openHost('?adopt=1&app=%3Flang%3Den', 'Action plan for civil society and the social economy');
    assert.equal(await host.page.locator('iframe').count(), 1);
    assert.equal(await host.iframe.getAttribute('title'), 'Planen');
    assert.ok((await settled(host)) > 1000);
  });

  test('ignores messages from any other origin on both sides, and says so once', async () => {
    const host = await openHost('?other=1');
    const before = await settled(host);
    const stranger = host.page.frames().find((frame) => frame.url().startsWith(OTHER));
    // The stranger posts a height to the host page and a hello with a theme to every other frame, twice.
    await stranger.evaluate(() => {
      for (let round = 0; round < 2; round += 1) {
        parent.postMessage({ type: 'plan-explorer:height', version: 1, height: 5 }, '*');
        for (let i = 0; i < parent.frames.length; i += 1) {
          if (parent.frames[i] !== window) {
            parent.frames[i].postMessage({ type: 'plan-explorer:hello', version: 1, theme: { accent: '#7a1f5c' } }, '*');
          }
        }
      }
    });
    const fromStranger = (prefix) => host.warnings.filter((text) => text.startsWith(prefix) && text.includes(OTHER));
    await eventually(
      async () => fromStranger('plan-explorer embed.js: ').length > 0 && fromStranger('plan-explorer: ').length > 0,
      'both sides have warned',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(fromStranger('plan-explorer embed.js: ').length, 1, host.warnings.join('\n'));
    assert.equal(fromStranger('plan-explorer: ').length, 1, host.warnings.join('\n'));
    assert.equal((await sizes(host)).frame, before, 'the height is unchanged');
    const accent = await host.inner.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pe-accent'));
    assert.equal(accent, '', 'the theme is not applied');
  });

  test('applies the theme from its attributes, only values that pass the whitelist, and no style crosses the frame', async () => {
    const host = await openHost('?theme=1');
    await settled(host);
    const style = () =>
      host.inner.evaluate(() => {
        const root = getComputedStyle(document.documentElement);
        return {
          accent: root.getPropertyValue('--pe-accent'),
          background: root.getPropertyValue('--pe-background'),
          radius: root.getPropertyValue('--pe-radius'),
          header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
          font: getComputedStyle(document.body).fontFamily,
          body: getComputedStyle(document.body).backgroundColor,
          title: getComputedStyle(document.querySelector('h1')).color,
        };
      });
    const applied = await eventually(async () => {
      const now = await style();
      return now.accent === '#7a1f5c' ? now : null;
    }, 'the theme is applied');
    assert.equal(applied.header, 'rgb(122, 31, 92)');
    assert.equal(applied.radius, '12px');
    assert.match(applied.font, /^Georgia, serif$/);
    // The background was not a colour: dropped, and said so once.
    assert.equal(applied.background, '');
    assert.equal(applied.body, 'rgb(255, 255, 255)');
    assert.equal(host.warnings.filter((text) => text.includes('theme.background')).length, 1, host.warnings.join('\n'));
    // Nothing of the host's stylesheet reaches the app (its --pe-accent is red, its h1 dark blue)...
    assert.notEqual(applied.title, 'rgb(10, 20, 30)');
    // ...and nothing of the app's reaches the host page, which only gets the iframe.
    const hostPage = await host.page.evaluate(() => ({
      title: getComputedStyle(document.querySelector('h1')).color,
      sheets: document.styleSheets.length,
      styled: [...document.querySelectorAll('[style]')].map((element) => element.tagName),
    }));
    assert.deepEqual(hostPage, { title: 'rgb(10, 20, 30)', sheets: 1, styled: ['IFRAME'] });
  });
});

describe('history', () => {
  test("filter clicks replace the frame's history entry, so Back leaves the host page", async () => {
    const page = await openPage(app.browser, `${HOST}/start`);
    const host = await openHost('?app=%3Fview%3Dexplore', 'Sök och filtrera', page);
    const entries = await page.evaluate(() => history.length);
    await host.frame.getByRole('checkbox', { name: /^Nätverk och mötesplatser/ }).check();
    await host.frame.getByRole('checkbox', { name: /^Örebro \(/ }).check();
    await eventually(async () => /municipality=orebro/.test(host.inner.url()), "the frame's address has the filters");
    assert.match(host.inner.url(), /tag=networks/);
    assert.equal(await page.evaluate(() => history.length), entries, 'no new history entries');
    await page.goBack();
    await page.waitForURL(`${HOST}/start`);
    await page.getByRole('heading', { level: 1, name: 'Startsida' }).waitFor();
  });

  test("the skip link moves focus to the content without a history entry in the host's history", async () => {
    const page = await openPage(app.browser, `${HOST}/start`);
    const host = await openHost('', 'Handlingsplan för civilsamhälle och social ekonomi', page);
    const entries = await page.evaluate(() => history.length);
    const skip = host.frame.getByRole('link', { name: 'Hoppa till innehållet' });
    await skip.focus();
    await page.keyboard.press('Enter');
    await eventually(
      async () => (await host.frame.locator(':focus').getAttribute('id')) === 'main',
      'focus is on the main content',
    );
    assert.equal(await page.evaluate(() => history.length), entries, 'no new history entries');
    assert.doesNotMatch(host.inner.url(), /#main/);
  });
});

describe('Öppna i helsida', () => {
  test('opens the standalone app with the same view, search, filters and language, in a new tab', async () => {
    const host = await openHost('?app=%3Fview%3Dexplore', 'Sök och filtrera');
    await host.frame.getByRole('searchbox', { name: 'Sök' }).fill('nätverk');
    await host.frame.getByRole('checkbox', { name: /^Nätverk och mötesplatser/ }).check();
    const link = host.frame.getByRole('link', { name: 'Öppna i helsida (öppnas i en ny flik)' });
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener');
    const [tab] = await Promise.all([host.page.context().waitForEvent('page'), link.click()]);
    await tab.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    const address = new URL(tab.url());
    assert.equal(address.origin, new URL(app.url).origin);
    assert.deepEqual(Object.fromEntries(address.searchParams), { view: 'explore', q: 'nätverk', tag: 'networks', lang: 'sv' });
    assert.equal(await tab.evaluate(() => document.documentElement.className), 'mode-standalone');
    assert.equal(await tab.getByRole('searchbox', { name: 'Sök' }).inputValue(), 'nätverk');
    assert.ok(await tab.getByRole('checkbox', { name: /^Nätverk och mötesplatser/ }).isChecked());

    // In each language, named in it and carrying it.
    for (const [button, name, lang] of [
      ['English', 'Open in full page (opens in a new tab)', 'en'],
      ['Deutsch', 'Als ganze Seite öffnen (öffnet in einem neuen Tab)', 'de'],
    ]) {
      await host.frame.getByRole('button', { name: button }).click();
      const href = await host.frame.getByRole('link', { name }).getAttribute('href');
      const query = new URL(href, app.url).searchParams;
      assert.equal(query.get('lang'), lang);
      assert.equal(query.get('q'), 'nätverk');
      assert.equal(query.get('mode'), null);
    }
  });

  test('is not shown outside the embedded mode', async () => {
    const page = await openPage(app.browser, app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Öppna i helsida/ }).count(), 0);
  });
});

describe('content sized by the viewport', () => {
  test('in the embedded mode no style depends on the viewport height', async () => {
    for (const query of ['', '&view=explore&q=zzzz', '&view=focus-area&id=fa-2', '&view=explore']) {
      const page = await openPage(app.browser, `${app.url}?mode=embedded${query}`, { width: 800, height: 400 });
      await page.getByRole('heading', { level: 1 }).waitFor();
      // The content's height once it has stopped changing (the results render after the heading).
      const height = async () => {
        let previous = -1;
        return eventually(async () => {
          const now = await page.evaluate(() => document.querySelector('.app').getBoundingClientRect().height);
          const steady = now === previous;
          previous = now;
          if (!steady) await new Promise((resolve) => setTimeout(resolve, 300));
          return steady ? now : null;
        }, 'the content stops changing');
      };
      const short = await height();
      await page.setViewportSize({ width: 800, height: 3000 });
      await eventually(async () => (await page.evaluate(() => window.innerHeight)) === 3000, 'the viewport is tall');
      assert.equal(await height(), short, `?mode=embedded${query}`);
    }
  });

  test('100% and vh heights do not grow the frame without end', async () => {
    const host = await openHost('?app=%3Fview%3Dexplore%26q%3Dzzzz', 'Sök och filtrera');
    const before = await settled(host);
    // A page whose html and body fill the viewport: the content is measured, not them.
    await host.inner.evaluate(() => {
      document.documentElement.style.height = '100%';
      document.body.style.height = '100%';
      document.body.style.minHeight = '100vh';
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await settled(host), before, 'the frame keeps its height');

    // Content sized by the viewport: it would grow the frame, which would grow it, without end.
    await host.inner.evaluate(() => {
      document.querySelector('main').style.minHeight = '100vh';
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const soon = (await sizes(host)).frame;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = (await sizes(host)).frame;
    assert.equal(later, soon, `the frame stops growing (${before} → ${soon} → ${later} px)`);
    assert.ok(later < before * 3, `${later} px from ${before} px`);
    assert.equal(host.warnings.filter((text) => text.includes("follows the frame's")).length, 1, host.warnings.join('\n'));
  });
});

describe('accessibility', () => {
  test('axe-core finds no violations on the host page with the app embedded', async () => {
    for (const query of ['', '?view=explore&q=n%C3%A4tverk']) {
      const host = await openHost(`?app=${encodeURIComponent(query)}`, /Handlingsplan|Sök och filtrera/);
      await settled(host);
      assert.deepEqual(await axeViolations(host.page), [], query);
    }
  });

  test('the keyboard alone reaches into the frame, filters and finds the full-page link', async () => {
    const host = await openHost('');
    // The focused element's label or text, inside the frame.
    const focused = () =>
      host.inner.evaluate(() => {
        const element = document.activeElement;
        return (element?.labels?.[0]?.textContent ?? element?.textContent ?? '').trim();
      });
    const tabUntil = async (wanted, key = 'Tab') => {
      for (let presses = 0; presses < 80; presses += 1) {
        if (wanted.test(await focused())) return;
        await host.page.keyboard.press(key);
      }
      throw new Error(`${wanted} is not reachable with ${key}`);
    };
    await host.page.getByRole('link', { name: 'Till startsidan' }).focus();
    await host.page.keyboard.press('Tab');
    await tabUntil(/^Sök och filtrera$/);
    await host.page.keyboard.press('Enter');
    await host.frame.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    assert.equal(await host.inner.evaluate(() => document.activeElement?.tagName), 'H1');
    await tabUntil(/^Nätverk och mötesplatser/);
    await host.page.keyboard.press('Space');
    await eventually(async () => /tag=networks/.test(host.inner.url()), 'the filter is in the address');
    await tabUntil(/^Öppna i helsida/, 'Shift+Tab');
    const href = await host.inner.evaluate(() => document.activeElement.getAttribute('href'));
    assert.match(href, /view=explore/);
    assert.match(href, /tag=networks/);
  });
});
