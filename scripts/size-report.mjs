// Prints the release bundle's sizes, raw and brotli-compressed, and fails if
// a budget is exceeded. Run after `trunk build --release --offline`.
//
//   node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

// Budgets for the brotli-compressed size, in bytes: what a visitor downloads.
// Set a little above the sizes of 2026-12-02 (wasm 284.8 KiB, JS 11.6 KiB, CSS 4.6 KiB, after
// Leptos' erase_components and whole-number chart geometry), so that a regression fails the
// test command (issue #10); lower them as the bundle shrinks.
const BROTLI_BUDGET = { '.wasm': 296_000, '.js': 12_500, '.css': 5_000 };

const dist = process.argv[2] ?? 'dist';
const totals = {};
for (const name of readdirSync(dist)) {
  const kind = extname(name);
  if (!(kind in BROTLI_BUDGET)) continue;
  const bytes = readFileSync(join(dist, name));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  totals[kind] ??= { raw: 0, brotli: 0, files: [] };
  totals[kind].raw += bytes.length;
  totals[kind].brotli += brotli;
  totals[kind].files.push(name);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let failed = false;
console.log('size report (release bundle):');
for (const [kind, budget] of Object.entries(BROTLI_BUDGET)) {
  const total = totals[kind];
  if (!total) {
    console.log(`  ${kind.padEnd(5)} missing from ${dist}`);
    failed = true;
    continue;
  }
  const over = total.brotli > budget;
  failed ||= over;
  console.log(
    `  ${kind.padEnd(5)} raw ${kb(total.raw).padStart(10)}  brotli ${kb(total.brotli).padStart(9)}  budget ${kb(budget).padStart(9)}  ${over ? 'OVER BUDGET' : 'ok'}  (${total.files.join(', ')})`,
  );
}
process.exit(failed ? 1 : 0);
