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
// them as the bundle shrinks. The readable staff view (#13: view names, weekly chart, filter
// form, dates in words) added 11,129 bytes to the staff wasm and 326 to the CSS, measured
// against the build before it; its budgets grew by that.
const GROUPS = [
  { label: "visitors' wasm", test: (name) => /^plan-explorer-[0-9a-f]+_bg\.wasm$/.test(name), budget: 274_000 },
  { label: 'staff view wasm', test: (name) => /^plan-explorer-staff-[0-9a-f]+_bg\.wasm$/.test(name), budget: 307_200 },
  // The visitors' JS: boot.js, the start-up script, the wasm's glue; embed.js (for host pages).
  { label: 'JS', test: (name) => name.endsWith('.js') && !name.startsWith('plan-explorer-staff-'), budget: 13_000 },
  { label: 'staff view JS', test: (name) => /^plan-explorer-staff-[0-9a-f]+\.js$/.test(name), budget: 9_000 },
  { label: 'CSS', test: (name) => name.endsWith('.css'), budget: 5_330 },
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
