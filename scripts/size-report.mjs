// Prints the release bundle's sizes, raw and brotli-compressed, and fails if
// a budget is exceeded. Run after `trunk build --release --offline`.
//
//   node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

// Budgets for the brotli-compressed size, in bytes: what a browser downloads. Set a little
// above the sizes of 2026-12-02 (visitors' wasm 263.9 KiB, staff wasm 285.4 KiB, JS 11.7 KiB,
// CSS 4.6 KiB, after Leptos' erase_components, whole-number chart geometry and the staff view
// in a bundle of its own), so that a regression fails the test command (issue #10); lower
// them as the bundle shrinks. Raised on 2026-12-02 by what the overview view (issue #13) costs:
// visitors' wasm 264.4 → 275.4 KiB (+11.3 KB), staff wasm 285.2 → 295.8 KiB (+10.8 KB),
// CSS 4.7 → 5.2 KiB (+0.55 KB). Raised again by what the rest of #13 so far costs (the
// accessibility statement's text in three languages, the lists to take away with printing,
// CSV and the clipboard, the partner directory's own loading and error texts): visitors' wasm
// 275.4 → 290.6 KiB (+12.2 KB), staff wasm 295.8 → 312.5 KiB, JS 12.5 → 12.9 KiB (the glue
// of the clipboard, print and Blob bindings), CSS 5.2 → 5.5 KiB. The readable staff view (#13:
// view names, weekly chart, filter form, dates in words) added 11,129 bytes to the staff wasm
// and 326 to the CSS; its budgets grew by that. The editors' preview (#13: the preview page,
// the partner list from Excel with the csv crate, and the validator's JSON paths, which the
// staff bundle now carries) took the staff wasm to 353.9 KiB; keeping the visitors' views on
// an editor's files (a banner, the files from session storage) and focus kept through the
// start took the visitors' wasm to 294.5 KiB, their JS to 13.2 KiB (boot.js reads the
// preview's key) and the CSS to 6.0 KiB. On 2026-12-03 the visitors' wasm measured 295.0 to 295.2 KiB from one
// source (the build's absolute path is in the wasm, so a clone elsewhere differs by a few hundred
// bytes), and the CSS 6.3 KiB. Each budget is that figure and about 1 KB.
const GROUPS = [
  { label: "visitors' wasm", test: (name) => /^plan-explorer-[0-9a-f]+_bg\.wasm$/.test(name), budget: 303_300 },
  { label: 'staff view wasm', test: (name) => /^plan-explorer-staff-[0-9a-f]+_bg\.wasm$/.test(name), budget: 363_500 },
  // The visitors' JS: boot.js, the start-up script, the wasm's glue; embed.js (for host pages).
  { label: 'JS', test: (name) => name.endsWith('.js') && !name.startsWith('plan-explorer-staff-'), budget: 14_000 },
  { label: 'staff view JS', test: (name) => /^plan-explorer-staff-[0-9a-f]+\.js$/.test(name), budget: 9_500 },
  { label: 'CSS', test: (name) => name.endsWith('.css'), budget: 6_700 },
];

const dist = process.argv[2] ?? 'dist';
const names = readdirSync(dist);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let failed = false;
console.log('size report (release bundle):');
for (const { label, test, budget } of GROUPS) {
  const files = names.filter(test);
  if (files.length === 0) {
    console.log(`  ${label.padEnd(16)} missing from ${dist}`);
    failed = true;
    continue;
  }
  let raw = 0;
  let brotli = 0;
  for (const name of files) {
    const bytes = readFileSync(join(dist, name));
    raw += bytes.length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  const over = brotli > budget;
  failed ||= over;
  console.log(
    `  ${label.padEnd(16)} raw ${kb(raw).padStart(10)}  brotli ${kb(brotli).padStart(9)}  budget ${kb(budget).padStart(9)}  ${over ? 'OVER BUDGET' : 'ok'}  (${files.join(', ')})`,
  );
}
process.exit(failed ? 1 : 0);
