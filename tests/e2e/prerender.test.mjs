// The static start page (issue #10): index.html carries the plan in Swedish as HTML
// (crates/plan-prerender, put in by scripts/post-build/prerender-inject.mjs), so it paints before the
// wasm arrives and reads without JavaScript; the app then takes over without a layout shift.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PLAN, appTookOver, axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp();

/** Sums the layout shifts of the page from its start (buffered), as CLS counts them. */
function observeLayoutShifts(page) {
  return page.addInitScript(() => {
    window.__layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          window.__layoutShifts.push({
            value: entry.value,
            sources: (entry.sources ?? []).map((s) => s.node?.nodeName + '.' + (s.node?.className ?? '')),
          });
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** Two animation frames, so that a shift caused by the last change is reported. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
}

/**
 * A page's element tree under `root`: tag, attributes and own text of each element, without
 * comments and blank text. The static page and the app's view must give the same tree.
 */
function tree(page, root) {
  return page.locator(root).evaluate((rootElement) => {
    const walk = (element) => {
      const attributes = [...element.attributes]
        .filter((a) => !(a.name === 'class' && a.value === ''))
        .map((a) => `${a.name}=${a.value}`)
        .sort();
      const text = [...element.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('');
      const children = [...element.children]
        .filter((c) => !c.matches('noscript, .boot-notice'))
        .map(walk);
      return { tag: element.tagName.toLowerCase(), attributes, text, children };
    };
    const { children } = walk(rootElement);
    return children;
  });
}

/**
 * Answers the app's start-up script (trunk's, moved to init-*.js) with nothing, which leaves
 * the static page alone; with `boot`, public/boot.js too, as if JavaScript were off.
 */
async function withoutTheApp(page, { boot = false } = {}) {
  const scripts = boot ? /\/(init|boot)-[0-9a-f]{8,16}\.js$/ : /\/init-[0-9a-f]{8,16}\.js$/;
  await page.route(scripts, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
}

/** A page for `withoutTheApp`: the empty answer fails the script's integrity check, as meant. */
const NO_APP = { expectConsoleErrors: [/Failed to find a valid digest in the 'integrity' attribute/] };

describe('without JavaScript', () => {
  test('the whole plan reads: goal, four focus areas, twelve activities, partnership, contacts', async () => {
    const page = await openPage(app.browser, app.url, { javaScriptEnabled: false });
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    await page.getByRole('heading', { level: 1, name: PLAN.title.sv }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Mål' }).waitFor();
    await page.getByText(PLAN.goal.sv, { exact: true }).waitFor();
    assert.equal(PLAN.focus_areas.length, 4);
    for (const area of PLAN.focus_areas) {
      const section = page.getByRole('region', { name: new RegExp(area.title.sv) });
      await page.getByRole('heading', { level: 3, name: new RegExp(area.title.sv) }).waitFor();
      for (const activity of PLAN.activities.filter((a) => a.focus_area === area.id)) {
        await section.getByRole('listitem').filter({ hasText: activity.text.sv }).first().waitFor();
        assert.ok(await section.getByText(activity.text.sv, { exact: true }).isVisible(), activity.id);
      }
    }
    assert.equal(PLAN.activities.length, 12);
    await page.getByRole('heading', { level: 2, name: PLAN.partnership.name.sv }).waitFor();
    for (const contact of PLAN.contacts) await page.getByText(contact.name, { exact: true }).waitFor();
    await page.getByRole('contentinfo').getByText('Senast uppdaterad 29 november 2022').waitFor();
    // One small line instead of the old "this page needs JavaScript". (Chromium with
    // Playwright's script switch off still leaves <noscript> out of the rendering, so the
    // line is read from the DOM rather than found by what is visible.)
    assert.equal(
      await page.locator('noscript .noscript-note').textContent(),
      'Sökning och filter kräver JavaScript. / Search and filters need JavaScript.',
    );
    // Buttons that could do nothing without the app are left out; the loading line is hidden.
    assert.equal(await page.getByRole('button').count(), 0);
    assert.equal(await page.getByRole('status').count(), 0);
  });

  test('has no accessibility violations', async () => {
    // axe runs as a script in the page, which a context without JavaScript never answers;
    // so the page's own scripts are answered with nothing instead: the same static page.
    const page = await openPage(app.browser, null, NO_APP);
    await withoutTheApp(page, { boot: true });
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.locator('html[data-js]').count(), 0, 'boot.js did not run');
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('with JavaScript', () => {
  test('a keyboard user who tabs before the app takes over keeps focus on the same element', async () => {
    const page = await openPage(app.browser);
    // The wasm is held back until the visitor has tabbed into the static page.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(app.url);
    await page.locator('#prerendered').waitFor();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
    const before = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(before, 'Sök och filtrera', 'the third tab stop of the static page');
    release();
    await appTookOver(page);
    await page.waitForFunction(() => document.activeElement?.closest('body > .app'), null, { timeout: 2000 });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), before);
    // The next Tab goes on from there.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Översikt');
  });

  test('before the app takes over, the static buttons that could do nothing are out of reach', async () => {
    const page = await openPage(app.browser);
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(app.url);
    await page.locator('#prerendered').waitFor();
    // A tap on them would be lost; they keep their place, unseen, until they work.
    assert.equal(await page.getByRole('button', { name: 'Ja' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'English' }).count(), 0);
    release();
    await appTookOver(page);
    await page.getByRole('button', { name: 'Ja' }).waitFor();
    await page.getByRole('button', { name: 'English' }).waitFor();
  });

  test('the app takes over: one main, one h1, the static page gone', async () => {
    const page = await openPage(app.browser, app.url);
    await page.getByRole('button', { name: 'Ja' }).waitFor();
    assert.equal(await page.locator('#prerendered').count(), 0);
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('banner').count(), 1);
    assert.equal(await page.getByRole('contentinfo').count(), 1);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    assert.equal(await page.getByText(PLAN.goal.sv, { exact: true }).count(), 1);
  });

  test('the wasm is fetched after the first paint, and index.html does not preload it', async () => {
    const page = await openPage(app.browser, null);
    // Registered before the start-up script's own, so it runs in the same (first) frame.
    await page.addInitScript(() => {
      requestAnimationFrame((time) => {
        window.__firstFrame = time;
      });
    });
    await page.goto(app.url);
    await appTookOver(page);
    assert.equal(await page.locator('link[href$="_bg.wasm"]').count(), 0, 'a <link> still preloads the wasm');
    const { firstFrame, wasmRequested } = await page.evaluate(() => ({
      firstFrame: window.__firstFrame,
      wasmRequested: performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm'))?.startTime,
    }));
    assert.ok(typeof wasmRequested === 'number', 'no request for the wasm was seen');
    // The start-up script's fallback (250 ms) would start it sooner only if no frame came.
    assert.ok(
      wasmRequested >= firstFrame,
      `the wasm was requested at ${wasmRequested.toFixed(0)} ms, before the first frame at ${firstFrame?.toFixed(0)} ms`,
    );
  });

  test("visitors never load the staff view's bundle; the staff view loads only its own", async () => {
    const wasmLoaded = (page) =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname.slice(1))
          .filter((name) => name.endsWith('_bg.wasm'))
          .map((name) => (name.startsWith('plan-explorer-staff-') ? 'staff' : 'visitors')),
      );
    const staffHeading = { level: 1, name: 'Svar på ”Hjälpte informationen dig?”' };

    const visitor = await openPage(app.browser, app.url);
    await visitor.getByRole('link', { name: 'Sök och filtrera' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    assert.deepEqual(await wasmLoaded(visitor), ['visitors']);

    const staff = await openPage(app.browser, `${app.url}?view=results`);
    await staff.getByRole('heading', staffHeading).waitFor();
    assert.deepEqual(await wasmLoaded(staff), ['staff']);

    // The visitors' bundle, asked for the staff view by going back in its own history,
    // hands the page to the staff bundle.
    const handOver = await openPage(app.browser, app.url);
    await handOver.evaluate(() => history.pushState(null, '', '?view=results'));
    await handOver.evaluate(() => history.pushState(null, '', '?view=explore'));
    await handOver.goBack();
    await handOver.getByRole('heading', staffHeading).waitFor();
    assert.deepEqual(await wasmLoaded(handOver), ['staff']);
    assert.match(handOver.url(), /\?view=results$/);
  });

  test('a browser set to English: <html lang> stays "sv" on the Swedish start page while the app starts', async () => {
    // leptos_i18n first writes <html lang> from the browser's languages; the app must have
    // set its own choice (Swedish here) by then, or the static page is English for a moment.
    const page = await openPage(app.browser, null, { locale: 'en-US' });
    await page.addInitScript(() => {
      window.__langs = [];
      new MutationObserver(() => window.__langs.push(document.documentElement.getAttribute('lang'))).observe(document, {
        subtree: true,
        attributes: true,
        attributeFilter: ['lang'],
      });
    });
    await page.goto(app.url);
    await appTookOver(page);
    await page.getByRole('heading', { level: 2, name: 'Mål' }).waitFor();
    const langs = await page.evaluate(() => window.__langs);
    assert.deepEqual(langs.filter((lang) => lang !== 'sv'), [], `<html lang> was ${langs.join(', ')}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  });

  test('when the app cannot start, a notice says so in the language asked for, and the static plan stays', async () => {
    const options = {
      expectHttpErrors: [{ url: /_bg\.wasm$/, status: 404 }],
      expectConsoleErrors: [/^plan-explorer could not start:/],
    };
    const english = await openPage(app.browser, null, options);
    await english.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'missing' }));
    await english.goto(`${app.url}?lang=en`);
    await english.getByRole('alert').filter({ hasText: 'The page could not start fully' }).waitFor();
    assert.equal(await english.getByRole('status').filter({ hasText: 'Loading' }).isVisible(), false, 'the loading line is gone');
    assert.deepEqual(await axeViolations(english), []);

    const swedish = await openPage(app.browser, null, options);
    await swedish.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'missing' }));
    await swedish.goto(app.url);
    await swedish.getByRole('alert').filter({ hasText: 'Sidan kunde inte starta helt' }).waitFor();
    assert.ok(await swedish.getByText(PLAN.goal.sv, { exact: true }).isVisible(), 'the plan still reads');
  });

  test("the static page is the app's view, element for element", async () => {
    const before = await openPage(app.browser, null, NO_APP);
    await withoutTheApp(before);
    await before.goto(app.url);
    await before.getByRole('heading', { level: 1 }).waitFor();
    const staticTree = await tree(before, '#prerendered');
    const after = await openPage(app.browser, app.url);
    const appTree = await tree(after, 'body > .app');
    assert.ok(staticTree.length > 0);
    assert.deepEqual(staticTree, appTree);
  });

  for (const [address, shows] of [
    ['', 'the plan'],
    ['?lang=en', 'a loading line in English'],
    ['?view=explore', 'a loading line'],
  ]) {
    test(`before the app runs, /${address} shows ${shows}`, async () => {
      const page = await openPage(app.browser, null, NO_APP);
      await withoutTheApp(page);
      await page.goto(app.url + address);
      const h1 = page.getByRole('heading', { level: 1 });
      const notice = page.getByRole('status');
      if (address === '') {
        assert.ok(await h1.isVisible());
        assert.equal(await notice.count(), 0);
      } else {
        assert.equal(await h1.count(), 0, 'the Swedish plan stays hidden');
        assert.equal(await page.getByRole('banner').count(), 0);
        const expected = address.includes('lang=en') ? 'Loading the action plan …' : 'Laddar handlingsplanen …';
        assert.equal((await notice.innerText()).trim(), expected);
      }
    });
  }

  for (const address of ['', '?lang=en', '?view=explore', '?mode=kiosk', '?mode=embedded']) {
    test(`no layout shift from the first paint until the app is ready: /${address}`, async () => {
      const page = await openPage(app.browser, null);
      await observeLayoutShifts(page);
      await page.goto(app.url + address);
      await appTookOver(page);
      await page.locator('main[aria-busy="false"]').waitFor({ state: 'attached' });
      await settle(page);
      const figures = await page.evaluate(() => ({
        shifts: window.__layoutShifts,
        firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        ready: performance.now(),
      }));
      const total = figures.shifts.reduce((sum, s) => sum + s.value, 0);
      console.log(
        `/${address}: CLS ${total.toFixed(4)}, first contentful paint ${figures.firstContentfulPaint?.toFixed(0)} ms, ` +
          `checked at ${figures.ready.toFixed(0)} ms`,
      );
      assert.equal(total, 0, JSON.stringify(figures.shifts));
    });
  }

  test('a saved English choice: the loading line in English, then the plan in English, no layout shift', async () => {
    const page = await openPage(app.browser, null);
    await page.addInitScript(() => localStorage.setItem('plan-explorer.lang', 'en'));
    await observeLayoutShifts(page);
    await page.route(/\/data\/plan\.json$/, async (route) => {
      // Held until the loading line has been seen.
      await page.getByRole('status').filter({ hasText: 'Loading the action plan …' }).waitFor();
      await route.continue();
    });
    await page.goto(app.url);
    await appTookOver(page);
    await page.getByRole('heading', { level: 2, name: 'Goal' }).waitFor();
    await settle(page);
    const shifts = await page.evaluate(() => window.__layoutShifts);
    assert.equal(shifts.reduce((sum, s) => sum + s.value, 0), 0, JSON.stringify(shifts));
  });
});
