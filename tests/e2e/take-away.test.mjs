// "Ta med listan" (issue #13): an explore result printed, downloaded as CSV, or as a link; in
// a kiosk, a QR code of the list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN, ROOT, axeViolations, openPage, useApp } from './harness.mjs';

const PARTNERS_FILE = JSON.parse(readFileSync(join(ROOT, 'public/data/partners.json'), 'utf8'));
const ALL_RESULTS = PLAN.focus_areas.length + PLAN.activities.length + PARTNERS_FILE.partners.length;
/** Results drawn at first on screen (src/pages/explore_page.rs, PAGE_SIZE). */
const PAGE_SIZE = 30;

const app = useApp();

async function openExplore(query = '', options) {
  const page = await openPage(app.browser, `${app.url}?view=explore${query}`, options);
  await page.getByRole('searchbox').waitFor();
  return page;
}

const resultsList = (page) => page.getByRole('region', { name: /Resultat|Results/ }).getByRole('listitem');

/** Cells of a CSV file as RFC 4180 reads them, with `delimiter`. */
function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

async function downloadCsv(page, name = 'Ladda ner som CSV') {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('print', () => {
  test('on paper every result is there, and no navigation, filters, buttons or feedback', async () => {
    const page = await openExplore();
    assert.equal(await page.locator('.results__list > li').count(), PAGE_SIZE, 'one page on screen');
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction((all) => document.querySelectorAll('.results__list > li').length === all, ALL_RESULTS);
    for (const hidden of [
      page.getByRole('navigation', { name: 'Huvudmeny' }),
      page.getByRole('searchbox'),
      page.getByRole('group', { name: 'Ta med listan' }),
      page.getByRole('heading', { name: 'Hjälpte informationen dig?' }),
      page.getByRole('button', { name: /Visa fler/ }),
    ]) {
      assert.equal(await hidden.isVisible(), false, `${hidden} is left off the paper`);
    }
    assert.equal(await page.locator('.facets').isVisible(), false, 'the filters are left off the paper');
    await page.emulateMedia({ media: 'screen' });
    await page.waitForFunction((size) => document.querySelectorAll('.results__list > li').length === size, PAGE_SIZE);
  });

  test('a filtered list says on paper what it is', async () => {
    const page = await openExplore('&municipality=kumla&q=n%C3%A4tverk');
    await page.emulateMedia({ media: 'print' });
    const criteria = page.locator('.results__criteria');
    await criteria.waitFor();
    assert.equal(await criteria.textContent(), 'Sök: nätverk · Kommun: Kumla');
  });

  test('the print button asks the browser to print, with every result drawn first', async () => {
    const page = await openExplore();
    await page.evaluate(() => {
      window.printedWith = null;
      window.print = () => {
        window.printedWith = document.querySelectorAll('.results__list > li').length;
      };
    });
    await page.getByRole('button', { name: 'Skriv ut' }).click();
    await page.waitForFunction(() => window.printedWith !== null);
    assert.equal(await page.evaluate(() => window.printedWith), ALL_RESULTS);
    await page.waitForFunction((size) => document.querySelectorAll('.results__list > li').length === size, PAGE_SIZE);
  });
});

describe('CSV', () => {
  test('the same rows as the results, with a BOM, in a Swedish spreadsheet’s delimiter', async () => {
    const page = await openExplore('&sector=civil-society');
    const status = page.getByRole('status').filter({ hasText: /träff/ });
    const shown = Number((await status.textContent()).match(/\d+/)[0]);
    const { name, text } = await downloadCsv(page);
    assert.equal(name, 'handlingsplan-lista.csv');
    assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a byte order mark');
    const rows = parseCsv(text.slice(1), ';');
    assert.deepEqual(rows[0], ['Typ', 'Namn', 'Insatsområden', 'Sektor', 'Kommun', 'Ämnen', 'Webbplats', 'Kontakt', 'Exempel', 'Beskrivning']);
    assert.equal(rows.length - 1, shown);
    assert.ok(rows.slice(1).every((row) => row.length === 10 && row[3] === 'Civilsamhälle'), 'every row is a civil-society organisation');
    const firstOnPage = await resultsList(page).first().getByRole('heading').textContent();
    assert.equal(rows[1][1], firstOnPage.trim());
  });

  test('in English: a comma between cells and English headers', async () => {
    const page = await openExplore('&lang=en');
    const { name, text } = await downloadCsv(page, 'Download as CSV');
    assert.equal(name, 'action-plan-list.csv');
    const rows = parseCsv(text.slice(1), ',');
    assert.equal(rows[0][0], 'Type');
    assert.equal(rows.length - 1, ALL_RESULTS);
  });

  test('a formula in the data is text in the file', async () => {
    const page = await openPage(app.browser);
    const hostile = structuredClone(PARTNERS_FILE);
    hostile.partners[0].name = '=HYPERLINK("http://evil.example";"klicka")';
    hostile.partners[0].description.sv = '+SUM(1;2)\n@cmd, =1+1';
    await page.route(`${app.url}data/partners.json`, (route) => route.fulfill({ json: hostile }));
    await page.goto(`${app.url}?view=explore`);
    await page.getByRole('searchbox').waitFor();
    const { text } = await downloadCsv(page);
    for (const delimiter of [';', ',']) {
      for (const cell of parseCsv(text.slice(1), delimiter).flat()) {
        assert.ok(!/^[=+\-@\t\r]/.test(cell), `no formula cell (read with "${delimiter}"): ${JSON.stringify(cell)}`);
      }
    }
    assert.ok(parseCsv(text.slice(1), ';').some((row) => row[1] === '\'=HYPERLINK("http://evil.example";"klicka")'));
  });
});

describe('link', () => {
  test('"Kopiera länk" copies the list’s address and says so', async () => {
    const page = await openExplore('&municipality=kumla');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
    await page.getByRole('button', { name: 'Kopiera länk' }).click();
    await page.getByRole('status').filter({ hasText: 'Länken är kopierad.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${app.url}?view=explore&municipality=kumla&lang=sv`);
  });

  test('where the clipboard refuses, the address is there to copy by hand, and axe-core is content', async () => {
    const page = await openExplore('&q=statistik');
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.getByRole('button', { name: 'Kopiera länk' }).click();
    await page.getByRole('status').filter({ hasText: 'Länken kunde inte kopieras' }).waitFor();
    const field = page.getByRole('textbox', { name: 'Länk till listan' });
    assert.equal(await field.inputValue(), `${app.url}?view=explore&q=statistik&lang=sv`);
    await page.waitForFunction(() => document.activeElement?.id === 'take-away-link');
    const selected = await page.evaluate(() => {
      const input = document.activeElement;
      return [input.selectionStart, input.selectionEnd, input.value.length];
    });
    assert.deepEqual(selected.slice(0, 2), [0, selected[2]], 'the whole address is selected');
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('kiosk', () => {
  test('a QR code of the list to take on one’s phone, and no print or download', async () => {
    const page = await openPage(app.browser, `${app.url}?mode=kiosk&view=explore&municipality=kumla`, {
      width: 1080,
      height: 1920,
      hasTouch: true,
    });
    await page.getByRole('button', { name: 'Tryck för att börja' }).tap();
    await page.getByRole('searchbox').waitFor();
    const qr = page.getByRole('img', { name: /^QR-kod till / });
    await page.getByText('Ta med listan i mobilen').waitFor();
    assert.ok((await qr.count()) >= 1);
    assert.equal(await page.getByRole('button', { name: 'Skriv ut' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Ladda ner som CSV' }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
  });
});
