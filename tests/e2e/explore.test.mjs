// Search and filters over the plan and the partner directory, in Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN, ROOT, axeViolations, openPage, useApp } from './harness.mjs';

/** The bundled partner directory: the tests' expectations come from the data, not from the page. */
const PARTNERS = JSON.parse(readFileSync(join(ROOT, 'public/data/partners.json'), 'utf8')).partners;
/** Everything the explore view lists: focus areas, activities and partners. */
const ALL_RESULTS = PLAN.focus_areas.length + PLAN.activities.length + PARTNERS.length;
/** How long typing must pause before the address follows (src/browser/history.rs, ADDRESS_WRITE_DELAY). */
const ADDRESS_WRITE_DELAY_MS = 300;

const app = useApp();

async function openExplore(query = '', options) {
  const page = await openPage(app.browser, `${app.url}?view=explore${query}`, options);
  await page.getByRole('heading', { level: 1, name: /Sök och filtrera|Search and filter|Suchen und filtern/ }).waitFor();
  // The heading comes at once; the search box with the results once the partner directory is in.
  await page.getByRole('searchbox').waitFor();
  return page;
}

const count = (page) => page.getByRole('status').filter({ hasText: /träff/ });
const resultsList = (page) => page.getByRole('region', { name: 'Resultat' }).getByRole('listitem');

describe('search', () => {
  test('finds inflected Swedish words, highlights them as text, and announces the count', async () => {
    const page = await openExplore();
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.fill('nätverket');
    await count(page).filter({ hasText: /^\d+ träffar$/ }).waitFor();
    // Everything whose Swedish text has the word "nätverk" is found by its definite form.
    const withWord = [
      ...PLAN.focus_areas.filter((a) => /nätverk/i.test(a.title.sv)).map((a) => a.title.sv),
      ...PLAN.activities.filter((a) => /nätverk/i.test(a.text.sv)).map((a) => a.text.sv),
      ...PARTNERS.filter((p) => /nätverk/i.test(`${p.name} ${p.description.sv}`)).map((p) => p.name),
    ];
    assert.equal(withWord.length, 9, 'the data has one focus area, one activity and seven partners with "nätverk"');
    const shown = Number((await count(page).textContent()).match(/^(\d+)/)[1]);
    assert.ok(shown >= withWord.length, `${shown} results`);
    const titles = (await page.locator('.results__list').getByRole('heading', { level: 3 }).allTextContents()).map((t) =>
      t.trim(),
    );
    for (const title of withWord) assert.ok(titles.some((t) => t.includes(title)), `"${title}" is found`);
    const marks = page.locator('.results__list mark');
    assert.ok((await marks.count()) > 0, 'matches are marked');
    assert.match((await marks.first().textContent()).toLowerCase(), /nätverk/);
    // The address follows once typing pauses.
    await page.waitForURL(/q=n%C3%A4tverket/);
  });

  test('updates on every keystroke and matches prefixes as the user types', async () => {
    const page = await openExplore();
    // Record every keystroke and every address write, with the page's clock.
    await page.evaluate(() => {
      window.keystrokes = [];
      window.addressWrites = [];
      document.addEventListener('input', () => window.keystrokes.push(performance.now()), true);
      const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => {
        window.addressWrites.push({ at: performance.now(), url: String(args[2]) });
        return replace(...args);
      };
    });
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.pressSequentially('upphandl');
    // Both activities about procurement ("upphandling", "upphandlingen") match the prefix.
    const procurement = PLAN.activities.filter((a) => /upphandl/i.test(a.text.sv)).map((a) => a.text.sv);
    assert.deepEqual(procurement, [
      'Öka kunskapen om upphandling och annan samverkan',
      'Öka upphandlingen av produkter, tjänster och service från civilsamhället och den sociala ekonomin',
    ]);
    for (const text of procurement) await page.getByRole('heading', { level: 3, name: text }).waitFor();
    await page.waitForURL(/q=upphandl$/);

    // Typing writes the address only when it pauses: count the writes against the
    // pauses of the typing, not against the clock, so a slow machine cannot fail this.
    const { keystrokes, addressWrites } = await page.evaluate(() => ({
      keystrokes: window.keystrokes,
      addressWrites: window.addressWrites,
    }));
    assert.equal(keystrokes.length, 8, '8 letters typed');
    const pauses = keystrokes.slice(1).filter((at, i) => at - keystrokes[i] >= ADDRESS_WRITE_DELAY_MS).length;
    assert.ok(addressWrites.length >= 1, 'the address follows');
    assert.ok(
      addressWrites.length <= pauses + 1,
      `${addressWrites.length} address writes for 8 letters typed with ${pauses} pauses of ${ADDRESS_WRITE_DELAY_MS} ms`,
    );
    for (const write of addressWrites) {
      const lastKeystroke = keystrokes.filter((at) => at <= write.at).at(-1);
      // performance.now() is coarsened a little; a timer never fires early.
      assert.ok(write.at - lastKeystroke >= ADDRESS_WRITE_DELAY_MS - 1, `a write ${write.at - lastKeystroke} ms after a keystroke`);
    }
    assert.match(addressWrites.at(-1).url, /q=upphandl$/, 'the last write has the whole word');
  });

  test('a query typed without å, ä and ö still finds Örebro', async () => {
    const page = await openExplore();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('orebro');
    await page.locator('.results__list mark', { hasText: 'Örebro' }).first().waitFor();
    // Region Örebro län has "Örebro" in its name.
    assert.ok(PARTNERS.some((p) => p.name === 'Region Örebro län'));
    await page.locator('.partner', { has: page.getByRole('heading', { name: 'Region Örebro län' }) }).waitFor();
  });

  test('hostile input is shown as text and finds nothing', async () => {
    const page = await openExplore();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('<img src=x onerror="window.__pwned=1">');
    await page.getByText('Inga träffar för ”<img src=x onerror="window.__pwned=1">”.').waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(page.errors, []);
  });
});

describe('facets', () => {
  test('choices combine with OR within a facet and AND across facets, with live counts', async () => {
    const page = await openExplore();
    assert.equal(ALL_RESULTS, 4 + 12 + 40);
    assert.equal(await count(page).textContent(), `${ALL_RESULTS} träffar`);
    // The counts expected, from partners.json (only partners have a municipality and a sector).
    const inKumla = PARTNERS.filter((p) => p.municipality === 'kumla');
    const inNora = PARTNERS.filter((p) => p.municipality === 'nora');
    const civilThere = [...inKumla, ...inNora].filter((p) => p.sector === 'civil-society');
    assert.deepEqual([inKumla.length, inNora.length, civilThere.length], [3, 3, 2]);
    const hits = (n) => new RegExp(`^${n} träff(ar)?$`);

    await page.getByRole('checkbox', { name: `Kumla (${inKumla.length})`, exact: true }).check();
    await count(page).filter({ hasText: hits(inKumla.length) }).waitFor();
    // OR within a facet: Nora adds its partners.
    await page.getByRole('checkbox', { name: `Nora (${inNora.length})`, exact: true }).check();
    await count(page).filter({ hasText: hits(inKumla.length + inNora.length) }).waitFor();
    // AND across facets: the sector's live count already says what choosing it gives.
    const civil = page.locator('label[for="facet-sector-civil-society"]');
    assert.match(await civil.textContent(), new RegExp(`\\(${civilThere.length}\\b`));
    await page.getByRole('checkbox', { name: /^Civilsamhälle/ }).check();
    await count(page).filter({ hasText: hits(civilThere.length) }).waitFor();
    const names = await page.locator('.partner').getByRole('heading').allTextContents();
    assert.deepEqual(names.map((n) => n.trim()).sort(), civilThere.map((p) => p.name).sort());
    // Every partner shown is in Kumla or Nora, in civil society.
    const metas = await page.locator('.partner__meta').allTextContents();
    assert.ok(metas.length > 0 && metas.every((m) => /Kumla|Nora/.test(m) && /Civilsamhälle/.test(m)), metas.join('\n'));
    // A choice that would give nothing stays visible, marked as empty.
    await page.getByText(/\(0, inga träffar\)/).first().waitFor();

    await page.getByRole('button', { name: 'Rensa sökning och filter' }).click();
    await count(page).filter({ hasText: `${ALL_RESULTS} träffar` }).waitFor();
  });

  test('example partners carry a visible badge; Region Örebro län does not', async () => {
    const page = await openExplore('&q=region');
    const region = page.locator('.partner', { has: page.getByRole('heading', { name: 'Region Örebro län' }) });
    await region.waitFor();
    assert.equal(await region.getByText('Exempel', { exact: true }).count(), 0);
    const page2 = await openExplore('&sector=social-economy');
    const first = page2.locator('.partner').first();
    await first.getByText('Exempel', { exact: true }).waitFor();
  });

  test('empty results say what was searched and offer one-click ways out', async () => {
    const page = await openExplore('&q=zzzz&municipality=kumla');
    await page.getByText('Inga träffar för ”zzzz”.').waitFor();
    await page.getByRole('button', { name: 'Ta bort filtret Kumla' }).click();
    await page.getByText('Inga träffar för ”zzzz”.').waitFor();
    assert.doesNotMatch(page.url(), /municipality=/, 'the filter left the address');
    assert.match(page.url(), /q=zzzz/);
    // Still nothing found, but the removed filter is no longer offered…
    await page.getByRole('button', { name: 'Ta bort filtret Kumla' }).waitFor({ state: 'detached' });
    // …and the message follows the search text as the visitor types on.
    await page.getByRole('searchbox', { name: 'Sök' }).fill('zzzzq');
    await page.getByText('Inga träffar för ”zzzzq”.').waitFor();
    await page.getByRole('button', { name: 'Rensa sökningen ”zzzzq”' }).click();
    await count(page).filter({ hasText: `${ALL_RESULTS} träffar` }).waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Sök' }).inputValue(), '');
  });

  test('long result lists render in pages with "Visa fler"', async () => {
    const page = await openExplore();
    assert.equal(await page.locator('.results__list > li').count(), 30);
    await page.getByRole('button', { name: `Visa fler (30 av ${ALL_RESULTS} visas)` }).click();
    assert.equal(await page.locator('.results__list > li').count(), ALL_RESULTS);
    assert.equal(await page.getByRole('button', { name: /Visa fler/ }).count(), 0);
  });
});

describe('shareable state', () => {
  test('reload, back and forward restore the search and filters', async () => {
    const page = await openExplore();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('nätverk');
    await page.getByRole('checkbox', { name: /^Nätverk och mötesplatser/ }).check();
    await page.getByRole('checkbox', { name: /^Örebro \(/ }).check();
    const withBoth = page.url();
    assert.match(withBoth, /q=n%C3%A4tverk/);
    assert.match(withBoth, /tag=networks/);
    assert.match(withBoth, /municipality=orebro/);
    const shown = await count(page).textContent();

    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Sök' }).inputValue(), 'nätverk');
    assert.ok(await page.getByRole('checkbox', { name: /^Örebro \(/ }).isChecked());
    assert.equal(await count(page).textContent(), shown);

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('municipality'));
    assert.equal(await page.getByRole('checkbox', { name: /^Örebro \(/ }).isChecked(), false);
    assert.ok(await page.getByRole('checkbox', { name: /^Nätverk och mötesplatser/ }).isChecked());
    await page.goForward();
    await page.waitForURL((url) => url.search.includes('municipality=orebro'));
    assert.ok(await page.getByRole('checkbox', { name: /^Örebro \(/ }).isChecked());

    // A shared link opens the same state in a fresh browser context.
    const fresh = await openPage(app.browser, withBoth);
    await fresh.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await count(fresh).textContent(), shown);
  });

  test('the navigation links move between views and back returns', async () => {
    const page = await openPage(app.browser, app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sök och filtrera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new heading');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Handlingsplan för civilsamhälle och social ekonomi' }).waitFor();
    await page.getByRole('link', { name: 'Visa insatsområde 2 med dess organisationer' }).click();
    await page.getByRole('heading', { level: 1, name: /Skapa långsiktiga förutsättningar/ }).waitFor();
    assert.match(page.url(), /view=focus-area&id=fa-2/);
  });
});

describe('keyboard and accessibility', () => {
  test('search and filters work with the keyboard alone', async () => {
    const page = await openExplore();
    await page.getByRole('searchbox', { name: 'Sök' }).focus();
    await page.keyboard.type('statistik');
    await page.getByRole('heading', { level: 3, name: 'Arbeta för att det ska finnas tillgång till statistik' }).waitFor();
    // Tab to the first focus-area checkbox and tick it with Space.
    let guard = 0;
    while (!(await page.evaluate(() => document.activeElement?.id === 'facet-fa-fa-1')) && guard < 30) {
      await page.keyboard.press('Tab');
      guard += 1;
    }
    assert.ok(guard < 30, 'the first checkbox is reachable by Tab');
    await page.keyboard.press('Space');
    await page.waitForURL(/fa=fa-1/);
    assert.ok(await page.getByRole('checkbox', { name: /^1\. Öka förståelsen/ }).isChecked());
  });

  test('axe-core finds no violations with results, with filters, and when empty', async () => {
    for (const query of ['&q=n%C3%A4tverk', '&tag=procurement&sector=civil-society', '&q=zzzz']) {
      const page = await openExplore(query);
      assert.deepEqual(await axeViolations(page), [], query);
    }
  });

  test('on a phone the filters fold into a panel that opens and passes axe-core', async () => {
    const page = await openExplore('', { width: 360, height: 800 });
    const toggle = page.getByRole('button', { name: 'Visa filter' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('checkbox', { name: /^Kumla/ }).isVisible(), false);
    await toggle.click();
    assert.equal(await page.getByRole('button', { name: 'Dölj filter' }).getAttribute('aria-expanded'), 'true');
    await page.getByRole('checkbox', { name: /^Kumla/ }).check();
    await page.getByRole('button', { name: /Dölj filter \(1 valda\)/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
  });

  for (const lang of ['en', 'de']) {
    test(`axe-core finds no violations in ${lang} with filters open`, async () => {
      const page = await openExplore(`&lang=${lang}&fa=fa-2&q=a`);
      assert.deepEqual(await axeViolations(page), []);
    });
  }
});

describe('the partner directory loads after the first paint', () => {
  test('the plan shows while partners.json is held back; the explore view says it is loading until it comes', async () => {
    const page = await openPage(app.browser);
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    let asked;
    const askedFor = new Promise((resolve) => {
      asked = resolve;
    });
    await page.route('**/data/partners.json', async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await page.goto(app.url);
    // The plan does not wait for the directory, which is asked for once the browser is idle.
    await page.getByRole('heading', { level: 1, name: PLAN.title.sv }).waitFor();
    await askedFor;
    await page.getByRole('link', { name: 'Sök och filtrera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    // It says what it is waiting for: the plan is already there.
    const loading = page.getByRole('status').filter({ hasText: 'Laddar organisationerna' });
    await loading.waitFor();
    assert.equal(await page.getByRole('searchbox').count(), 0, 'no search before the directory is in');
    assert.equal(await page.locator('main').getAttribute('aria-busy'), 'false', 'the page itself is in');
    release();
    await page.getByRole('searchbox', { name: 'Sök' }).waitFor();
    assert.equal(await loading.count(), 0);
    assert.equal(await page.locator('.results__list > li').count(), 30);
  });

  test('a broken partners.json leaves the plan readable; the views that need it say so and retry', async () => {
    const page = await openPage(app.browser, null, {
      expectHttpErrors: [{ url: /\/data\/partners\.json$/, status: 500 }],
    });
    await page.route('**/data/partners.json', (route) => route.fulfill({ status: 500, body: 'Oops' }));
    await page.goto(`${app.url}?view=focus-area&id=fa-2`);
    await page.getByRole('heading', { level: 1, name: new RegExp(PLAN.focus_areas[1].title.sv) }).waitFor();
    // The activities come from the plan; the organisations' part explains the problem.
    const activity = PLAN.activities.find((a) => a.focus_area === 'fa-2');
    await page.getByText(activity.text.sv, { exact: true }).waitFor();
    await page.getByRole('alert').getByText(/data\/partners\.json/).waitFor();
    // The view keeps its one h1; the problem is a part of it, under a heading of its own.
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    await page.getByRole('heading', { level: 2, name: 'Organisationerna kunde inte visas' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.unroute('**/data/partners.json');
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await page.locator('.partner-list .partner').first().waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
  });
});
