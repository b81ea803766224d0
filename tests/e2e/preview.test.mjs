// The editors' preview (issue #13): picked or dropped data files checked in the browser
// with the validator, every problem with file, JSON path and a Swedish message; a partner
// list from Excel comes back as partners.json. Nothing is sent anywhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp();
const PLAN_TEXT = readFileSync(join(ROOT, 'public/data/plan.json'), 'utf8');
const PARTNERS_TEXT = readFileSync(join(ROOT, 'public/data/partners.json'), 'utf8');

const file = (name, text, mimeType = 'application/json') => ({ name, mimeType, buffer: Buffer.from(text, 'utf8') });

async function openPreview(path = '', picker = 'Välj filer') {
  const page = await openPage(app.browser, `${app.url}?view=preview${path}`);
  await page.getByLabel(picker).waitFor();
  // Nothing the preview reads leaves the browser.
  page.on('request', (request) => {
    if (request.method() !== 'GET') page.errors.push(`the preview sent ${request.method()} ${request.url()}`);
  });
  return page;
}

/** The problems table as rows of [file, path, message]. */
async function problems(page) {
  const rows = page.getByRole('table', { name: 'Fel i filerna' }).locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
}

describe("the editors' preview", () => {
  test('reached from the staff view; valid files say so; axe-core is content', async () => {
    const page = await openPage(app.browser, `${app.url}?view=results`);
    await page.getByRole('link', { name: 'Förhandsgranska datafiler' }).click();
    await page.getByRole('heading', { level: 1, name: 'Förhandsgranska data' }).waitFor();
    await page.getByLabel('Välj filer').setInputFiles([file('plan.json', PLAN_TEXT), file('partners.json', PARTNERS_TEXT)]);
    await page.getByRole('status').filter({ hasText: 'Inga fel i plan.json, partners.json.' }).waitFor();
    assert.equal(await page.getByRole('table').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('broken JSON is placed by line and column, in Swedish', async () => {
    const page = await openPreview();
    await page.getByLabel('Välj filer').setInputFiles([file('plan.json', '{\n  "format_version": 1,,\n}')]);
    await page.getByRole('status').filter({ hasText: 'Fel i plan.json: 1.' }).waitFor();
    const [[name, path, message]] = await problems(page);
    assert.equal(name, 'plan.json');
    assert.equal(path, '$');
    assert.match(message, /^filen är inte giltig JSON: .* på rad 2 kolumn \d+$/);
  });

  test('a wrong field is named by its JSON path', async () => {
    const page = await openPreview();
    const plan = JSON.parse(PLAN_TEXT);
    plan.focus_areas[1].titel = 'stavfel';
    plan.activities[0].focus_area = 'fa-9';
    await page.getByLabel('Välj filer').setInputFiles([file('plan.json', JSON.stringify(plan))]);
    await page.getByRole('status').filter({ hasText: /Fel i plan\.json/ }).waitFor();
    const rows = await problems(page);
    assert.ok(rows.some(([, path, message]) => path === '$.focus_areas[1].titel' && message.startsWith('okänt fält')), JSON.stringify(rows));
    assert.ok(rows.some(([, path, message]) => path === '$.activities[0].focus_area' && message.includes('hänvisar till insatsområdet "fa-9"')), JSON.stringify(rows));
  });

  test('hostile strings in a file are shown as text and never run', async () => {
    const page = await openPreview();
    const partners = JSON.parse(PARTNERS_TEXT);
    partners.partners[0].sector = '<img src=x onerror="window.__pwned=1">';
    await page.getByLabel('Välj filer').setInputFiles([file('<script>window.__pwned=2</script>.json', '{}'), file('partners.json', JSON.stringify(partners))]);
    await page.getByRole('status').filter({ hasText: /Fel i/ }).waitFor();
    const rows = await problems(page);
    assert.ok(rows.some(([name]) => name === '<script>window.__pwned=2</script>.json'), JSON.stringify(rows));
    // The value as the validator quotes it: as text, its quotes escaped.
    assert.ok(rows.some(([, , message]) => message.includes('"<img src=x onerror=\\"window.__pwned=1\\">"')), JSON.stringify(rows));
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main img, main script').count(), 0);
  });

  test('a CSV list with a wrong column says which; a good one is offered as partners.json', async () => {
    const page = await openPreview();
    await page.getByLabel('Välj filer').setInputFiles([file('lista.csv', 'id;namn;sektor;kommun;telefon\n', 'text/csv')]);
    await page.getByRole('status').filter({ hasText: 'Fel i lista.csv: 1.' }).waitFor();
    const [[name, path, message]] = await problems(page);
    assert.deepEqual([name, path], ['lista.csv', 'rad 1, kolumn 5']);
    assert.match(message, /^"telefon" är ingen kolumn i organisationslistan; använd: id, namn/);

    const good = '\uFEFFid;namn;exempel;sektor;kommun;beskrivning_sv\nny-forening;Ny förening;ja;Civilsamhälle;Kumla;En påhittad förening.\n';
    await page.getByLabel('Välj filer').setInputFiles([file('lista.csv', good, 'text/csv')]);
    await page.getByRole('status').filter({ hasText: 'Inga fel i lista.csv.' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner partners.json' }).click()]);
    assert.equal(download.suggestedFilename(), 'partners.json');
    const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(json.partners.map((p) => [p.id, p.sector, p.municipality, p.example]), [['ny-forening', 'civil-society', 'kumla', true]]);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('files can be dropped on the picker', async () => {
    const page = await openPreview();
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'config.json', { type: 'application/json' }));
      return data;
    }, '{"kiosk": {"idle_reset_seconds": 5}}');
    await page.locator('.preview__drop').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByRole('status').filter({ hasText: 'Fel i config.json: 1.' }).waitFor();
    const [[, path, message]] = await problems(page);
    assert.equal(path, '$.kiosk.idle_reset_seconds');
    assert.equal(message, 'är 5; ange ett antal sekunder från 10 till 3600');
  });

  test('in English the page speaks English; the problems stay in Swedish for the editors', async () => {
    const page = await openPreview('&lang=en', 'Choose files');
    await page.getByRole('heading', { level: 1, name: 'Preview data' }).waitFor();
    await page.getByLabel('Choose files').setInputFiles([file('plan.json', '[]')]);
    await page.getByRole('status').filter({ hasText: 'Problems in plan.json: 1.' }).waitFor();
    const rows = await page.getByRole('table', { name: 'Problems in the files' }).locator('tbody tr td').allTextContents();
    assert.match(rows[2], /^värdet har fel typ/);
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('the app on the picked files', () => {
  test('valid files run the whole app as a marked preview, through links and reloads, until it ends', async () => {
    const page = await openPreview();
    const plan = JSON.parse(PLAN_TEXT);
    plan.goal.sv = 'Ett mål som bara finns i förhandsgranskningen.';
    await page.getByLabel('Välj filer').setInputFiles([file('plan.json', JSON.stringify(plan))]);
    await page.getByRole('status').filter({ hasText: 'Inga fel i plan.json.' }).waitFor();
    await page.getByRole('button', { name: 'Visa appen med de här filerna' }).click();
    const banner = page.getByRole('region', { name: 'Förhandsgranskning:' });
    await banner.waitFor();
    await page.getByText(plan.goal.sv, { exact: true }).waitFor();
    assert.equal(await page.getByText(JSON.parse(PLAN_TEXT).goal.sv, { exact: true }).count(), 0, 'not the published goal');
    assert.deepEqual(await axeViolations(page), []);
    // Nothing is sent: no feedback question in a preview.
    assert.equal(await page.getByRole('heading', { name: 'Hjälpte informationen dig?' }).count(), 0);
    // Other views and a reload stay in the preview.
    await page.getByRole('link', { name: 'Sök och filtrera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sök och filtrera' }).waitFor();
    await banner.waitFor();
    await page.reload();
    await banner.waitFor();
    // Back on the preview page while the preview runs, new files are checked against the
    // published plan, not the previewed one.
    await page.goBack(); // to the plan, in the same page
    await page.goBack(); // to the preview page
    await page.getByRole('heading', { level: 1, name: 'Förhandsgranska data' }).waitFor();
    assert.equal(await banner.count(), 0, 'the staff views show the published files');
    await page.goForward();
    await banner.waitFor();
    // Ending it goes back to the preview page; the app shows the published files again.
    await page.getByRole('button', { name: 'Avsluta förhandsgranskningen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Förhandsgranska data' }).waitFor();
    await page.goto(app.url);
    await page.getByText(JSON.parse(PLAN_TEXT).goal.sv, { exact: true }).waitFor();
    assert.equal(await banner.count(), 0);
  });

  test('files with problems offer no preview of the app', async () => {
    const page = await openPreview();
    await page.getByLabel('Välj filer').setInputFiles([file('plan.json', '{')]);
    await page.getByRole('status').filter({ hasText: 'Fel i plan.json: 1.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Visa appen med de här filerna' }).count(), 0);
  });

  test('preview files changed by hand in the tab end the preview instead of showing unchecked data', async () => {
    const page = await openPage(app.browser, app.url);
    await page.evaluate(() => sessionStorage.setItem('plan-explorer.preview', '{"plan": 5, "evil": "<script>"}'));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: JSON.parse(PLAN_TEXT).title.sv }).waitFor();
    await page.getByText(JSON.parse(PLAN_TEXT).goal.sv, { exact: true }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Förhandsgranskning:' }).count(), 0);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('plan-explorer.preview')), null);
  });
});

describe('the preview with the keyboard alone', () => {
  test('the picker and the button that runs the app are reached with Tab and used with Enter', async () => {
    const page = await openPreview();
    const picker = page.getByLabel('Välj filer');
    for (let step = 0; step < 30 && !(await picker.evaluate((el) => el === document.activeElement)); step += 1) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await picker.evaluate((el) => el === document.activeElement), true, 'the picker takes focus');
    // A file dialog cannot be driven here; the files are given to the focused picker.
    await picker.setInputFiles([file('plan.json', PLAN_TEXT)]);
    const show = page.getByRole('button', { name: 'Visa appen med de här filerna' });
    await show.waitFor();
    for (let step = 0; step < 10 && !(await show.evaluate((el) => el === document.activeElement)); step += 1) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await show.evaluate((el) => el === document.activeElement), true, 'the button takes focus');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Förhandsgranskning:' }).waitFor();
  });
});
