// "Hjälpte informationen dig?" end to end: the widget in Chromium, the real
// collector behind /api/, and the offline queue.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COLLECTOR_TOKEN, axeViolations, openPage, useApp, afterNextFrames } from './harness.mjs';

const app = useApp();

/** The answers the collector counts per view (`{ yes, no }` by content id), from its public summary. */
async function countedViews() {
  const response = await fetch(`${app.url}api/feedback/summary`);
  assert.equal(response.status, 200, 'the summary answers');
  const { views } = await response.json();
  return Object.fromEntries(views.map((v) => [v.content_id, { yes: v.yes, no: v.no }]));
}

/** The answers the collector counts for one view. */
async function counted(contentId) {
  return (await countedViews())[contentId] ?? { yes: 0, no: 0 };
}

/** All answers the collector counts. */
async function countedInAll() {
  return Object.values(await countedViews()).reduce((sum, v) => sum + v.yes + v.no, 0);
}

/** Polls `read` until `done(value)` holds or `timeout` ms pass, and returns the last value. */
async function poll(read, done, { timeout = 30_000 } = {}) {
  const started = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - started < timeout) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/** The comments the staff endpoint lists, newest first (the first page is enough here). */
async function storedComments() {
  const response = await fetch(`${app.url}api/feedback/comments`, {
    headers: { Authorization: `Bearer ${COLLECTOR_TOKEN}` },
  });
  assert.equal(response.status, 200, 'comments answer with the token');
  return (await response.json()).comments;
}

async function openView(path) {
  const page = await openPage(app.browser, app.url + path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // The app moves focus and scrolls in the frame after a view appears: a click that starts
  // before it (a busy machine) goes down on one element and up on another.
  await afterNextFrames(page);
  return page;
}

describe('the feedback widget', () => {
  test('Ja thanks the visitor, moves focus to the thanks, and stores exactly one row', async () => {
    const before = await countedViews();
    const page = await openView('');
    const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
    await widget.getByRole('button', { name: 'Ja' }).click();
    const thanks = widget.getByRole('status').filter({ hasText: 'Tack för ditt svar!' });
    await thanks.waitFor();
    assert.ok(await thanks.evaluate((el) => el === document.activeElement), 'focus is on the thanks');
    assert.equal(await widget.getByRole('button', { name: 'Ja' }).getAttribute('aria-pressed'), 'true');
    const plan = before.plan ?? { yes: 0, no: 0 };
    const after = await poll(countedViews, (views) => views.plan?.yes > plan.yes);
    assert.deepEqual(after, { ...before, plan: { yes: plan.yes + 1, no: plan.no } }, 'one yes for the plan view, nothing else');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await countedViews(), after, 'no second row arrives later');
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

    const comments = await poll(storedComments, (list) => list.some((c) => c.comment?.includes('kontaktuppgifter')));
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
    const before = await countedInAll();
    const page = await openPage(app.browser, null, { expectFailedRequests: [/\/api\/feedback$/] });
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
    assert.equal(await countedInAll(), before, 'nothing arrived while cut off');

    // The network comes back.
    await page.unroute('**/api/**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    assert.equal(await poll(countedInAll, (n) => n >= before + 3), before + 3);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await countedInAll(), before + 3, 'exactly three rows, no duplicates');
    const left = await page.evaluate(() => JSON.parse(localStorage.getItem('plan-explorer.feedback-queue')).entries.length);
    assert.equal(left, 0, 'the queue is empty once the collector confirmed');
  });
});

describe('without working storage, answers are still sent exactly once', () => {
  const storages = {
    // Blocked storage (cookies blocked, some private modes): touching it throws.
    'a localStorage that throws on every access': () => {
      const denied = () => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      };
      Object.defineProperty(window, 'localStorage', { configurable: true, get: denied });
    },
    // A full storage: reading works, every write throws.
    'a full localStorage (setItem throws QuotaExceededError)': () => {
      Storage.prototype.setItem = function setItem(key) {
        throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError');
      };
    },
  };
  for (const [storage, breakStorage] of Object.entries(storages)) {
    test(`with ${storage}`, async () => {
      const before = await counted('fa-2');
      const page = await openPage(app.browser);
      const warnings = [];
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await page.addInitScript(breakStorage);
      await page.goto(`${app.url}?view=focus-area&id=fa-2`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // The page really has no working storage.
      const write = await page.evaluate(() => {
        try {
          localStorage.setItem('probe', '1');
          return 'written';
        } catch (error) {
          return error.name;
        }
      });
      assert.match(write, /^(SecurityError|QuotaExceededError)$/);

      const widget = page.getByRole('region', { name: 'Hjälpte informationen dig?' });
      await widget.getByRole('button', { name: 'Ja' }).click();
      await widget.getByRole('status').filter({ hasText: 'Tack för ditt svar!' }).waitFor();
      assert.equal(await widget.getByRole('button', { name: 'Ja' }).getAttribute('aria-pressed'), 'true');

      const after = await poll(() => counted('fa-2'), (now) => now.yes > before.yes, { timeout: 15_000 });
      assert.deepEqual(after, { yes: before.yes + 1, no: before.no }, 'the answer arrived');
      // A retry or a second round would show up within a few seconds.
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(await counted('fa-2'), after, 'exactly once, no second row later');
      // The move to memory is logged once, not on every change of the queue.
      assert.equal(warnings.filter((w) => /kept in memory/.test(w)).length, 1, warnings.join('\n'));
    });
  }
});

describe('the staff view', () => {
  /** Posts an answer with a comment straight to the API, as the widget would. */
  async function postComment(comment, { contentId = 'fa-4' } = {}) {
    const posted = await fetch(`${app.url}api/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        content_id: contentId,
        answer: 'no',
        comment,
        lang: 'sv',
        mode: 'standalone',
        app_version: 'e2e',
        created_at: new Date().toISOString(),
        elapsed_ms: 5000,
        website: '',
      }),
    });
    assert.equal(posted.status, 201, await posted.text());
  }

  test('shows a chart with a table, and comments only with the token', async () => {
    // An answer of its own, so this test does not depend on the others.
    await postComment('Mer om internationella projekt, tack.');
    const page = await openView('?view=results');
    await page.getByRole('heading', { level: 1, name: 'Svar på ”Hjälpte informationen dig?”' }).waitFor();
    const table = page.getByRole('table', { name: 'Svar per vy' });
    await table.waitFor();
    await table.getByRole('rowheader', { name: /^Insatsområde 4: Bidra till ett stärkt erfarenhetsutbyte/ }).waitFor();
    assert.equal(await page.getByRole('img', { name: /Stapeldiagram: andel Ja/ }).count(), 1);
    assert.deepEqual(await axeViolations(page), []);

    // A wrong token is refused, and that 401 is the one the test expects.
    page.expectHttpError({ status: 401, url: 'api/feedback/comments' });
    await page.getByLabel('Åtkomstnyckel').fill('wrong');
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    await page.getByText('Åtkomstnyckeln stämmer inte. Kontrollera den och försök igen.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ladda ner alla svar som CSV' }).count(), 0, 'no download without a token');

    await page.getByLabel('Åtkomstnyckel').fill(COLLECTOR_TOKEN);
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    await page.getByText('Mer om internationella projekt, tack.').waitFor();
    await page.getByRole('button', { name: 'Ladda ner alla svar som CSV' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });

  test('downloads the CSV through fetch and a Blob: a real file with BOM, header and rows', async () => {
    const marker = `CSV-test ${crypto.randomUUID()}`;
    await postComment(`${marker};=1+1`);
    const page = await openView('?view=results');
    await page.getByLabel('Åtkomstnyckel').fill(COLLECTOR_TOKEN);
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    const button = page.getByRole('button', { name: 'Ladda ner alla svar som CSV' });
    await button.waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.match(download.url(), /^blob:/, 'from a Blob, never a data: URL');
    assert.match(download.suggestedFilename(), /^feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(await download.failure(), null);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM first');
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(
      lines[0],
      'id,content_id,answer,comment,comment_dropped,lang,mode,app_version,created_at,received_at,replaces,elapsed_ms',
    );
    assert.equal(lines.at(-1), '', 'every record ends in CRLF');
    const row = lines.find((line) => line.includes(marker));
    assert.ok(row, `the new answer is in the file:\n${text}`);
    // Quoted (it holds a ;) and neutralised after the ;, for spreadsheets that split on ;:
    // a ' before the = that would start a formula in the next cell.
    assert.ok(row.includes(`,"${marker};'=1+1",`), row);
    assert.match(row, /^[0-9a-f-]{36},fa-4,no,/);
    assert.equal(await page.locator('a[href^="data:"]').count(), 0, 'no data: link left in the page');
  });

  test('reads comments page by page with "Visa fler"', async () => {
    // More than one page (50) of comments of its own; the oldest is on a later page.
    const marker = `Sida ${Date.now()}`;
    for (let i = 0; i < 55; i += 1) await postComment(`${marker} nr ${i}`);
    const page = await openView('?view=results');
    await page.getByLabel('Åtkomstnyckel').fill(COLLECTOR_TOKEN);
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    await page.getByText(`${marker} nr 54`, { exact: true }).waitFor();
    const comments = page.locator('li.comment');
    assert.equal(await comments.count(), 50, 'one page of 50');
    assert.equal(await page.getByText(`${marker} nr 0`, { exact: true }).count(), 0, 'the oldest is not on page one');

    const more = page.getByRole('button', { name: 'Visa fler' });
    await more.click();
    await page.getByText(`${marker} nr 0`, { exact: true }).waitFor();
    const shown = await comments.allInnerTexts();
    assert.ok(shown.length > 50, `more were added below: ${shown.length}`);
    assert.equal(new Set(shown).size, shown.length, 'no comment is shown twice');
    const ours = shown.filter((t) => t.includes(marker)).map((t) => Number(/nr (\d+)$/.exec(t.trim())[1]));
    assert.deepEqual(ours, [...Array(55).keys()].reverse(), 'every comment once, newest first');
    // Focus moves to the first comment that was added, so a keyboard user reads on from there.
    await page.waitForFunction(() => document.activeElement?.id === 'comment-50');
    // Keep loading until the collector has no more; then the button goes away.
    for (let i = 0; i < 20 && (await more.count()) > 0; i += 1) {
      await more.click();
      await page.waitForFunction(() => !document.querySelector('button[disabled]'));
    }
    assert.equal(await more.count(), 0, 'no button once every comment is shown');
    assert.deepEqual(await axeViolations(page), []);
  });
});

describe('the staff view, made readable (#13)', () => {
  /** Posts one answer straight to the API, as the widget would. */
  async function postAnswer({ contentId = 'plan', answer = 'yes', lang = 'sv', mode = 'standalone', comment } = {}) {
    const body = {
      id: crypto.randomUUID(),
      content_id: contentId,
      answer,
      lang,
      mode,
      app_version: 'e2e',
      created_at: new Date().toISOString(),
      website: '',
      ...(comment ? { comment, elapsed_ms: 5000 } : {}),
    };
    const posted = await fetch(`${app.url}api/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(posted.status, 201, await posted.text());
  }

  /** The collector's summary for a query string such as `lang=de`. */
  async function summaryFor(query) {
    const response = await fetch(`${app.url}api/feedback/summary?${query}`);
    assert.equal(response.status, 200, `summary?${query}`);
    return response.json();
  }

  /** The ISO 8601 week of a date, `2026-W49`, counted in UTC as the collector does. */
  function isoWeek(date) {
    const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
    const weekday = (day.getUTCDay() + 6) % 7; // 0 = Monday
    day.setUTCDate(day.getUTCDate() - weekday + 3); // that week's Thursday
    // Week 1 holds the year's first Thursday: count Thursdays from 1 January.
    const week = Math.ceil(((day - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
    return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
  }

  /** Applies the staff filter through the form, as a mouse user would. */
  async function applyFilter(page, { from = '', to = '', lang = '', mode = '' } = {}) {
    await page.getByLabel('Från och med datum').fill(from);
    await page.getByLabel('Till och med datum').fill(to);
    await page.getByLabel('Besökarens språk').selectOption(lang);
    await page.getByLabel('Visningsläge').selectOption(mode);
    await page.getByRole('button', { name: 'Visa urvalet' }).click();
  }

  /** The figures the page shows: the text summary's sentence, or "none". */
  async function shownSummary(page) {
    const summary = page.locator('#chart-summary');
    const none = page.getByText('Inga svar ännu.');
    await summary.or(none).first().waitFor();
    return (await none.count()) > 0 ? 'none' : summary.innerText();
  }

  test('the bars carry the views\' names, weeks are counted, and under 10 answers the share is flagged; keyboard only', async () => {
    // Answers of their own, in German and embedded, which no other test uses.
    const mine = { lang: 'de', mode: 'embedded' };
    for (let i = 0; i < 12; i += 1) await postAnswer({ ...mine, contentId: 'fa-1', answer: i < 10 ? 'yes' : 'no' });
    for (let i = 0; i < 3; i += 1) await postAnswer({ ...mine, contentId: 'explore', answer: 'no' });
    await postAnswer({ ...mine, contentId: 'accessibility' });
    await postAnswer({ ...mine, contentId: 'some-new-view' });

    const page = await openView('?view=results');
    await page.locator('#chart-summary').waitFor();
    // Keyboard only: from the language field (after the dates, whose parts each take a Tab)
    // to the button, choosing with the arrow keys.
    await page.getByLabel('Besökarens språk').focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown'); // Alla → Svenska → English → Deutsch
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filter-mode');
    for (let i = 0; i < 2; i += 1) await page.keyboard.press('ArrowDown'); // Alla → Fristående → Inbäddad
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Visa urvalet');
    await page.keyboard.press('Enter');
    await page.getByText('Svar i urvalet: 17. Vyer med svar: 4.').waitFor();

    // The bars' labels are the views' names, with the note where there are under 10 answers.
    const labels = await page.locator('svg[aria-labelledby="chart-caption"] text.chart__label').allTextContents();
    assert.deepEqual(
      labels.filter((l) => !/^\d+ \/ \d+$/.test(l)),
      [
        'Tillgänglighetsredogörelse (för få svar)',
        'Sök och filtrera (för få svar)',
        'Insatsområde 1',
        'some-new-view (för få svar)',
      ],
    );
    assert.ok(labels.includes('10 / 2') && labels.includes('0 / 3'), labels.join(' | '));
    const table = page.getByRole('table', { name: 'Svar per vy' });
    const row = (name) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    assert.equal(await row(/^Insatsområde 1: /).getByRole('cell').allInnerTexts().then((c) => c.join('|')), '10|2|83 %');
    assert.match((await row('Sök och filtrera').innerText()).replace(/\s+/g, ' '), /0 3 0 % Färre än 10 svar: andelen är inte tillförlitlig ännu\./);
    assert.equal(await row(/^Insatsområde 1: /).getByText('Färre än 10 svar').count(), 0, 'no note at 12 answers');

    // Answers per week: one week, this one, with all 17; the chart's numbers and the table agree.
    const week = isoWeek(new Date());
    const weeks = page.getByRole('table', { name: 'Svar per vecka' });
    assert.deepEqual(await weeks.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))), [
      [week, (await summaryFor('lang=de&mode=embedded')).weeks[0].monday, '17'],
    ]);
    await page.getByText('Veckor: 1. Svar: 17, som mest 17 på en vecka.').waitFor();
    const weekLabel = `v. ${Number(week.slice(-2))}`;
    assert.ok((await page.locator('svg[aria-labelledby="weeks-caption"] text').allTextContents()).includes(weekLabel), weekLabel);
    assert.equal(await page.getByRole('img', { name: /antal svar per vecka/ }).count(), 1);
    assert.deepEqual(await axeViolations(page), []);

    // The names and notes fit a 320 px phone without widening the page.
    await page.setViewportSize({ width: 320, height: 800 });
    await afterNextFrames(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the staff view is ${width} px wide at 320 px`);
  });

  test('each filter changes the figures, as the collector counts them', async () => {
    // Language and mode each pick a different set: en (2), kiosk (3), both (1).
    await postAnswer({ lang: 'en', mode: 'kiosk', contentId: 'fa-2' });
    await postAnswer({ lang: 'en', mode: 'standalone', contentId: 'fa-2' });
    await postAnswer({ lang: 'sv', mode: 'kiosk', contentId: 'fa-3' });
    await postAnswer({ lang: 'sv', mode: 'kiosk', contentId: 'fa-3', answer: 'no' });
    const page = await openView('?view=results');
    const all = await shownSummary(page);
    const figures = { all };
    const total = (s) => `Svar i urvalet: ${s.views.reduce((n, v) => n + v.yes + v.no, 0)}. Vyer med svar: ${s.views.length}.`;
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const [name, filter, query] of [
      ['lang', { lang: 'en' }, 'lang=en'],
      ['mode', { mode: 'kiosk' }, 'mode=kiosk'],
      ['both', { lang: 'en', mode: 'kiosk' }, 'lang=en&mode=kiosk'],
      ['today', { from: today, to: today, lang: 'en' }, `from=${today}&to=${today}&lang=en`],
    ]) {
      await applyFilter(page, filter);
      const expected = total(await summaryFor(query));
      await page.getByText(expected).waitFor();
      figures[name] = expected;
    }
    for (const name of ['lang', 'mode', 'both']) assert.notEqual(figures[name], all, `${name} changes the figures`);
    assert.notEqual(figures.lang, figures.both);
    assert.notEqual(figures.mode, figures.both);
    // A period with no answers: from tomorrow, or up to yesterday.
    await applyFilter(page, { from: tomorrow });
    await page.getByText('Inga svar ännu.').waitFor();
    assert.equal(await page.getByRole('table', { name: 'Svar per vecka' }).count(), 0);
    await applyFilter(page, { to: yesterday });
    await page.getByText('Inga svar ännu.').waitFor();
    // A period the wrong way round is refused in the view, before any request.
    await applyFilter(page, { from: tomorrow, to: yesterday });
    await page.getByRole('alert').filter({ hasText: 'Kontrollera datumen' }).waitFor();
    await applyFilter(page, {});
    await page.getByText(all).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('comments carry dates in the reader\'s language, follow the filter and page within it', async () => {
    const marker = `Kiosk ${Date.now()}`;
    for (let i = 0; i < 52; i += 1) await postAnswer({ lang: 'de', mode: 'kiosk', answer: 'no', comment: `${marker} nr ${i}` });
    await postAnswer({ lang: 'sv', mode: 'kiosk', answer: 'no', comment: `${marker} svenska` });
    const listed = await fetch(`${app.url}api/feedback/comments?lang=de&mode=kiosk&limit=1`, {
      headers: { Authorization: `Bearer ${COLLECTOR_TOKEN}` },
    }).then((r) => r.json());
    const at = new Date(listed.comments[0].received_at);
    const two = (n) => String(n).padStart(2, '0');
    const months = {
      sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
      en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    };
    const [d, m, y, hh, mm] = [at.getUTCDate(), at.getUTCMonth(), at.getUTCFullYear(), two(at.getUTCHours()), two(at.getUTCMinutes())];
    const expected = {
      sv: `${d} ${months.sv[m]} ${y} kl. ${hh}.${mm}`,
      en: `${d} ${months.en[m]} ${y}, ${hh}:${mm}`,
    };

    const page = await openView('?view=results');
    await applyFilter(page, { lang: 'de', mode: 'kiosk' });
    await page.getByLabel('Åtkomstnyckel').fill(COLLECTOR_TOKEN);
    await page.getByRole('button', { name: 'Visa kommentarer' }).click();
    const newest = page.locator('li.comment').first();
    await newest.getByText(`${marker} nr 51`, { exact: true }).waitFor();
    assert.equal(await newest.locator('time').innerText(), expected.sv);
    assert.equal(await newest.locator('time').getAttribute('datetime'), listed.comments[0].received_at);
    await page.getByText('Tiderna anges i UTC').waitFor();
    assert.equal(await page.getByText(`${marker} svenska`).count(), 0, 'the Swedish comment is filtered out');
    assert.equal(await page.locator('li.comment').count(), 50, 'one page of 50');
    await page.getByRole('button', { name: 'Visa fler' }).click();
    await page.getByText(`${marker} nr 0`, { exact: true }).waitFor();
    const shown = await page.locator('li.comment .comment__text').allInnerTexts();
    assert.deepEqual(shown, [...Array(52).keys()].reverse().map((i) => `${marker} nr ${i}`), 'every comment of the filter once, newest first');
    assert.equal(await page.getByRole('button', { name: 'Visa fler' }).count(), 0);
    // The export follows the filter too: only German kiosk answers, ours among them.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner svaren i urvalet som CSV' }).click(),
    ]);
    const rows = readFileSync(await download.path(), 'utf8').split('\r\n').slice(1, -1).map((line) => line.split(','));
    assert.ok(rows.length >= 52, `${rows.length} rows`);
    assert.deepEqual([...new Set(rows.map((r) => `${r[5]} ${r[6]}`))], ['de kiosk'], 'lang and mode of every row');
    // Changing the filter reads the comments again from the first page.
    await applyFilter(page, { lang: 'sv', mode: 'kiosk' });
    await page.getByText(`${marker} svenska`).waitFor();
    assert.equal(await page.getByText(`${marker} nr 51`, { exact: true }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);

    const english = await openView('?view=results&lang=en');
    await english.getByLabel("Visitor's language").selectOption('de');
    await english.getByLabel('Display mode').selectOption('kiosk');
    await english.getByRole('button', { name: 'Show selection' }).click();
    await english.getByLabel('Access token').fill(COLLECTOR_TOKEN);
    await english.getByRole('button', { name: 'Show comments' }).click();
    const first = english.locator('li.comment').first();
    await first.getByText(`${marker} nr 51`, { exact: true }).waitFor();
    assert.equal(await first.locator('time').innerText(), expected.en);
    assert.deepEqual(await axeViolations(english), []);
  });
});
