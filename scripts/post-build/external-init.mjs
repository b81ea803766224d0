// post_build step: replaces the inline module script trunk writes into index.html (it loads
// the JS glue and starts the wasm) with a start-up script in a file of its own, so that the
// site runs under `script-src 'self' 'wasm-unsafe-eval'` with no 'unsafe-inline' and no
// hashes (trunk has no option for this: trunk-rs/trunk#288). The script:
//
// - waits for the first frame (at most 250 ms: a page nobody sees, a background tab or a
//   frame out of view, gets no frames) before it fetches any wasm, so that the static start
//   page paints first (issue #10). Trunk's preload of the wasm goes from <head> for the same
//   reason: its download shares a slow connection with the stylesheet and the page, and on a
//   fast one it ends before the first paint, which makes Lighthouse count it towards the
//   largest paint;
// - starts one of two bundles (issue #10): the visitors' (`plan-explorer`, trunk's "main"),
//   or for `?view=results` and `?view=preview` the staff view's (`plan-explorer-staff`, built by trunk as a
//   "worker" so that trunk leaves loading it to us: wasm-bindgen's no-modules output, loaded
//   with its subresource integrity). The visitors' bundle sends an address for the staff
//   view back here, written the way this script reads it (src/lib.rs, `CurrentView`);
// - if the app cannot start (a file missing, refused or broken), says so above the page in
//   the visitor's language (`start_failed` in locales/*.json, read here at build time),
//   instead of a loading line that never ends; the static plan, where shown, stays readable.
//
// Reads and rewrites <staging>/index.html. Throws (failing the build) if trunk's output no
// longer has the shape this step expects, or if index.html still holds any inline script or
// inline style afterwards.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCALES = new URL('../../locales/', import.meta.url).pathname;
const sha384 = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** @param {{ staging: string, publicUrl: string, log: (line: string) => void }} build */
export function externalInit({ staging, publicUrl, log }) {
  const indexPath = join(staging, 'index.html');
  let html = readFileSync(indexPath, 'utf8');

  // An inline script is a <script> without src; trunk writes exactly one, a module.
  const inlineScript = /<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
  const found = [...html.matchAll(inlineScript)];
  if (found.length !== 1 || !/type=["']?module/i.test(found[0][1])) {
    throw new Error(`expected one inline module script from trunk, found ${found.length}`);
  }
  const [whole, , trunkCode] = found[0];
  const glue = /^import init, \* as bindings from '([^']+)';$/m.exec(trunkCode)?.[1];
  const wasm = /await init\(\{ module_or_path: '([^']+)' \}\)/.exec(trunkCode)?.[1];
  if (!glue || !wasm) throw new Error("trunk's start-up script no longer has the shape this step reads");

  // Trunk does not hash a "worker"'s file names; this gives them a content hash like its own
  // assets, so that a host can serve them as immutable (README, Hosting).
  const staffFiles = ['plan-explorer-staff.js', 'plan-explorer-staff_bg.wasm'];
  const staffHash = createHash('sha256');
  for (const file of staffFiles) {
    try {
      staffHash.update(readFileSync(join(staging, file)));
    } catch {
      throw new Error(`the build has no ${file} (index.html's plan-explorer-staff asset)`);
    }
  }
  const hex = staffHash.digest('hex').slice(0, 16);
  const [staffGlue, staffWasm] = staffFiles.map((file) => file.replace('plan-explorer-staff', `plan-explorer-staff-${hex}`));
  renameSync(join(staging, staffFiles[0]), join(staging, staffGlue));
  renameSync(join(staging, staffFiles[1]), join(staging, staffWasm));
  const staffIntegrity = sha384(readFileSync(join(staging, staffGlue)));

  // The texts for a start that failed: a heading (the app's title) and what to do.
  const startFailed = Object.fromEntries(
    ['sv', 'en', 'de'].map((lang) => {
      const { app_title: title, start_failed: line } = JSON.parse(readFileSync(join(LOCALES, `${lang}.json`), 'utf8'));
      if (typeof title !== 'string' || typeof line !== 'string' || !title || !line) {
        throw new Error(`locales/${lang}.json lacks app_title or start_failed`);
      }
      return [lang, { title, line }];
    }),
  );

  const code = `// Written by scripts/post-build/external-init.mjs from trunk's start-up script.
import init, * as bindings from ${JSON.stringify(glue)};

// locales/*.json: app_title and start_failed.
const START_FAILED = ${JSON.stringify(startFailed)};

// After the first paint, so that the static start page is not held up (issue #10); at most
// 250 ms, since a page nobody sees (a background tab, a frame out of view) gets no frames.
await new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 250);
});

// The staff view is a bundle of its own (issue #10).
let wasm;
try {
if (new URLSearchParams(location.search).getAll('view').some((view) => view === 'results' || view === 'preview')) {
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ${JSON.stringify(publicUrl + staffGlue)};
    script.integrity = ${JSON.stringify(staffIntegrity)};
    script.crossOrigin = 'anonymous';
    script.onload = resolve;
    script.onerror = () => reject(new Error('the staff bundle did not load'));
    document.head.append(script);
  });
  // wasm-bindgen's no-modules glue defines the global \`wasm_bindgen\`.
  wasm = await wasm_bindgen({ module_or_path: ${JSON.stringify(publicUrl + staffWasm)} });
} else {
  wasm = await init({ module_or_path: ${JSON.stringify(wasm)} });
  window.wasmBindings = bindings;
}
} catch (error) {
  // In the language public/boot.js chose; text only, from this build's own strings.
  const lang = document.documentElement.getAttribute('data-boot-lang') || 'sv';
  const texts = START_FAILED[lang] || START_FAILED.sv;
  const notice = document.createElement('p');
  notice.className = 'start-failed';
  notice.setAttribute('role', 'alert');
  notice.textContent = texts.line;
  document.documentElement.setAttribute('data-start-failed', '');
  if (document.documentElement.hasAttribute('data-boot')) {
    // Only a loading line was showing: the notice gets a main landmark and a heading.
    const main = document.createElement('main');
    main.className = 'container site-main';
    main.lang = lang;
    const heading = document.createElement('h1');
    heading.textContent = texts.title;
    main.append(heading, notice);
    document.body.prepend(main);
  } else {
    // Above the static plan, which still reads.
    const wrapper = document.createElement('div');
    wrapper.className = 'container';
    wrapper.lang = lang;
    wrapper.append(notice);
    document.body.prepend(wrapper);
  }
  console.error('plan-explorer could not start:', error);
}
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`;
  // Named like trunk's own assets (16 hex digits of a content hash), so that the server
  // serves it as immutable and a new build gets a new name.
  const name = `init-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(staging, name), code);
  html = html.replace(
    whole,
    `<script type="module" src="${publicUrl}${name}" integrity="${sha384(code)}" crossorigin="anonymous"></script>`,
  );

  const wasmPreload = /<link\b[^>]*\brel="preload"[^>]*_bg\.wasm"[^>]*>\s*/gi;
  const preloads = [...html.matchAll(wasmPreload)];
  if (preloads.length !== 1) throw new Error(`expected one wasm preload from trunk, found ${preloads.length}`);
  html = html.replace(wasmPreload, '');

  const leftovers = [...html.matchAll(inlineScript)].length;
  const inlineStyles = /<style\b|\sstyle=|\son[a-z]+=/i.test(html);
  if (leftovers > 0 || inlineStyles) {
    throw new Error('index.html still has an inline script, style or event handler');
  }
  writeFileSync(indexPath, html);
  log(`the start-up script is now ${name}; the staff bundle is ${staffGlue}`);
}
