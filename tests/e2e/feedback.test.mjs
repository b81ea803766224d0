// "Hjälpte informationen dig?" end to end: the widget in Chromium, the real
// collector behind /api/, and the offline queue.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { COLLECTOR_TOKEN, axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp({ collector: true });

/** Every stored answer, read from the collector's CSV export (one line per row). */
async function storedRows() {
  const response = await fetch(`${app.url}api/feedback/export.csv`, {
    headers: { Authorization: `Bearer ${COLLECTOR_TOKEN}` },
  });
  assert.equal(response.status, 200, 'export answers with the token');
  const lines = (await response.text()).trim().split(/\r?\n/);
  return lines.slice(1); // without the header
}

async function waitForRows(count, { timeout = 30_000 } = {}) {
  const started = Date.now();
  let rows = await storedRows();
  while (rows.length < count && Date.now() - started < timeout) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await storedRows();
  }
  return rows;
}

async function openView(path) {
  const page = await openPage(app.browser, app.url + path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return page;
}

describe('the feedback widget', () => {
  test('Ja thanks the visitor, moves focus to the thanks, and stores exactly one row', async () => {
    const before = (await storedRows()).length;
    const page = await openView('');
    const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
    await widget.getByRole('button', { name: 'Ja' }).click();
    const thanks = widget.getByRole('status').filter({ hasText: 'Tack för ditt svar!' });
    await thanks.waitFor();
    assert.ok(await thanks.evaluate((el) => el === document.activeElement), 'focus is on the thanks');
    assert.equal(await widget.getByRole('button', { name: 'Ja' }).getAttribute('aria-pressed'), 'true');
    const rows = await waitForRows(before + 1);
    assert.equal(rows.length, before + 1);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await storedRows()).length, before + 1, 'no second row arrives later');
    assert.match(rows.at(-1), /plan,yes/);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('Nej with a comment stores the comment, and the form is accessible', async () => {
    const page = await openView('?view=focus-area&id=fa-3');
    const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
    await widget.getByRole('button', { name: 'Nej' }).click();
    const field = widget.getByRole('textbox', { name: 'Vad saknade du? (valfritt)' });
    await field.waitFor();
    assert.ok(await field.evaluate((el) => el === document.activeElement), 'focus moves to the comment field');
    await widget.getByText(/Det du skickar kan bli en allmän handling/).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    // A comment written faster than a person can is not counted: wait like a person.
    await field.fill('Jag saknar kontaktuppgifter till nätverken.');
    await widget.getByText('43 av 1000 tecken').waitFor();
    await new Promise((r) => setTimeout(r, 2200));
    await widget.getByRole('button', { name: 'Skicka' }).click();
    await widget.getByText('Tack för ditt svar!').waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const response = await fetch(`${app.url}api/feedback/comments`, {
      headers: { Authorization: `Bearer ${COLLECTOR_TOKEN}` },
    });
    let comments = await response.json();
    for (let i = 0; i < 40 && !comments.some((c) => c.comment?.includes('kontaktuppgifter')); i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      comments = await (await fetch(`${app.url}api/feedback/comments`, { headers: { Authorization: `Bearer ${COLLECTOR_TOKEN}` } })).json();
    }
    const stored = comments.find((c) => c.comment === 'Jag saknar kontaktuppgifter till nätverken.');
    assert.ok(stored, `comment stored: ${JSON.stringify(comments)}`);
    assert.equal(stored.content_id, 'fa-3');
    assert.equal(stored.answer, 'no');
  });

  test('the comment field enforces 1,000 characters', async () => {
    const page = await openView('?view=explore&lang=en');
    const widget = page.getByRole('region', { name: 'Did the information help you?' });
    await widget.getByRole('button', { name: 'No' }).click();
    const field = widget.getByRole('textbox', { name: 'What was missing? (optional)' });
    await field.fill('x'.repeat(1200));
    assert.equal((await field.inputValue()).length, 1000);
    await widget.getByText('1000 of 1000 characters').waitFor();
    await widget.getByRole('button', { name: 'Skip' }).click();
    await widget.getByText('Thank you for your answer!').waitFor();
  });

  test('answers given while the collector is unreachable survive a reload and arrive exactly once', async () => {
    const before = (await storedRows()).length;
    const page = await openPage(app.browser);
    // The network to the collector is cut: every request to it fails.
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    for (const path of ['', '?view=focus-area&id=fa-1', '?view=explore']) {
      await page.goto(app.url + path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
      await widget.getByRole('button', { name: 'Ja' }).click();
      await widget.getByText('Tack för ditt svar!').waitFor();
    }
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('plan-explorer.feedback-queue')).entries.length);
    assert.equal(queued, 3, 'three answers wait in localStorage');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.equal((await storedRows()).length, before, 'nothing arrived while cut off');

    // The network comes back.
    await page.unroute('**/api/**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const rows = await waitForRows(before + 3);
    assert.equal(rows.length, before + 3);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await storedRows()).length, before + 3, 'exactly three rows, no duplicates');
    const left = await page.evaluate(() => JSON.parse(localStorage.getItem('plan-explorer.feedback-queue')).entries.length);
    assert.equal(left, 0, 'the queue is empty once the collector confirmed');
  });
});

describe('the staff view', () => {
  test('shows a chart with a table, and comments only with the token', async () => {
    // An answer of its own, so this test does not depend on the others.
    const answer = {
      id: crypto.randomUUID(),
      content_id: 'fa-4',
      answer: 'no',
      comment: 'Mer om internationella projekt, tack.',
      lang: 'sv',
      mode: 'standalone',
      app_version: 'e2e',
      created_at: new Date().toISOString(),
      elapsed_ms: 5000,
      website: '',
    };
    const posted = await fetch(`${app.url}api/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
    assert.equal(posted.status, 201, await posted.text());
    const page = await openView('?view=results');
    await page.getByRole('heading', { level: 1, name: 'Svar på ”Hjälpte informationen dig?”' }).waitFor();
    const table = page.getByRole('table', { name: 'Svar per vy' });
    await table.waitFor();
    await table.getByRole('rowheader', { name: /^4\. Bidra till ett stärkt erfarenhetsutbyte/ }).waitFor();
    assert.equal(await page.getByRole('img', { name: /Stapeldiagram/ }).count(), 1);
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Åtkomstnyckel').fill('wrong');
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    await page.getByText('Åtkomstnyckeln stämmer inte. Kontrollera den och försök igen.').waitFor();

    await page.getByLabel('Åtkomstnyckel').fill(COLLECTOR_TOKEN);
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    await page.getByText('Mer om internationella projekt, tack.').waitFor();
    await page.getByRole('link', { name: 'Ladda ner alla svar som CSV' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });
});
