// The overview ("Översikt"): the partnership in figures, each figure a way into the explore view.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN, ROOT, afterNextFrames, axeViolations, openPage, useApp } from './harness.mjs';

/** The bundled partner directory: the expected figures come from the data, not from the page. */
const DIRECTORY = JSON.parse(readFileSync(join(ROOT, 'public/data/partners.json'), 'utf8'));
const PARTNERS = DIRECTORY.partners;
const EXAMPLES = PARTNERS.filter((p) => p.example).length;

const app = useApp();

/** Opens the overview and waits for its figures (they come with the partner directory). */
async function openOverview(query = '', options) {
  const page = await openPage(app.browser, `${app.url}?view=overview${query}`, options);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: /Organisationer per kommun|Organisations by municipality/ }).waitFor();
  return page;
}

/** The explore view's result count, "N träffar". */
const resultCount = (page) => page.getByRole('status').filter({ hasText: /träff/ });

/** Waits for the explore view with `count` results and `checkbox` ticked. */
async function assertExplore(page, { url, count, checkboxes }) {
  await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
  await page.waitForURL(url);
  await resultCount(page).filter({ hasText: new RegExp(`^${count} träff`) }).waitFor();
  for (const name of checkboxes) {
    assert.ok(await page.getByRole('checkbox', { name }).isChecked(), `${name} is chosen`);
  }
}

const municipalityCount = (id) => PARTNERS.filter((p) => p.municipality === id).length;

describe('overview', () => {
  test('the main navigation leads to it, marked as the current view, with focus on its heading', async () => {
    const page = await openPage(app.browser, app.url);
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Översikt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partnerskapet i siffror' }).waitFor();
    await page.waitForURL(/\?view=overview$/);
    assert.equal(await nav.getByRole('link', { name: 'Översikt' }).getAttribute('aria-current'), 'page');
    assert.equal(await nav.getByRole('link', { name: 'Sök och filtrera' }).getAttribute('aria-current'), null);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new heading');
  });

  test('says how many example organisations the figures include', async () => {
    assert.ok(EXAMPLES > 0, 'the bundled data has example partners');
    const page = await openOverview();
    await page.getByText(`Siffrorna räknar med ${EXAMPLES} exempelorganisationer, märkta Exempel i katalogen.`).waitFor();
    await page.getByText(`Katalogen har ${PARTNERS.length} organisationer.`).waitFor();
    const english = await openOverview('&lang=en');
    await english.getByText(`The figures include ${EXAMPLES} example organisations, marked Example in the directory.`).waitFor();
  });

  test('a municipality tile opens the explore view filtered by that municipality', async () => {
    const page = await openOverview();
    const count = municipalityCount('orebro');
    const tile = page.getByRole('link', { name: `Örebro: ${count} organisationer` });
    assert.match(await tile.getAttribute('href'), /^\?view=explore&municipality=orebro$/);
    await tile.click();
    await assertExplore(page, { url: /\?view=explore&municipality=orebro$/, count, checkboxes: [/^Örebro/] });
    // Back returns to the overview.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Partnerskapet i siffror' }).waitFor();
  });

  test('choosing another language redraws the figures in it, and their links keep it', async () => {
    const page = await openOverview();
    await page.getByRole('button', { name: 'English' }).click();
    const count = municipalityCount('orebro');
    const tile = page.getByRole('link', { name: `Örebro: ${count} organisations` });
    await tile.waitFor();
    assert.match(await tile.getAttribute('href'), /municipality=orebro.*lang=en/);
    await page.getByRole('heading', { level: 2, name: 'Organisations by sector' }).waitFor();
  });

  test('"Hela länet" has a tile of its own, and every municipality in the data has one', async () => {
    const page = await openOverview();
    for (const { id, label } of DIRECTORY.municipalities) {
      const count = municipalityCount(id);
      const name = count === 1 ? `${label.sv}: 1 organisation` : `${label.sv}: ${count} organisationer`;
      await page.locator('svg.tile-map').getByRole('link', { name, exact: true }).waitFor();
    }
  });

  test('a sector bar opens the explore view filtered by that sector', async () => {
    const page = await openOverview();
    const count = PARTNERS.filter((p) => p.sector === 'civil-society').length;
    await page.getByRole('link', { name: `Civilsamhälle: ${count} organisationer` }).click();
    await assertExplore(page, { url: /\?view=explore&sector=civil-society$/, count, checkboxes: [/^Civilsamhälle/] });
  });

  test('a matrix cell opens the explore view filtered by focus area and sector', async () => {
    const page = await openOverview();
    const count = PARTNERS.filter((p) => p.sector === 'social-economy' && p.focus_areas.includes('fa-3')).length;
    assert.ok(count > 0);
    const cell = page.getByRole('table').getByRole('link', { name: `Insatsområde 3, Social ekonomi: ${count} organisationer` });
    assert.equal(await cell.textContent(), String(count));
    await cell.click();
    await assertExplore(page, {
      url: /\?view=explore&fa=fa-3&sector=social-economy$/,
      count,
      checkboxes: [/^3\. Skapa, stärka/, /^Social ekonomi/],
    });
  });

  test('an activities bar opens the explore view filtered by that focus area', async () => {
    const page = await openOverview();
    const activities = PLAN.activities.filter((a) => a.focus_area === 'fa-2').length;
    await page.getByRole('link', { name: `Insatsområde 2: ${activities} aktiviteter` }).click();
    // The focus area itself, its activities and the partners working on it.
    const count = 1 + activities + PARTNERS.filter((p) => p.focus_areas.includes('fa-2')).length;
    await assertExplore(page, { url: /\?view=explore&fa=fa-2$/, count, checkboxes: [/^2\. Skapa långsiktiga/] });
  });

  test('every chart has a summary sentence and its numbers in a table', async () => {
    const page = await openOverview();
    await page.getByText('Civilsamhälle har flest organisationer:').waitFor();
    const tables = page.locator('details.overview__table');
    assert.equal(await tables.count(), 3, 'the map, the sector bars and the activity bars');
    await tables.first().locator('summary').click();
    const row = tables.first().getByRole('row', { name: /Örebro/ });
    assert.equal(await row.getByRole('cell').textContent(), String(municipalityCount('orebro')));
  });

  test('a tile can be reached with Tab and opened with Enter', async () => {
    const page = await openOverview();
    const count = municipalityCount('hallefors');
    const name = `Hällefors: ${count} organisationer`;
    let guard = 0;
    while (!(await page.evaluate((n) => document.activeElement?.getAttribute('aria-label') === n, name)) && guard < 40) {
      await page.keyboard.press('Tab');
      guard += 1;
    }
    assert.ok(guard < 40, 'the tile is reachable by Tab');
    // The focus shows: the tile turns yellow.
    const fill = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('rect')).fill);
    assert.equal(fill, 'rgb(255, 191, 0)');
    await page.keyboard.press('Enter');
    await assertExplore(page, { url: /municipality=hallefors$/, count, checkboxes: [/^Hällefors/] });
  });

  test('axe-core finds no violations, in Swedish and English, embedded, on a phone and in the kiosk', async () => {
    for (const query of ['', '&lang=en', '&mode=embedded']) {
      const page = await openOverview(query);
      await page.locator('details.overview__table summary').first().click();
      assert.deepEqual(await axeViolations(page), [], query);
    }
    const phone = await openOverview('', { width: 320, height: 700 });
    assert.deepEqual(await axeViolations(phone), [], 'at 320 px');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing is wider than the screen');

    const kiosk = await openPage(app.browser, `${app.url}?mode=kiosk&view=overview`, { width: 1080, height: 1920 });
    await kiosk.getByRole('button', { name: 'Tryck för att börja' }).click();
    await kiosk.getByRole('heading', { level: 2, name: 'Organisationer per kommun' }).waitFor();
    await afterNextFrames(kiosk);
    assert.deepEqual(await axeViolations(kiosk), [], 'kiosk');
    // Every figure is a target a finger can hit: at least 48×48 CSS px.
    const small = await kiosk.evaluate(() =>
      [...document.querySelectorAll('.overview a[href], .overview summary')]
        .map((element) => ({ name: element.getAttribute('aria-label') ?? element.textContent, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 48 || box.height < 48)
        .map(({ name, box }) => `${name} is ${box.width.toFixed(1)}×${box.height.toFixed(1)}`),
    );
    assert.deepEqual(small, [], 'kiosk targets');
  });
});
