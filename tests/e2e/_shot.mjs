import { startServer, launchBrowser, openPage } from './harness.mjs';
const server = await startServer(); const browser = await launchBrowser();
for (const [name, w, h, path] of [['explore', 1280, 1000, '?view=explore&q=n%C3%A4tverket'], ['explore-phone', 360, 800, '?view=explore&tag=procurement'], ['fa', 1280, 1000, '?view=focus-area&id=fa-2'], ['empty', 1280, 800, '?view=explore&q=zzzz&municipality=kumla']]) {
  const page = await openPage(browser, null, { width: w, height: h });
  await page.goto(server.url + path); await page.waitForTimeout(1000);
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage: false });
  console.log(name, page.errors);
}
await browser.close(); server.stop();
