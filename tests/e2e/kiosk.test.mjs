// The kiosk (?mode=kiosk) on a touch screen: the attract screen with the
// language choice, 48 px targets in portrait and landscape, no selection or
// context menu, QR codes instead of outbound links, the screen wake lock,
// "Är du kvar?" and the fresh start for the next visitor, and the keyboard alone.
//
// Idle times are driven with Playwright's clock (page.clock) where the test
// is about what happens, and once in real time with the shortest times
// config.json allows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, openPage, useApp, afterNextFrames } from './harness.mjs';

const app = useApp();

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const QUEUE_KEY = 'plan-explorer.feedback-queue';
const PLAN_HEADING = 'Handlingsplan för civilsamhälle och social ekonomi';

/** A kiosk page on a touch screen, portrait unless told. `clock`: install Playwright's clock first. */
async function openKiosk(path = '', { clock = false, size = PORTRAIT, hasTouch = true, ...options } = {}) {
  const page = await openPage(app.browser, null, { ...size, hasTouch, ...options });
  if (clock) await page.clock.install();
  if (path !== null) await page.goto(`${app.url}?mode=kiosk${path}`);
  return page;
}

/** Taps "Tryck för att börja" (in whichever language) and waits for the view's heading. */
async function start(page, name = /Tryck för att börja|Tap to start|Tippen zum Starten/) {
  await page.getByRole('button', { name }).tap();
  await page.locator('main h1').first().waitFor();
  // The app moves focus into the content in the next frame: let it, before touching anything.
  await afterNextFrames(page);
}

/** The dialog "Är du kvar?" (or its English and German names). */
function stillThere(page) {
  return page.getByRole('alertdialog', { name: /Är du kvar\?|Are you still there\?|Sind Sie noch da\?/ });
}

/** Leaves the kiosk alone for `ms` on Playwright's clock, then lets a tick of the idle clock run. */
async function idle(page, ms) {
  await page.clock.fastForward(ms);
  await page.clock.runFor(300);
}

/**
 * Every visible button, link, form field, summary and other tab stop that is
 * smaller than 48×48 CSS px, described; and how many were measured.
 */
async function smallTargets(page) {
  return page.evaluate(async () => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    const targets = [...document.querySelectorAll(selector)].filter(
      // The honeypot field is hidden from everyone (aria-hidden, off-screen, no tab stop).
      (element) => !element.closest('[aria-hidden="true"]') && element.checkVisibility(),
    );
    const nextFrame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const small = [];
    for (const element of targets) {
      let box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) {
        // Far down a long list of results, which the browser lays out only
        // when scrolled near (content-visibility: auto): scroll there first.
        element.scrollIntoView({ block: 'center' });
        await nextFrame();
        box = element.getBoundingClientRect();
      }
      if (box.width >= 48 && box.height >= 48) continue;
      const name = (element.getAttribute('aria-label') || element.textContent || element.id || '').trim().slice(0, 50);
      small.push(`<${element.tagName.toLowerCase()}> "${name}" is ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
    }
    window.scrollTo(0, 0);
    return { measured: targets.length, small };
  });
}

describe('kiosk: the attract screen', () => {
  test('"Tryck för att börja" with the language choice; a touch starts, in the chosen language', async () => {
    const page = await openKiosk();
    const startButton = page.getByRole('button', { name: 'Tryck för att börja' });
    await startButton.waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.className), 'mode-kiosk');
    // The app waits behind it, out of reach.
    assert.equal(await page.getByRole('navigation').count(), 0);
    const languages = page.getByRole('group', { name: 'Välj språk' });
    assert.deepEqual(await languages.getByRole('button').allTextContents(), ['Svenska', 'English', 'Deutsch']);
    assert.deepEqual(await axeViolations(page), []);

    await languages.getByRole('button', { name: 'English' }).tap();
    await page.getByRole('button', { name: 'Tap to start' }).waitFor();
    await page.getByRole('group', { name: 'Choose language' }).getByRole('button', { name: 'Deutsch' }).tap();
    const german = page.getByRole('button', { name: 'Tippen zum Starten' });
    await german.waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await german.tap();
    const heading = page.getByRole('heading', { level: 1, name: 'Aktionsplan für Zivilgesellschaft und Sozialwirtschaft' });
    await heading.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'main', null, { polling: 100 });
    assert.equal(await page.getByRole('button', { name: 'Tippen zum Starten' }).count(), 0);
    await page.getByRole('navigation').waitFor();
    assert.match(page.url(), /lang=de/);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('links keep the mode; a reload comes back to the attract screen; the views pass axe-core', async () => {
    const page = await openKiosk();
    await start(page);
    await page.getByRole('heading', { level: 1, name: PLAN_HEADING }).waitFor();
    const yes = page.getByRole('button', { name: 'Ja' });
    const box = await yes.boundingBox();
    assert.ok(box.height >= 56, `Ja is ${box.height} px tall`);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Sök och filtrera' }).tap();
    await page.waitForURL(/mode=kiosk/);
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.reload();
    await start(page);
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.className), 'mode-kiosk');
    await page.getByRole('link', { name: 'Handlingsplanen' }).tap();
    await page.getByRole('link', { name: 'Visa insatsområde 1 med dess organisationer' }).tap();
    await page.getByRole('heading', { level: 1, name: /Insatsområde 1/ }).waitFor();
    assert.match(page.url(), /mode=kiosk/);
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('kiosk: touch', () => {
  for (const [orientation, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]]) {
    test(`every target is at least 48×48 CSS px on every view, ${orientation} ${size.width}×${size.height}`, async () => {
      const page = await openKiosk(null, { clock: true, size });
      const problems = [];
      let measured = 0;
      const check = async (where) => {
        const result = await smallTargets(page);
        measured += result.measured;
        assert.ok(result.measured > 0, `${where}: nothing measured`);
        problems.push(...result.small.map((s) => `${where}: ${s}`));
      };
      await page.goto(`${app.url}?mode=kiosk`);
      await page.getByRole('button', { name: 'Tryck för att börja' }).waitFor();
      await check('attract screen');
      for (const [where, path] of [
        ['plan', ''],
        ['focus area', '&view=focus-area&id=fa-1'],
        ['explore', '&view=explore'],
        ['explore, no results', '&view=explore&q=zzzzqqq&sector=civil-society'],
        ['results (staff)', '&view=results'],
      ]) {
        await page.goto(`${app.url}?mode=kiosk${path}`);
        await start(page);
        await check(where);
      }
      // The comment form after "Nej".
      const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
      await page.goto(`${app.url}?mode=kiosk&view=explore`);
      await start(page);
      // Scrolled to first: the long list above settles as it comes into view.
      const no = widget.getByRole('button', { name: 'Nej' });
      await no.scrollIntoViewIfNeeded();
      await afterNextFrames(page);
      await no.tap();
      await widget.getByRole('textbox').waitFor();
      await check('comment form');
      await idle(page, 120_000);
      await stillThere(page).waitFor();
      await check('"Är du kvar?"');
      assert.deepEqual(problems, []);
      assert.ok(measured > 150, `only ${measured} targets measured`);
    });
  }

  test('no text selection, no context menu, nothing that needs a hover', async () => {
    const page = await openKiosk();
    await start(page);
    const paragraph = page.locator('.plan__goal');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.plan__goal')).userSelect), 'none');
    await paragraph.dblclick();
    assert.equal(await page.evaluate(() => window.getSelection().toString()), '', 'a double click selects nothing');
    const contextMenuCancelled = () =>
      page.evaluate(() => {
        const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
        document.querySelector('.plan__goal').dispatchEvent(event);
        return event.defaultPrevented;
      });
    assert.equal(await contextMenuCancelled(), true, 'the context menu is cancelled');
    // Typing still works where it must.
    await page.getByRole('link', { name: 'Sök och filtrera' }).tap();
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.fill('nätverk');
    assert.equal(await search.inputValue(), 'nätverk');
    // No rule that only applies on hover shows, hides or moves anything.
    const hoverRules = await page.evaluate(() => {
      const layout = /^(display|visibility|opacity|position|top|left|right|bottom|width|height|max-height|max-width|transform|clip|clip-path|overflow|pointer-events|z-index|content)$/;
      const found = [];
      const walk = (rules) => {
        for (const rule of rules) {
          if (rule.cssRules) walk(rule.cssRules);
          if (!rule.selectorText?.includes(':hover')) continue;
          for (const property of rule.style) if (layout.test(property)) found.push(`${rule.selectorText} { ${property} }`);
        }
      };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      return found;
    });
    assert.deepEqual(hoverRules, []);

    // Outside a kiosk the page behaves as any page.
    const standalone = await openPage(app.browser, `${app.url}`);
    await standalone.getByRole('heading', { level: 1, name: PLAN_HEADING }).waitFor();
    assert.equal(await standalone.evaluate(() => getComputedStyle(document.querySelector('.plan__goal')).userSelect), 'auto');
    assert.equal(
      await standalone.evaluate(() => {
        const event = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 });
        document.querySelector('.plan__goal').dispatchEvent(event);
        return event.defaultPrevented;
      }),
      false,
    );
  });
});

describe('kiosk: outbound links', () => {
  test('a partner\'s website and e-mail, and the source, are QR codes with the short address; nothing navigates', async () => {
    const page = await openKiosk('&view=focus-area&id=fa-1');
    // Any request to another origin would be a way out.
    const elsewhere = [];
    await page.route((url) => !url.href.startsWith(app.url), (route) => {
      elsewhere.push(route.request().url());
      return route.abort();
    });
    await start(page);
    await page.getByRole('heading', { level: 2, name: 'Organisationer som arbetar med insatsområdet' }).waitFor();
    // The partners come after the first paint (the directory loads when the view opens).
    await page.locator('.partner').first().waitFor();
    const main = page.getByRole('main');
    assert.equal(await main.locator('a[href^="http"], a[href^="mailto:"], a[href^="tel:"]').count(), 0, 'no outbound link in the view');
    assert.equal(await page.locator('a[href^="http"], a[href^="mailto:"], a[href^="tel:"]').count(), 0, 'none anywhere');
    const region = page.getByRole('img', { name: 'QR-kod till regionorebrolan.se' });
    assert.equal(await region.count(), 2, "Region Örebro län's website, on its card and in the footer");
    const mail = page.getByRole('img', { name: 'QR-kod till kansli@example.org' });
    assert.ok((await mail.count()) > 3, 'the office e-mail of each example partner');
    const partner = page.locator('.partner').filter({ hasText: 'Exempelstudieförbundet Degerfors' });
    await partner.getByText('example.org/example-studieforbundet-degerfors').waitFor();
    await partner.getByText('kansli@example.org').waitFor();
    await partner.getByRole('img', { name: 'QR-kod till example.org/example-studieforbundet-degerfors' }).waitFor();
    // Drawn inline: an <svg> with a rect and a path, no style attributes, a real size.
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('.qr__code')].map((code) => {
        const svg = code.firstElementChild;
        const box = svg.getBoundingClientRect();
        return {
          tag: svg.tagName,
          shapes: [...svg.children].map((child) => child.tagName).join(','),
          styled: code.querySelectorAll('[style]').length,
          size: Math.min(box.width, box.height),
        };
      }),
    );
    assert.ok(drawn.length > 10);
    for (const code of drawn) {
      assert.deepEqual({ tag: code.tag, shapes: code.shapes, styled: code.styled }, { tag: 'svg', shapes: 'rect,path', styled: 0 });
      assert.ok(code.size >= 120, `a QR code of ${code.size} px is too small to scan`);
    }
    assert.deepEqual(await axeViolations(page), []);

    // Touching where a link would be: the QR code, its label, the address.
    const before = page.url();
    await partner.getByRole('img').first().tap();
    await partner.getByText('Webbplats').first().tap();
    await partner.getByText('kansli@example.org').first().tap();
    await page.getByRole('contentinfo').getByRole('img', { name: 'QR-kod till regionorebrolan.se' }).tap();
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
    assert.equal(page.context().pages().length, 1, 'no new tab or window');
    assert.deepEqual(elsewhere, []);

    // Even a link that is not drawn as a QR code does not leave: one put into the page, and a modified click on our own.
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'https://example.org/away';
      link.textContent = 'away';
      document.querySelector('main h1').after(link);
    });
    await page.getByRole('link', { name: 'away' }).click();
    await page.getByRole('link', { name: 'Till handlingsplanen' }).first().click({ modifiers: ['Control'] });
    await page.getByRole('link', { name: 'Till handlingsplanen' }).first().click({ button: 'middle' });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
    assert.equal(page.context().pages().length, 1, 'no new tab or window');
    assert.deepEqual(elsewhere, []);
  });

  test('outside a kiosk the same partner has real links', async () => {
    const page = await openPage(app.browser, `${app.url}?view=focus-area&id=fa-1`);
    const partner = page.locator('.partner').filter({ hasText: 'Exempelstudieförbundet Degerfors' });
    await partner.getByRole('link', { name: 'Webbplats – Exempelstudieförbundet Degerfors' }).waitFor();
    assert.equal(await partner.getByRole('link', { name: 'Kansliet' }).getAttribute('href'), 'mailto:kansli@example.org');
    assert.equal(await page.getByRole('img', { name: /^QR-kod/ }).count(), 0);
  });
});

describe('kiosk: the screen stays on', () => {
  /** A browser whose Screen Wake Lock API records each request. */
  const fakeWakeLock = () => {
    window.wakeLockRequests = [];
    window.wakeLockReleases = 0;
    Object.defineProperty(navigator, 'wakeLock', {
      configurable: true,
      value: {
        request: async (type) => {
          window.wakeLockRequests.push(type);
          return { release: async () => { window.wakeLockReleases += 1; } };
        },
      },
    });
  };

  test('a screen wake lock is held, and asked for again when the page is shown again', async () => {
    const page = await openKiosk(null);
    await page.addInitScript(fakeWakeLock);
    await page.goto(`${app.url}?mode=kiosk`);
    await page.waitForFunction(() => window.wakeLockRequests.length === 1);
    assert.deepEqual(await page.evaluate(() => window.wakeLockRequests), ['screen']);
    // The browser drops the lock while the page is hidden; shown again, the app asks again.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await page.waitForFunction(() => window.wakeLockRequests.length === 2);

    const standalone = await openPage(app.browser, null);
    await standalone.addInitScript(fakeWakeLock);
    await standalone.goto(app.url);
    await standalone.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(await standalone.evaluate(() => window.wakeLockRequests), [], 'only a kiosk keeps the screen on');
  });

  test('where the browser has no wake lock, or refuses it, nothing breaks', async () => {
    const missing = await openKiosk(null);
    await missing.addInitScript(() => Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: undefined }));
    await missing.goto(`${app.url}?mode=kiosk`);
    await start(missing);
    const refused = await openKiosk(null);
    await refused.addInitScript(() =>
      Object.defineProperty(navigator, 'wakeLock', {
        configurable: true,
        value: { request: () => Promise.reject(new DOMException('no', 'NotAllowedError')) },
      }),
    );
    await refused.goto(`${app.url}?mode=kiosk`);
    await start(refused);
    // The harness fails the test on any uncaught error or console error in either page.
  });
});

describe('kiosk: left alone', () => {
  test('the page scrolling by itself is not the visitor: the idle time still runs out', async () => {
    const page = await openKiosk('&view=explore', { clock: true });
    await start(page);
    await idle(page, 115_000);
    // As the app scrolls when a view changes, or a late scroll event arrives: not a touch.
    await page.evaluate(() => window.scrollTo(0, 400));
    await afterNextFrames(page);
    await idle(page, 6_000);
    await stillThere(page).waitFor({ timeout: 5_000 });
  });

  test('after the idle time "Är du kvar?" counts down; "Fortsätt" and Escape keep everything', async () => {
    const page = await openKiosk('&view=explore', { clock: true });
    await start(page);
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.fill('nätverk');
    await page.getByRole('checkbox', { name: /Kumla/ }).tap();
    await page.waitForURL(/municipality=kumla/);
    await page.evaluate(() => window.scrollTo(0, 600));
    const kept = { url: page.url(), scroll: await page.evaluate(() => window.scrollY) };
    assert.ok(kept.scroll > 0);

    // (The clock also runs on in real time between the steps: hence the margins.)
    await idle(page, 115_000);
    assert.equal(await stillThere(page).count(), 0, 'not before the idle time');
    await idle(page, 5_000);
    const dialog = stillThere(page);
    await dialog.waitFor();
    assert.equal(await dialog.getByText('30 sekunder kvar').count(), 1);
    const keepGoing = dialog.getByRole('button', { name: 'Fortsätt' });
    assert.equal(await keepGoing.evaluate((button) => button === document.activeElement), true, 'focus is on Fortsätt');
    const box = await keepGoing.boundingBox();
    assert.ok(box.height >= 80 && box.width >= 200, `Fortsätt is big: ${box.width}×${box.height}`);
    assert.deepEqual(await axeViolations(page), []);
    // Ten seconds on (the clock also ran on in real time while axe-core worked).
    const secondsLeft = async () => Number(/\d+/.exec(await dialog.getByText(/sekunder kvar$/).textContent())[0]);
    const before = await secondsLeft();
    await idle(page, 10_000);
    for (let tries = 0; tries < 50 && (await secondsLeft()) > before - 10; tries += 1) await page.waitForTimeout(50);
    const after = await secondsLeft();
    assert.ok(after <= before - 10 && after >= before - 12, `${before} s, then ${after} s ten seconds later`);
    // A modal: the rest of the page is out of reach while it asks.
    assert.equal(await page.evaluate(() => document.querySelector('dialog').matches(':modal')), true);

    await keepGoing.tap();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(page.url(), kept.url);
    assert.equal(await search.inputValue(), 'nätverk');
    assert.equal(await page.getByRole('checkbox', { name: /Kumla/ }).isChecked(), true);
    assert.equal(await page.evaluate(() => window.scrollY), kept.scroll);

    // The idle time starts again from "Fortsätt"; Escape answers too.
    await idle(page, 115_000);
    assert.equal(await stillThere(page).count(), 0);
    await idle(page, 5_000);
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(page.url(), kept.url);
    assert.equal(await search.inputValue(), 'nätverk');
  });

  test("a late 'close' of an earlier question is not taken as an answer to the one on screen", async () => {
    // The browser fires a dialog's 'close' event in a task of its own after closing it. On a
    // loaded machine that task can run after the next question is already up: the likely
    // cause of the keyboard test below failing now and then (the question did not come back),
    // inferred, not caught in a log.
    const page = await openKiosk('', { clock: true });
    await start(page);
    await idle(page, 120_000);
    const dialog = stillThere(page);
    await dialog.waitFor();
    await page.evaluate(() => document.querySelector('dialog.still-there').dispatchEvent(new Event('close')));
    await page.clock.runFor(1_000);
    await afterNextFrames(page);
    assert.equal(await dialog.isVisible(), true, 'the question is still asked');
    await idle(page, 30_000);
    await page.getByRole('button', { name: 'Tryck för att börja' }).waitFor();
  });

  test('when the countdown ends everything starts over, and answers waiting to be sent survive', async () => {
    const page = await openKiosk(null, { clock: true, expectFailedRequests: [/\/api\/feedback$/] });
    // The collector cannot be reached: answers wait in the queue.
    await page.route('**/api/feedback', (route) => route.abort('internetdisconnected'));
    await page.goto(`${app.url}?mode=kiosk`);
    await page.getByRole('group', { name: 'Välj språk' }).getByRole('button', { name: 'English' }).tap();
    await start(page, 'Tap to start');
    await page.getByRole('link', { name: 'Search and filter' }).tap();
    await page.getByRole('searchbox', { name: 'Search' }).fill('network');
    await page.getByRole('checkbox', { name: /Kumla/ }).tap();
    await page.waitForURL(/municipality=kumla/);
    const widget = page.getByRole('region', { name: 'Did the information help you?' });
    await widget.getByRole('button', { name: 'No' }).tap();
    await widget.getByRole('textbox', { name: 'What was missing? (optional)' }).fill('Mer om Kumla');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const queued = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{"entries":[]}').entries.length, QUEUE_KEY);
    assert.equal(await queued(), 1, 'the "No" waits in the queue');

    await idle(page, 120_000);
    await stillThere(page).waitFor();
    await page.getByRole('alertdialog').getByText('30 seconds left').waitFor();
    await idle(page, 25_000);
    assert.equal(await stillThere(page).count(), 1, 'the whole countdown');
    await idle(page, 5_000);

    // The next visitor finds the attract screen, in Swedish, with focus on the button.
    const startButton = page.getByRole('button', { name: 'Tryck för att börja' });
    await startButton.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'kiosk-start');
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'the dialog is gone');
    assert.equal(new URL(page.url()).search, '?mode=kiosk', 'no view, search, filter or language left in the address');
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('plan-explorer.lang')), 'sv');
    assert.equal(await queued(), 1, 'the waiting answer is still there');
    assert.deepEqual(await axeViolations(page), []);

    await start(page, 'Tryck för att börja');
    await page.getByRole('heading', { level: 1, name: PLAN_HEADING }).waitFor();
    // A fresh visit: no answer given, nothing open.
    const fresh = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
    assert.equal(await fresh.getByRole('button', { name: 'Nej' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await page.getByRole('textbox').count(), 0);
    await page.getByRole('link', { name: 'Sök och filtrera' }).tap();
    assert.equal(await page.getByRole('searchbox', { name: 'Sök' }).inputValue(), '');
    assert.equal(await page.getByRole('checkbox', { name: /Kumla/ }).isChecked(), false);

    // The network comes back: the previous visitor's answer is sent.
    await page.unroute('**/api/feedback');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).entries.length === 0, QUEUE_KEY);
  });

  test('an untouched attract screen stays as it is; a language chosen there is undone after the idle time', async () => {
    const page = await openKiosk('', { clock: true });
    await page.getByRole('button', { name: 'Tryck för att börja' }).waitFor();
    await idle(page, 3_600_000);
    assert.equal(await stillThere(page).count(), 0, 'nobody to ask');
    await page.getByRole('button', { name: 'Deutsch' }).tap();
    await page.getByRole('button', { name: 'Tippen zum Starten' }).waitFor();
    await idle(page, 120_000);
    await page.getByRole('button', { name: 'Tryck för att börja' }).waitFor();
    assert.equal(new URL(page.url()).search, '?mode=kiosk');
  });

  test('with the shortest times config.json allows, in real time: asked after 10 s, 20 s to answer', async () => {
    const page = await openKiosk(null);
    await page.route('**/config.json', (route) =>
      route.fulfill({
        json: { format_version: 1, feedback: { enabled: true, endpoint: 'api/feedback' }, kiosk: { idle_reset_seconds: 10, idle_countdown_seconds: 20 } },
      }),
    );
    await page.goto(`${app.url}?mode=kiosk&view=explore&q=n%C3%A4tverk`);
    await start(page);
    const started = Date.now();
    const dialog = stillThere(page);
    await dialog.waitFor({ timeout: 20_000 });
    const asked = Date.now() - started;
    assert.ok(asked >= 9_500, `asked after ${asked} ms, not before the 10 s idle time`);
    const firstShown = Number(/(\d+)/.exec(await dialog.locator('.still-there__countdown').textContent())[1]);
    assert.ok(firstShown >= 19, `the countdown starts at ${firstShown} s`);
    await page.getByRole('button', { name: 'Tryck för att börja' }).waitFor({ timeout: 40_000 });
    const reset = Date.now() - started;
    assert.ok(reset >= 29_500, `started over after ${reset} ms, not before 10 + 20 s`);
    assert.equal(new URL(page.url()).search, '?mode=kiosk');
  });

  test('a countdown shorter than 20 s in config.json is refused with a clear message', async () => {
    const page = await openKiosk(null);
    await page.route('**/config.json', (route) =>
      route.fulfill({ json: { format_version: 1, kiosk: { idle_reset_seconds: 60, idle_countdown_seconds: 5 } } }),
    );
    await page.goto(`${app.url}?mode=kiosk`);
    await start(page);
    await page.getByText('$.kiosk.idle_countdown_seconds: är 5; ange ett antal sekunder från 20 till 300').waitFor();
  });
});

describe('kiosk: the keyboard alone', () => {
  test('start, move around, answer "Är du kvar?" with Escape and Enter, and start again after the reset', async () => {
    const page = await openKiosk(null, { clock: true, hasTouch: false });
    await page.goto(`${app.url}?mode=kiosk`);
    const startButton = page.getByRole('button', { name: 'Tryck för att börja' });
    await startButton.waitFor();
    // Whether or not the browser honoured autofocus, Tab reaches the start button at once.
    if (!(await startButton.evaluate((button) => button === document.activeElement))) await page.keyboard.press('Tab');
    assert.equal(await startButton.evaluate((button) => button === document.activeElement), true);
    // The language buttons come next.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Svenska');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: PLAN_HEADING }).waitFor();
    // Focus is where the skip link leads: the start of the content.
    await page.waitForFunction(() => document.activeElement?.id === 'main', null, { polling: 100 });

    // Back up to the menu, and to the search view.
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(() => document.activeElement.textContent === 'Sök och filtrera')) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('nätverk');
    await page.waitForURL(/q=n%C3%A4tverk/);
    const kept = page.url();

    await idle(page, 120_000);
    const dialog = stillThere(page);
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Fortsätt');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(page.url(), kept);

    await idle(page, 120_000);
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(page.url(), kept);

    await idle(page, 120_000);
    await dialog.waitFor();
    await idle(page, 30_000);
    await startButton.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'kiosk-start');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: PLAN_HEADING }).waitFor();
  });
});
