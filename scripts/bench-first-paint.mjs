// Browser benchmark (a report, not a test): the start page's first paint and layout shifts
// on a throttled phone-like connection, in headless Chromium against the release build,
// served by the collector as the run command serves it. Prints, per address: the first
// contentful paint, when the h1 is visible, when the app has taken over from the static
// start page (or, in a build without one, drawn its view), and the total layout shift.
//
//   node scripts/bench-first-paint.mjs [runs]
//   (after trunk build --release --offline and cargo build --profile server -p collector)
//
// Throttling as Lighthouse's mobile preset simulates it, applied for real through the
// DevTools protocol: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, 4× slower CPU.
// The collector does not compress, so the transfer is larger than a real host's.
import { launchBrowser, openPage, startServer } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] ?? 3);
const ADDRESSES = ['', '?lang=en', '?view=explore'];

async function measure(browser, url) {
  const page = await openPage(browser, null, { width: 412, height: 823, standalone: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    window.__h1 = null;
    window.__ready = null;
    const check = () => {
      const h1 = document.querySelector('h1');
      if (window.__h1 === null && h1 && h1.getClientRects().length > 0) window.__h1 = performance.now();
      const app = document.querySelector('body > .app main[aria-busy="false"]');
      if (window.__ready === null && !document.getElementById('prerendered') && app) window.__ready = performance.now();
      if (window.__ready === null) requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== null, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const figures = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    h1: window.__h1 ?? NaN,
    ready: window.__ready,
    cls: window.__shift,
  }));
  await page.context().close();
  if (page.errors.length > 0) throw new Error(page.errors.join('\n'));
  return figures;
}

const server = await startServer();
const browser = await launchBrowser();
try {
  console.log('address          run  first paint  h1 visible  app ready   CLS');
  for (const address of ADDRESSES) {
    for (let run = 1; run <= RUNS; run += 1) {
      const f = await measure(browser, server.url + address);
      const ms = (v) => `${Number.isNaN(v) ? '   -' : v.toFixed(0).padStart(5)} ms`;
      console.log(
        `/${address.padEnd(15)} ${String(run).padStart(3)}  ${ms(f.fcp).padStart(11)}  ${ms(f.h1).padStart(10)}  ${ms(f.ready).padStart(9)}  ${f.cls.toFixed(4)}`,
      );
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
