// Two of the places the app runs: standalone, and embedded in the region's site.
// The third, the kiosk, has its own file: kiosk.test.mjs.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, openPage, useApp } from './harness.mjs';

/**
 * The region's site, which embeds the app: a page on another origin (another
 * port of 127.0.0.1; a public origin may not frame a loopback one at all).
 */
const host = createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html lang="sv"><head><title>Värdsida</title></head><body>
    <h1>Region Örebro län</h1>
    <iframe id="app" title="Handlingsplanen" src="${app.url}" style="width:800px;height:400px;border:0"></iframe>
    <script>window.heights = []; window.addEventListener('message', (e) => { if (e.data && e.data.type === 'plan-explorer:height') window.heights.push(e.data.height); });</script>
    </body></html>`);
});
host.listen(0, '127.0.0.1');
await once(host, 'listening');
const HOST = `http://127.0.0.1:${host.address().port}`;
after(() => host.close());

// The server lets the host's origin frame the app (its `frame_ancestors`).
const app = useApp({ env: { COLLECTOR_FRAME_ANCESTORS: `'self' ${HOST}` } });

describe('embedded in another page', () => {
  test('inside an iframe it drops its own site chrome and reports its height to the parent', async () => {
    const page = await openPage(app.browser);
    // The app tells its height only to the pages config.json allows (embed.test.mjs has more).
    await page.route(`${app.url}config.json`, (route) =>
      route.fulfill({ json: { format_version: 1, embed: { allowed_parent_origins: [HOST] } } }),
    );
    await page.goto(`${HOST}/handlingsplan`);
    const frame = page.frameLocator('#app');
    await frame.getByRole('heading', { level: 1, name: 'Handlingsplan för civilsamhälle och social ekonomi' }).waitFor();
    await page.waitForFunction(() => window.heights.length > 0 && window.heights.at(-1) > 1000);
    const inner = page.frames().find((f) => f.url().startsWith(app.url));
    assert.equal(await inner.evaluate(() => document.documentElement.className), 'mode-embedded');
    assert.equal(await frame.locator('.site-header__name').isVisible(), false);
    // Of the footer only the accessibility statement's link shows (DOS-lagen: in every mode).
    const footer = frame.getByRole('contentinfo');
    assert.equal(await footer.getByText('Senast uppdaterad', { exact: false }).isVisible(), false);
    assert.equal(await footer.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).isVisible(), true);
    // Navigation inside the frame keeps working.
    await frame.getByRole('link', { name: 'Sök och filtrera' }).click();
    await frame.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
  });

  test('?mode=embedded gives the same layout and passes axe-core', async () => {
    const page = await openPage(app.browser, `${app.url}?mode=embedded`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.className), 'mode-embedded');
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('standalone views', () => {
  test('a focus area view passes axe-core and offers the way back', async () => {
    const page = await openPage(app.browser, `${app.url}?view=focus-area&id=fa-2`);
    await page.getByRole('heading', { level: 1, name: /Skapa långsiktiga förutsättningar/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Organisationer som arbetar med insatsområdet' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Till handlingsplanen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Handlingsplan för civilsamhälle och social ekonomi' }).waitFor();
  });

  test('an unknown focus area explains itself', async () => {
    const page = await openPage(app.browser, `${app.url}?view=focus-area&id=fa-9`);
    await page.getByRole('heading', { level: 1, name: 'Insatsområdet finns inte' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });
});
