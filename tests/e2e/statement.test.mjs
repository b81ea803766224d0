// The accessibility statement (tillgänglighetsredogörelse, issue #13): reached from the
// footer in every mode and language, keyboard included, and clean for axe-core.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterNextFrames, axeViolations, openPage, useApp } from './harness.mjs';

const app = useApp();

const STATEMENT = {
  sv: { link: 'Tillgänglighetsredogörelse', gaps: 'Kända brister', digg: 'Anmäl bristande tillgänglighet till Digg' },
  en: { link: 'Accessibility statement', gaps: 'Known gaps', digg: 'Report a lack of accessibility to Digg (in Swedish)' },
  de: { link: 'Erklärung zur Barrierefreiheit', gaps: 'Bekannte Mängel', digg: 'Mangelnde Barrierefreiheit bei Digg melden (auf Schwedisch)' },
};

/** Opens `path` and follows the footer's link to the statement. */
async function statementFromFooter(path, lang, options) {
  const page = await openPage(app.browser, app.url + path, options);
  await page.getByRole('contentinfo').getByRole('link', { name: STATEMENT[lang].link }).click();
  await page.getByRole('heading', { level: 1, name: STATEMENT[lang].link }).waitFor();
  return page;
}

describe('the accessibility statement', () => {
  for (const lang of ['sv', 'en', 'de']) {
    test(`in ${lang}: from the footer, with Digg's template's parts, and no axe-core violations`, async () => {
      const page = await statementFromFooter(`?lang=${lang}`, lang);
      assert.match(page.url(), /view=accessibility/);
      assert.match(page.url(), new RegExp(`lang=${lang}`));
      assert.match(await page.title(), new RegExp(`^${STATEMENT[lang].link} – `));
      await page.getByRole('heading', { level: 2, name: STATEMENT[lang].gaps }).waitFor();
      // The date of the assessment, written as the reader's language writes dates.
      await page.getByText(/2026/).first().waitFor();
      const digg = page.getByRole('link', { name: STATEMENT[lang].digg });
      assert.equal(await digg.getAttribute('href'), 'https://www.digg.se/tdosanmalan');
      // Without a contact in config.json: the region's website, the plan's source.
      const main = page.getByRole('main');
      assert.equal(await main.locator('a[href="https://www.regionorebrolan.se/"]').count(), 1);
      assert.deepEqual(await axeViolations(page), []);
    });
  }

  test("config.json's contact for reporting a problem is the one offered", async () => {
    const page = await openPage(app.browser);
    await page.route(`${app.url}config.json`, (route) =>
      route.fulfill({
        json: {
          format_version: 1,
          accessibility: { report_to: { label: { sv: 'Skriv till webbredaktionen' }, url: 'mailto:webb@example.se' } },
        },
      }),
    );
    await page.goto(`${app.url}?view=accessibility`);
    const contact = page.getByRole('link', { name: 'Skriv till webbredaktionen' });
    assert.equal(await contact.getAttribute('href'), 'mailto:webb@example.se');
    assert.equal(await page.getByRole('main').locator('a[href="https://www.regionorebrolan.se/"]').count(), 0);
  });

  test('the keyboard alone: Tab to the footer link, Enter, and focus on the heading', async () => {
    const page = await openPage(app.browser, app.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const link = page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' });
    await link.waitFor();
    // Shift+Tab from the page's end reaches the footer's last link before anything else.
    await page.locator('body').press('End');
    for (let step = 0; step < 40; step += 1) {
      await page.keyboard.press('Shift+Tab');
      if (await link.evaluate((element) => element === document.activeElement)) break;
    }
    assert.equal(await link.evaluate((element) => element === document.activeElement), true, 'the footer link takes focus');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse' });
    await heading.waitFor();
    await afterNextFrames(page);
    assert.equal(await heading.evaluate((element) => element === document.activeElement), true, 'focus moves to the heading');
  });

  test('embedded: the footer shows only the link, and the statement passes axe-core', async () => {
    const page = await statementFromFooter('?mode=embedded', 'sv');
    const footer = page.getByRole('contentinfo');
    assert.equal(await footer.getByText(/Senast uppdaterad/).isVisible(), false);
    assert.deepEqual(await axeViolations(page), []);
  });

  test('kiosk: tapped from the footer; links that leave are QR codes; no axe-core violations', async () => {
    const page = await openPage(app.browser, `${app.url}?mode=kiosk`, { width: 1080, height: 1920, hasTouch: true });
    await page.getByRole('button', { name: 'Tryck för att börja' }).tap();
    await page.locator('main h1').first().waitFor();
    await afterNextFrames(page);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Tillgänglighetsredogörelse' }).tap();
    await page.getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse' }).waitFor();
    assert.match(page.url(), /mode=kiosk/);
    await page.getByRole('img', { name: /QR-kod till digg\.se/ }).waitFor();
    assert.equal(await page.getByRole('main').locator('a[href^="https:"]').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
  });
});
