// Kiosk soak (a report, not a test): "a whole day" at a kiosk, as 2,000
// scripted interactions in headless Chromium against the release build, served
// by the collector as the run command serves it (issue #11). Searches, filter
// toggles, view changes (plan, focus areas, explore), feedback answers, a
// language round trip and idle resets, each found by role and accessible name
// as a visitor would. Prints the JS heap, the wasm memory and the DOM after a
// warm-up and at the end, and how much each grew.
//
//   node scripts/bench-kiosk-soak.mjs [--interactions 2000] [--seed 1] [--warm-up 200]
//   (after trunk build --release --offline and cargo build --profile server -p collector)
//
// Exit code 1: a figure grew more than 10 % from the warm-up to the end (the
// issue: "Growth above 10 % is a failure to explain"). Exit code 2: the run
// broke (an error in the page, a step that could not find its control), so
// there are no figures. Not part of scripts/test.sh.
//
// Idle resets do not wait real minutes: Playwright's clock is installed, so
// time flows as usual and `clock.runFor` jumps over the idle time (firing every
// timer on the way, as the idle check and any countdown need).
import { parseArgs } from 'node:util';
import { afterNextFrames, appTookOver, launchBrowser, openPage, startServer } from '../tests/e2e/harness.mjs';

const { values: options } = parseArgs({
  options: {
    interactions: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'warm-up': { type: 'string' },
  },
});
const INTERACTIONS = wholeNumber('--interactions', options.interactions);
const SEED = wholeNumber('--seed', options.seed, 0);
const WARM_UP = options['warm-up'] === undefined ? Math.min(200, Math.floor(INTERACTIONS / 10)) : wholeNumber('--warm-up', options['warm-up'], 0);
if (WARM_UP >= INTERACTIONS) usage(`--warm-up (${WARM_UP}) must be below --interactions (${INTERACTIONS})`);

/** Allowed growth from the warm-up to the end, per figure. */
const MAX_GROWTH = 0.1;
/** How long a step may look for its control before the run fails. */
const STEP_TIMEOUT_MS = 15_000;
/** Portrait kiosk screen. */
const VIEWPORT = { width: 1080, height: 1920 };

function usage(problem) {
  console.error(`${problem}\nusage: node scripts/bench-kiosk-soak.mjs [--interactions N] [--seed S] [--warm-up N]`);
  process.exit(2);
}

function wholeNumber(name, text, min = 1) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) usage(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return value;
}

// mulberry32: a small seeded PRNG, so a seed always gives the same sequence.
function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A step's control was not there: the run is broken, not slow. */
class MissingControl extends Error {}

const QUERIES = ['nätverk', 'upphandling', 'socialt företag', 'örebro', 'kumla förening', 'mötesplatser', 'finansiering',
  'statistik', 'samhällsnytta', 'internationell', 'erfarenhetsutbyte', 'upphandlng', 'civilsamhället', 'kunskap',
  'sociala företag', 'hallsberg', 'region', 'xyzzy', 'insatsområde', 'studieförbund'];
const FACETS = ['Insatsområde', 'Sektor', 'Kommun', 'Ämne'];
const COMMENTS = ['Jag saknade öppettider.', 'Mer om finansiering, tack.', 'Svårt att hitta kontaktuppgifter.'];
const PLAN_HEADING = 'Handlingsplan för civilsamhälle och social ekonomi';

// ---------------------------------------------------------------------------
// Where the visitor is, read like a visitor reads it.

const mainMenu = (page) => page.getByRole('navigation', { name: 'Huvudmeny' });
const heading = (page, name) => page.getByRole('heading', { level: 1, name });
const currentView = (page) => new URL(page.url()).searchParams.get('view') ?? 'plan';
/** The start page: nothing in the address but the mode and the language. */
const atStart = (url) => [...new URL(url).searchParams.keys()].every((key) => key === 'mode' || key === 'lang');
// The kiosk UI being built: an attract screen, and a question before an idle reset.
const attractButton = (page) => page.getByRole('button', { name: /Tryck för att börja/ });
const stillThereDialog = (page) =>
  page.getByRole('dialog', { name: /Är du kvar/ }).or(page.getByRole('alertdialog', { name: /Är du kvar/ }));
const continueButton = (page) => page.getByRole('button', { name: /^Fortsätt/ });

/** Waits for `locator`, or fails the run saying which control was missing. */
async function find(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch (error) {
    throw new MissingControl(`could not find ${what}: ${error.message.split('\n')[0]}`);
  }
  return locator.first();
}

/**
 * Lets the app's next-frame work end before a touch: after a change of view it moves focus
 * to the heading and scrolls to the top in the next frame. A click that starts before that
 * frame (late under Playwright's clock or a busy machine) has its pointer go down on the
 * button and up on whatever scrolled under it, and no click reaches the button.
 */
const settle = afterNextFrames;

async function press(locator, what) {
  const control = await find(locator, what);
  await settle(control.page());
  await control.click();
}

// ---------------------------------------------------------------------------
// Getting to a view as a visitor would (used by the interactions below).

async function goToPlan(k) {
  if (currentView(k.page) !== 'plan') {
    await press(mainMenu(k.page).getByRole('link', { name: 'Handlingsplanen', exact: true }), 'the menu link "Handlingsplanen"');
  }
  await find(heading(k.page, PLAN_HEADING), `the heading "${PLAN_HEADING}"`);
}

async function goToExplore(k) {
  if (currentView(k.page) !== 'explore') {
    await press(mainMenu(k.page).getByRole('link', { name: 'Sök och filtrera', exact: true }), 'the menu link "Sök och filtrera"');
  }
  await find(heading(k.page, 'Sök och filtrera'), 'the heading "Sök och filtrera"');
}

/** On a narrow screen the filters are folded away behind "Visa filter". */
async function unfoldFilters(k) {
  const toggle = k.page.getByRole('button', { name: /^Visa filter/ });
  if (await toggle.isVisible()) await toggle.click();
}

/** "Rensa sökning och filter", when there is anything to clear. */
async function clearEverything(k) {
  const clear = k.page.getByRole('button', { name: 'Rensa sökning och filter' });
  if (!(await clear.isVisible())) return false;
  await clear.click();
  await clear.waitFor({ state: 'hidden' });
  return true;
}

// ---------------------------------------------------------------------------
// The interactions: each a small named function that returns what it did.

async function search(k) {
  await goToExplore(k);
  const query = k.pick(QUERIES);
  const box = await find(k.page.getByRole('searchbox', { name: 'Sök' }), 'the search box "Sök"');
  // Select what is there and type over it, key by key.
  await box.selectText();
  await box.pressSequentially(query);
  await find(k.page.getByRole('status').filter({ hasText: /träff/ }), 'the result count');
  // The address takes the query after a short pause in typing: wait for it, or
  // a step that reads the address next sees the last query (on a busy machine).
  await k.page.waitForURL((url) => url.searchParams.get('q') === query, { timeout: STEP_TIMEOUT_MS });
  if ((await box.inputValue()) !== query) throw new Error(`the search box holds "${await box.inputValue()}", not "${query}"`);
  return `search "${query}"`;
}

async function toggleFilter(k) {
  await goToExplore(k);
  await unfoldFilters(k);
  const facet = k.pick(FACETS);
  const group = await find(k.page.getByRole('group', { name: facet, exact: true }), `the filter group "${facet}"`);
  const boxes = group.getByRole('checkbox');
  const count = await boxes.count();
  if (count === 0) throw new MissingControl(`the filter group "${facet}" has no checkboxes`);
  const box = boxes.nth(k.int(count));
  const label = (await box.evaluate((input) => input.labels?.[0]?.textContent ?? '')).trim();
  const wasChecked = await box.isChecked();
  // setChecked clicks, then checks that the box really changed.
  await box.setChecked(!wasChecked);
  return `${wasChecked ? 'uncheck' : 'check'} "${facet}: ${label}"`;
}

async function clearSearchAndFilters(k) {
  await goToExplore(k);
  // With no results, the one-click ways out are offered; otherwise "Rensa sökning och filter".
  const wayOut = k.page.getByRole('button', { name: /^(Rensa sökningen|Ta bort filtret) / });
  if (await wayOut.first().isVisible()) {
    const name = await wayOut.first().textContent();
    await wayOut.first().click();
    return `no results: "${name}"`;
  }
  return (await clearEverything(k)) ? 'clear search and filters' : 'nothing to clear';
}

async function showMore(k) {
  await goToExplore(k);
  let more = k.page.getByRole('button', { name: /^Visa fler/ });
  // Every entry together is more than one page of results: with a narrower
  // search, clear it; with everything shown already, come back afresh.
  if (!(await more.isVisible()) && !(await clearEverything(k))) {
    await openPlan(k);
    await openExplore(k);
  }
  more = await find(more, 'the button "Visa fler"');
  const name = await more.textContent();
  await settle(k.page);
  await more.click();
  try {
    await k.page.getByRole('button', { name, exact: true }).waitFor({ state: 'detached' });
  } catch (error) {
    // Still seen after `settle` (step 287 of one run on 2026-12-02), after "Rensa sökning
    // och filter": probably the cards brought into view laid out (content-visibility: auto)
    // between the pointer going down and up under Playwright's clock; not confirmed.
    // scripts/repro-lost-click.mjs shows the events. What the page showed:
    const seen = await k.page.evaluate(() => ({
      buttons: [...document.querySelectorAll('.results__more')].map((b) => b.textContent),
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent),
      openDialogs: document.querySelectorAll('dialog[open]').length,
      focused: document.activeElement?.outerHTML.slice(0, 80),
      address: location.href,
    }));
    console.log(`showMore: the click changed nothing; the page showed ${JSON.stringify(seen)}`);
    throw error;
  }
  return `"${name}"`;
}

async function openPlan(k) {
  await press(mainMenu(k.page).getByRole('link', { name: 'Handlingsplanen', exact: true }), 'the menu link "Handlingsplanen"');
  await find(heading(k.page, PLAN_HEADING), `the heading "${PLAN_HEADING}"`);
  return 'open the plan';
}

async function openExplore(k) {
  await press(mainMenu(k.page).getByRole('link', { name: 'Sök och filtrera', exact: true }), 'the menu link "Sök och filtrera"');
  await find(heading(k.page, 'Sök och filtrera'), 'the heading "Sök och filtrera"');
  return 'open search and filter';
}

async function openFocusAreaFromPlan(k) {
  await goToPlan(k);
  const number = 1 + k.int(4);
  const name = `Visa insatsområde ${number} med dess organisationer`;
  await press(k.page.getByRole('link', { name, exact: true }), `the link "${name}"`);
  await find(heading(k.page, new RegExp(`^Insatsområde ${number}(?!\\d)`)), `the heading of focus area ${number}`);
  return `open focus area ${number} from the plan`;
}

async function openFocusAreaFromResults(k) {
  await goToExplore(k);
  const results = k.page.getByRole('region', { name: 'Resultat' });
  let links = results.getByRole('link', { name: /^Insatsområde \d$/ });
  if ((await links.count()) === 0) await clearEverything(k);
  links = results.getByRole('link', { name: /^Insatsområde \d$/ });
  const count = await links.count();
  if (count === 0) throw new MissingControl('no result links to a focus area ("Insatsområde N"), even with nothing chosen');
  const link = links.nth(k.int(Math.min(count, 30)));
  const name = (await link.textContent()).trim();
  await link.click();
  await find(heading(k.page, new RegExp(`^${name}(?!\\d)`)), `the heading "${name} …"`);
  return `open "${name}" from a result`;
}

async function focusAreaToExplore(k) {
  if (currentView(k.page) !== 'focus-area') await openFocusAreaFromPlan(k);
  await press(k.page.getByRole('link', { name: 'Sök och filtrera inom insatsområdet' }), 'the link "Sök och filtrera inom insatsområdet"');
  await find(heading(k.page, 'Sök och filtrera'), 'the heading "Sök och filtrera"');
  return 'from a focus area to its search';
}

async function focusAreaBackToPlan(k) {
  if (currentView(k.page) !== 'focus-area') await openFocusAreaFromPlan(k);
  await press(k.page.getByRole('link', { name: 'Till handlingsplanen' }), 'the link "Till handlingsplanen"');
  await find(heading(k.page, PLAN_HEADING), `the heading "${PLAN_HEADING}"`);
  return 'from a focus area back to the plan';
}

async function answerFeedback(k) {
  const widget = await find(k.page.getByRole('region', { name: 'Hjälpte informationen dig?' }), 'the question "Hjälpte informationen dig?"');
  const thanks = widget.getByRole('status').filter({ hasText: 'Tack för ditt svar!' });
  if (k.rng() < 0.6) {
    await press(widget.getByRole('button', { name: 'Ja', exact: true }), 'the answer "Ja"');
    await find(thanks, '"Tack för ditt svar!"');
    return `feedback on ${currentView(k.page)}: Ja`;
  }
  await press(widget.getByRole('button', { name: 'Nej', exact: true }), 'the answer "Nej"');
  const comment = await find(widget.getByRole('textbox', { name: 'Vad saknade du? (valfritt)' }), 'the comment field');
  let what = 'Nej, no comment';
  if (k.rng() < 0.5) {
    await comment.fill(k.pick(COMMENTS));
    await press(widget.getByRole('button', { name: 'Skicka', exact: true }), 'the button "Skicka"');
    what = 'Nej with a comment';
  } else {
    await press(widget.getByRole('button', { name: 'Hoppa över', exact: true }), 'the button "Hoppa över"');
  }
  await find(thanks, '"Tack för ditt svar!"');
  return `feedback on ${currentView(k.page)}: ${what}`;
}

async function languageRoundTrip(k) {
  const [language, menu] = k.pick([['English', 'Main menu'], ['Deutsch', 'Hauptmenü']]);
  await press(k.page.getByRole('button', { name: language, exact: true }), `the language button "${language}"`);
  await find(k.page.getByRole('navigation', { name: menu }), `the menu in ${language} ("${menu}")`);
  await press(k.page.getByRole('button', { name: 'Svenska', exact: true }), 'the language button "Svenska"');
  await find(mainMenu(k.page), 'the menu in Swedish ("Huvudmeny")');
  return `${language} and back to Svenska`;
}

/**
 * The visitor walks away. Time jumps past the idle limit; if the kiosk asks
 * "Är du kvar?", a returning visitor sometimes presses "Fortsätt" (the state
 * stays), otherwise the countdown runs out. Either way without the question,
 * the kiosk must be back at its start for the next visitor.
 */
async function walkAway(k, { measuring = false } = {}) {
  // The start page has nothing to reset: leave something behind first.
  if (atStart(k.page.url())) await search(k);
  // Let the last step's scrolling and focusing end first.
  await k.page.waitForTimeout(250);
  const before = k.page.url();
  await k.page.clock.runFor(k.idleMs + 1_500);
  const dialog = stillThereDialog(k.page);
  if (await dialog.isVisible()) {
    if (!measuring) k.counts.asked += 1;
    if (!measuring && k.rng() < 0.4) {
      await press(continueButton(k.page), 'the button "Fortsätt"');
      await dialog.waitFor({ state: 'hidden' });
      if (k.page.url() !== before) throw new Error(`"Fortsätt" changed the address from ${before} to ${k.page.url()}`);
      k.counts.continued += 1;
      return 'walk away; "Är du kvar?" → Fortsätt';
    }
    // The countdown is at least 20 s; give it two minutes of kiosk time.
    for (let waited = 0; waited < 120_000 && (await dialog.isVisible()); waited += 5_000) await k.page.clock.runFor(5_000);
  }
  try {
    await k.page.waitForURL((url) => atStart(url.href), { timeout: 10_000 });
    await find(attractButton(k.page).or(heading(k.page, PLAN_HEADING)), 'the start page after the reset');
  } catch (error) {
    throw new Error(`the kiosk did not reset after ${k.idleMs / 1000} s idle (still at ${k.page.url()}): ${error.message.split('\n')[0]}`);
  }
  if (!measuring) k.counts.resets += 1;
  return 'walk away; the kiosk resets';
}

/** Each interaction with its share of the day. */
const INTERACTION_MIX = [
  [search, 24],
  [toggleFilter, 18],
  [clearSearchAndFilters, 5],
  [showMore, 4],
  [openPlan, 6],
  [openExplore, 6],
  [openFocusAreaFromPlan, 7],
  [openFocusAreaFromResults, 4],
  [focusAreaToExplore, 3],
  [focusAreaBackToPlan, 3],
  [answerFeedback, 12],
  [languageRoundTrip, 3],
  [walkAway, 5],
];

function chooseInteraction(k) {
  const total = INTERACTION_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = k.rng() * total;
  for (const [interaction, weight] of INTERACTION_MIX) {
    roll -= weight;
    if (roll < 0) return interaction;
  }
  return INTERACTION_MIX.at(-1)[0];
}

/** What may stand between two interactions: the attract screen, or the kiosk asking after a slow step. */
async function clearTheWay(k) {
  const start = attractButton(k.page);
  if (await start.isVisible()) {
    await start.click();
    await start.waitFor({ state: 'hidden' });
  }
  if (await stillThereDialog(k.page).isVisible()) {
    await continueButton(k.page).click();
    k.counts.unasked += 1;
  }
}

// ---------------------------------------------------------------------------
// Measuring.

/**
 * Memory with the page in the same state each time: the kiosk reset for the
 * next visitor (the start page, or the attract screen), two garbage
 * collections, then the figures.
 */
async function measure(k, cdp) {
  await walkAway(k, { measuring: true });
  await k.page.waitForTimeout(500);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  const page = await k.page.evaluate(() => ({
    wasm: window.__soakWasmMemory?.buffer.byteLength ?? null,
    elements: document.getElementsByTagName('*').length,
  }));
  if (page.wasm === null) throw new MissingControl('no wasm memory: the TrunkApplicationStarted event was not seen');
  return {
    heap: heap.usedSize,
    wasm: page.wasm,
    elements: page.elements,
    nodes: counters.nodes,
    listeners: counters.jsEventListeners,
  };
}

const FIGURES = [
  ['heap', 'JS heap used (after GC)', 'bytes'],
  ['wasm', 'wasm memory', 'bytes'],
  ['elements', 'DOM elements in the document', 'count'],
  ['nodes', 'DOM nodes alive (CDP, after GC)', 'count'],
  ['listeners', 'JS event listeners (CDP)', 'count'],
];

const show = (value, unit) => (unit === 'bytes' ? `${(value / 1_048_576).toFixed(2)} MiB` : String(value));
const growthOf = (from, to) => (to - from) / from;
const percent = (ratio) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;

// ---------------------------------------------------------------------------
// The day.

const server = await startServer();
const browser = await launchBrowser();
const started = Date.now();
let page;
let broken = null;
let k;
const recent = [];
try {
  // Outside node:test nothing checks the page for us: its errors are read after every step.
  page = await openPage(browser, null, { ...VIEWPORT, standalone: true });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  // The app's wasm exports (with its memory) come with trunk's start-up event.
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (event) => {
      window.__soakWasmMemory = event.detail?.wasm?.memory ?? null;
    });
  });
  await page.clock.install();
  const config = await (await fetch(`${server.url}config.json`)).json();
  const cdp = await page.context().newCDPSession(page);
  const random = rng(SEED);
  k = {
    page,
    rng: random,
    int: (n) => Math.floor(random() * n),
    pick: (list) => list[Math.floor(random() * list.length)],
    idleMs: (config?.kiosk?.idle_reset_seconds ?? 120) * 1000,
    counts: { resets: 0, asked: 0, continued: 0, unasked: 0 },
  };
  await page.goto(`${server.url}?mode=kiosk`);
  // The app starts in several short tasks after the first paint: wait until it has taken
  // over from the static start page before looking for its attract screen.
  await appTookOver(page);
  await clearTheWay(k);
  await find(heading(page, PLAN_HEADING), `the heading "${PLAN_HEADING}" after loading`);
  if ((await page.evaluate(() => document.documentElement.className)) !== 'mode-kiosk') {
    throw new MissingControl('the page is not in kiosk mode (no class "mode-kiosk" on <html>)');
  }

  const measured = { load: await measure(k, cdp) };
  const done = new Map();
  const stepsStarted = Date.now();
  for (let step = 1; step <= INTERACTIONS; step += 1) {
    const interaction = chooseInteraction(k);
    let what;
    try {
      await clearTheWay(k);
      what = await interaction(k);
    } catch (error) {
      const kind = error instanceof MissingControl ? 'could not find its control' : 'failed';
      throw new Error(`step ${step} (${interaction.name}) ${kind}: ${error.message.split('\n')[0]}`, { cause: error });
    }
    recent.push(`${step} ${interaction.name}: ${what}`);
    if (recent.length > 8) recent.shift();
    done.set(interaction.name, (done.get(interaction.name) ?? 0) + 1);
    if (page.errors.length > 0) throw new Error(`the page reported a problem during step ${step} (${interaction.name}: ${what})`);
    if (step === WARM_UP) measured.warm = await measure(k, cdp);
    if (step % 250 === 0) {
      // Wasm memory only grows (it is never handed back), so its size now is a fair
      // reading without a reset or GC, and a run that breaks later still shows its course.
      const wasm = await page.evaluate(() => window.__soakWasmMemory?.buffer.byteLength ?? 0);
      console.error(`  … ${step} of ${INTERACTIONS} interactions, ${((Date.now() - stepsStarted) / 1000).toFixed(0)} s, wasm memory ${show(wasm, 'bytes')}`);
    }
  }
  const stepsMs = Date.now() - stepsStarted;
  measured.end = await measure(k, cdp);
  if (page.errors.length > 0) throw new Error('the page reported a problem while measuring');

  const seconds = (Date.now() - started) / 1000;
  const { resets, asked, continued, unasked } = k.counts;
  console.log(`kiosk soak: ${INTERACTIONS} interactions (seed ${SEED}), ?mode=kiosk at ${VIEWPORT.width}×${VIEWPORT.height}, headless Chromium`);
  console.log(`  interactions: ${[...done].map(([name, n]) => `${name} ${n}`).join(', ')}`);
  console.log(
    `  idle resets: ${resets} (+3 for measuring), after ${k.idleMs / 1000} s idle (clock jumped, config.json's kiosk.idle_reset_seconds)` +
      (asked > 0 ? `; "Är du kvar?" asked ${asked} times, "Fortsätt" ${continued}` : '; no "Är du kvar?" dialog in this build') +
      (unasked > 0 ? `; ${unasked} times between steps` : ''),
  );
  const columns = [`after load`, `after ${WARM_UP}`, `after ${INTERACTIONS}`, `growth ${WARM_UP}→${INTERACTIONS}`];
  const row = (cells) => `  ${cells[0].padEnd(34)}${cells.slice(1).map((c) => c.padStart(16)).join('')}`;
  console.log(row(['memory (the kiosk reset, same page)', ...columns]));
  const failures = [];
  for (const [key, label, unit] of FIGURES) {
    const growth = growthOf(measured.warm[key], measured.end[key]);
    if (growth > MAX_GROWTH) failures.push(`${label} grew ${percent(growth)} (${show(measured.warm[key], unit)} → ${show(measured.end[key], unit)})`);
    console.log(row([label, ...['load', 'warm', 'end'].map((at) => show(measured[at][key], unit)), percent(growth)]));
  }
  console.log(`  took ${seconds.toFixed(0)} s in all; the interactions ${(stepsMs / 1000).toFixed(0)} s, ${(stepsMs / INTERACTIONS).toFixed(0)} ms each on average`);
  if (failures.length > 0) {
    console.log(`  FAIL: growth above ${MAX_GROWTH * 100} % from the warm-up to the end, a failure to explain: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(`  PASS: nothing grew more than ${MAX_GROWTH * 100} % from the warm-up to the end`);
  }
} catch (error) {
  broken = error;
} finally {
  if (broken || page?.errors.length) {
    console.error(`kiosk soak FAILED, no figures: ${broken?.message ?? 'the page reported problems'}`);
    if (page?.errors.length) console.error(`the page reported ${page.errors.length} problem(s):\n${page.errors.join('\n')}`);
    if (recent.length) console.error(`the last steps:\n  ${recent.join('\n  ')}`);
    const cause = broken?.cause ?? broken;
    if (cause && !(cause instanceof MissingControl)) console.error(cause.stack);
    process.exitCode = 2;
  }
  await browser.close();
  await server.stop();
}
