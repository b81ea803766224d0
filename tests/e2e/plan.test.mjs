// The plan view in real headless Chromium, against the release build.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PLAN, axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp();

async function openPlan(path = '', options) {
  const page = await openPage(app.browser, app.url + path, options);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

describe('the plan in Swedish', () => {
  test('shows the goal, how the plan was made, and the decision date', async () => {
    const page = await openPlan();
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Handlingsplan för civilsamhälle och social ekonomi',
    );
    await page.getByText(PLAN.goal.sv, { exact: true }).waitFor();
    assert.match(PLAN.goal.sv, /^Målet med handlingsplanen är att öka och stärka deltagandet/);
    await page.getByText(/fört dialog med aktörer i länet/).waitFor();
    await page.getByText(/En remissversion skickades ut innan sommaren 2021/).waitFor();
    await page.getByText('Beslutad av regionfullmäktige den 7 december 2021', { exact: true }).waitFor();
    assert.deepEqual(page.errors, []);
  });

  test('shows four focus areas, each a heading, with all twelve activities word for word', async () => {
    const page = await openPlan();
    const areaHeadings = page.getByRole('heading', { level: 3 });
    assert.equal(await areaHeadings.count(), 4);
    for (const area of PLAN.focus_areas) {
      const heading = page.getByRole('heading', { level: 3, name: new RegExp(area.title.sv) });
      assert.equal(await heading.count(), 1, `heading for ${area.id}`);
      const section = page.getByRole('region', { name: new RegExp(area.title.sv) });
      const activities = PLAN.activities.filter((a) => a.focus_area === area.id);
      for (const activity of activities) {
        await section.getByText(activity.text.sv, { exact: true }).waitFor();
      }
    }
    assert.equal(PLAN.activities.length, 12);
    await page.getByText('Öka erfarenhetsutbytet i länet av vårt deltagande i internationella sammanhang', { exact: true }).waitFor();
  });

  test('shows the partnership, the contacts and the last update', async () => {
    const page = await openPlan();
    await page.getByRole('heading', { level: 2, name: 'Partnerskapet för sociala innovationer' }).waitFor();
    await page.getByText(/cirka 40 organisationer från offentlig verksamhet och civilsamhälle/).waitFor();
    await page.getByText(/erbjuder projektstöd samt råd och stöd/).waitFor();
    await page.getByText('Anders Bro', { exact: true }).waitFor();
    await page.getByText('Utvecklingsledare: Social ekonomi', { exact: true }).waitFor();
    await page.getByText('Mona Hedfeldt', { exact: true }).waitFor();
    await page.getByText('Utvecklingsledare: Civilsamhälle', { exact: true }).waitFor();
    // Every contact in plan.json is shown with the role, word for word.
    assert.deepEqual(
      PLAN.contacts.map((c) => [c.name, c.role.sv]),
      [
        ['Anders Bro', 'Utvecklingsledare: Social ekonomi'],
        ['Mona Hedfeldt', 'Utvecklingsledare: Civilsamhälle'],
      ],
    );
    for (const paragraph of PLAN.partnership.paragraphs) {
      assert.equal(await page.getByText(paragraph.sv, { exact: true }).count(), 1, paragraph.sv);
    }
    const footer = page.getByRole('contentinfo');
    assert.equal(PLAN.updated_on, '2022-11-29');
    await footer.getByText('Senast uppdaterad 29 november 2022', { exact: true }).waitFor();
  });

  test('has one h1, the landmarks, and a skip link that moves focus to the content', async () => {
    const page = await openPlan();
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    assert.equal(await page.getByRole('banner').count(), 1);
    assert.equal(await page.getByRole('main').count(), 1);
    assert.equal(await page.getByRole('contentinfo').count(), 1);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Hoppa till innehållet' });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'skip link is the first tab stop');
    assert.ok(await skip.isVisible(), 'skip link is visible when focused');
    await page.keyboard.press('Enter');
    // The link moves focus in the next frame (src/browser/focus.rs).
    await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 2000 });
  });
});

describe('languages', () => {
  test('the switcher changes the text and <html lang>, and the choice is remembered', async () => {
    const page = await openPlan();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    const english = page.getByRole('button', { name: 'English' });
    await english.click();
    await page.getByRole('heading', { level: 1, name: 'Action plan for civil society and the social economy' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await english.getAttribute('aria-pressed'), 'true');
    await page.getByRole('heading', { level: 2, name: 'Focus areas and activities' }).waitFor();
    await page.getByText('Last updated 29 November 2022', { exact: true }).waitFor();
    await page.getByText(PLAN.activities[4].text.en, { exact: true }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Action plan for civil society and the social economy' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByText('Zuletzt aktualisiert am 29. November 2022', { exact: true }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.title(), `${PLAN.title.de} – Region Örebro län`);

    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: PLAN.title.sv }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  });

  test('?lang=de in the address opens the page in German', async () => {
    const page = await openPlan('?lang=de');
    await page.getByRole('heading', { level: 1, name: PLAN.title.de }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
  });

  test('the language buttons work with the keyboard alone', async () => {
    const page = await openPlan();
    const english = page.getByRole('button', { name: 'English' });
    // Tab order: skip link, the three navigation links, then Svenska, English, Deutsch.
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('Tab');
    assert.ok(await english.evaluate((el) => el === document.activeElement), 'English has focus after six tabs');
    const ring = await english.evaluate((el) => getComputedStyle(el).boxShadow);
    assert.notEqual(ring, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: PLAN.title.en }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { level: 1, name: PLAN.title.de }).waitFor();
  });
});

describe('when the data cannot be used', () => {
  test('malformed plan.json shows an error naming the file, and retry recovers', async () => {
    const page = await openPage(app.browser);
    await page.route('**/data/plan.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"title": {' }));
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: 'Handlingsplanen kunde inte visas' }).waitFor();
    await page.getByRole('alert').getByText(/Filen data\/plan\.json innehåller fel/).waitFor();
    await page.getByText(/^data\/plan\.json: \$: filen tar slut för tidigt/).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.unroute('**/data/plan.json');
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await page.getByRole('heading', { level: 1, name: PLAN.title.sv }).waitFor();
  });

  test('a missing file gives the HTTP status and what to do', async () => {
    const page = await openPage(app.browser, null, {
      expectHttpErrors: [{ url: /\/data\/plan\.json$/, status: 404 }],
    });
    await page.route('**/data/plan.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await page.goto(app.url + '?lang=en');
    const alert = page.getByRole('alert');
    await alert.getByText(/error code 404 when fetching data\/plan\.json\. Try again in a while/).waitFor();
    assert.match(await alert.textContent(), /404/);
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    // Nothing of the plan is shown.
    assert.equal(await page.getByText(PLAN.goal.en, { exact: true }).count(), 0);
  });

  test('an invalid plan lists every problem with its JSON path', async () => {
    const broken = structuredClone(PLAN);
    broken.activities[2].focus_area = 'fa-9';
    broken.decided_on = '2021-02-30';
    broken.source.url = 'javascript:alert(1)';
    const page = await openPage(app.browser);
    await page.route('**/data/plan.json', (route) => route.fulfill({ json: broken }));
    await page.goto(app.url);
    // In Swedish, for the region's editors.
    await page.getByText(/\$\.activities\[2\]\.focus_area: hänvisar till insatsområdet "fa-9"/).waitFor();
    await page.getByText(/\$\.decided_on: "2021-02-30" är inget riktigt datum/).waitFor();
    await page.getByText(/\$\.source\.url: använder adresstypen "javascript:"/).waitFor();
    assert.equal(await page.locator('.load-error__problems li').count(), 3);
  });

  test('markup in the data is shown as text and never runs', async () => {
    const hostile = structuredClone(PLAN);
    hostile.title.sv = '<img src=x onerror="window.__pwned=1">Plan';
    hostile.activities[0].text.sv = '<script>window.__pwned=2</script>';
    const page = await openPage(app.browser);
    await page.route('**/data/plan.json', (route) => route.fulfill({ json: hostile }));
    await page.goto(app.url);
    await page.getByRole('heading', { level: 1, name: '<img src=x onerror="window.__pwned=1">Plan' }).waitFor();
    await page.getByText('<script>window.__pwned=2</script>', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main img, main script').count(), 0);
  });
});

describe('accessibility and layout', () => {
  for (const lang of ['sv', 'en', 'de']) {
    test(`axe-core finds no violations in ${lang}`, async () => {
      const page = await openPlan(`?lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.deepEqual(await axeViolations(page), []);
    });
  }

  for (const [width, height] of [[320, 640], [1920, 1080]]) {
    test(`the page fits a ${width} px wide screen without sideways scrolling`, async () => {
      const page = await openPlan('?lang=de', { width, height });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide at ${width} px`);
      assert.deepEqual(await axeViolations(page), []);
    });
  }
});
