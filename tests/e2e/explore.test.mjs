// Search and filters over the plan and the partner directory, in Chromium.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp();

async function openExplore(query = '', options) {
  const page = await openPage(app.browser, `${app.url}?view=explore${query}`, options);
  await page.getByRole('heading', { level: 1, name: /Sök och filtrera|Search and filter|Suchen und filtern/ }).waitFor();
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
    const marks = page.locator('.results__list mark');
    assert.ok((await marks.count()) > 0, 'matches are marked');
    assert.match((await marks.first().textContent()).toLowerCase(), /nätverk/);
    // The address follows once typing pauses.
    await page.waitForURL(/q=n%C3%A4tverket/);
  });

  test('updates on every keystroke and matches prefixes as the user types', async () => {
    const page = await openExplore();
    // Count address writes: typing should not write one per letter.
    await page.evaluate(() => {
      window.addressWrites = 0;
      const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => {
        window.addressWrites += 1;
        return replace(...args);
      };
    });
    const search = page.getByRole('searchbox', { name: 'Sök' });
    await search.pressSequentially('upphandl');
    await page.getByRole('heading', { level: 3, name: 'Öka kunskapen om upphandling och annan samverkan' }).waitFor();
    await page.getByRole('heading', { level: 3, name: /Öka upphandlingen av produkter/ }).waitFor();
    await page.waitForURL(/q=upphandl$/);
    const writes = await page.evaluate(() => window.addressWrites);
    assert.ok(writes >= 1 && writes < 4, `8 letters typed, ${writes} address writes`);
  });

  test('a query typed without å, ä and ö still finds Örebro', async () => {
    const page = await openExplore();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('orebro');
    await page.locator('.results__list mark', { hasText: 'Örebro' }).first().waitFor();
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
    const total = Number((await count(page).textContent()).match(/\d+/)[0]);
    assert.equal(total, 4 + 12 + 40);
    const kumla = page.getByRole('checkbox', { name: /^Kumla \(\d+\)$/ });
    const kumlaCount = Number((await page.locator('label[for="facet-municipality-kumla"]').textContent()).match(/\((\d+)\)/)[1]);
    await kumla.check();
    await count(page).filter({ hasText: new RegExp(`^${kumlaCount} träff`) }).waitFor();
    const nora = page.getByRole('checkbox', { name: /^Nora \(\d+\)$/ });
    const noraCount = Number((await page.locator('label[for="facet-municipality-nora"]').textContent()).match(/\((\d+)\)/)[1]);
    await nora.check();
    await count(page).filter({ hasText: new RegExp(`^${kumlaCount + noraCount} träff`) }).waitFor();
    // AND across facets: the sector's count already says what choosing it gives.
    const civil = page.locator('label[for="facet-sector-civil-society"]');
    const civilCount = Number((await civil.textContent()).match(/\((\d+)/)[1]);
    await page.getByRole('checkbox', { name: /^Civilsamhälle/ }).check();
    await count(page).filter({ hasText: new RegExp(`^${civilCount} träff`) }).waitFor();
    assert.ok(civilCount <= kumlaCount + noraCount);
    // Every partner shown is in Kumla or Nora.
    const metas = await page.locator('.partner__meta').allTextContents();
    assert.ok(metas.length > 0 && metas.every((m) => /Kumla|Nora/.test(m) && /Civilsamhälle/.test(m)), metas.join('\n'));
    // A choice that would give nothing stays visible, marked as empty.
    await page.getByText(/\(0, inga träffar\)/).first().waitFor();

    await page.getByRole('button', { name: 'Rensa sökning och filter' }).click();
    await count(page).filter({ hasText: `${total} träffar` }).waitFor();
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
    // Still nothing found, but the removed filter is no longer offered…
    await page.getByRole('button', { name: 'Ta bort filtret Kumla' }).waitFor({ state: 'detached' });
    // …and the message follows the search text as the visitor types on.
    await page.getByRole('searchbox', { name: 'Sök' }).fill('zzzzq');
    await page.getByText('Inga träffar för ”zzzzq”.').waitFor();
    await page.getByRole('button', { name: 'Rensa sökningen ”zzzzq”' }).click();
    await count(page).filter({ hasText: '56 träffar' }).waitFor();
  });

  test('long result lists render in pages with "Visa fler"', async () => {
    const page = await openExplore();
    assert.equal(await page.locator('.results__list > li').count(), 30);
    await page.getByRole('button', { name: /Visa fler \(30 av 56 visas\)/ }).click();
    assert.equal(await page.locator('.results__list > li').count(), 56);
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
