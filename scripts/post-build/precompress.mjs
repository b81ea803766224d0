// post_build step: writes a brotli (quality 11) and a gzip (level 9) twin beside every
// text or wasm file of the build, so that the server sends compressed bytes without
// compressing on every request (the collector sends `x.br`/`x.gz` for `x` when the
// browser accepts it; other hosts can do the same, see the README's Hosting section).
//
// A twin that would not be smaller than its file is not written (and a stale one from an
// earlier build is removed), so the server falls back to the file itself.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The kinds of file worth compressing; images other than SVG already are. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.json', '.svg', '.txt']);

const ENCODERS = {
  '.br': (bytes) =>
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  '.gz': (bytes) => gzipSync(bytes, { level: 9 }),
};

/** Every file under `dir`, recursively. */
function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** @param {{ staging: string, log: (line: string) => void }} build */
export function precompress({ staging, log }) {
  let files = 0;
  let raw = 0;
  const written = { '.br': 0, '.gz': 0 };
  const skipped = [];
  for (const path of [...filesUnder(staging)]) {
    if (!COMPRESSIBLE.has(extname(path).toLowerCase())) continue;
    const bytes = readFileSync(path);
    files += 1;
    raw += bytes.length;
    for (const [suffix, encode] of Object.entries(ENCODERS)) {
      const twin = path + suffix;
      const compressed = encode(bytes);
      if (compressed.length < bytes.length) {
        writeFileSync(twin, compressed);
        written[suffix] += compressed.length;
      } else {
        rmSync(twin, { force: true });
        skipped.push(relative(staging, twin));
      }
    }
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  log(
    `${files} files, ${kib(raw)} raw: .br ${kib(written['.br'])}, .gz ${kib(written['.gz'])}` +
      (skipped.length ? `; not smaller, so not written: ${skipped.join(', ')}` : ''),
  );
}

