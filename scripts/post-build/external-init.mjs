// post_build step: moves the inline module script trunk writes into index.html (it loads
// the JS glue and starts the wasm) into a file of its own, so that the site runs under
// `script-src 'self' 'wasm-unsafe-eval'` with no 'unsafe-inline' and no hashes (trunk has
// no option for this: trunk-rs/trunk#288).
//
// It also lets the static start page paint before the wasm is fetched (issue #10): trunk
// preloads the wasm from <head>, where its download (a third of a megabyte) shares a slow
// connection with the stylesheet and the page itself, and finishes before the first paint
// on a fast one, which makes Lighthouse count it towards the largest paint. The preload
// goes, and the script waits for the first frame (never more than 250 ms) before it starts
// the wasm.
//
// Reads and rewrites <staging>/index.html. Throws (failing the build) if index.html still
// holds any inline script or inline style afterwards, or if trunk's output no longer has the
// shape this step expects.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  const [whole, , body] = found[0];
  const start = /^const wasm = await init\(/m;
  if (!start.test(body)) throw new Error("trunk's start-up script no longer calls `const wasm = await init(`");
  const code =
    body
      .trim()
      .replace(
        start,
        [
          '// After the first paint, so that the static start page is not held up (issue #10);',
          '// at most 250 ms, since a page nobody sees (a background tab, a frame out of view)',
          '// gets no animation frames.',
          'await new Promise((resolve) => {',
          '  requestAnimationFrame(() => setTimeout(resolve, 0));',
          '  setTimeout(resolve, 250);',
          '});',
          '$&',
        ].join('\n'),
      ) + '\n';
  const wasmPreload = /<link\b[^>]*\brel="preload"[^>]*_bg\.wasm"[^>]*>\s*/gi;
  const preloads = [...html.matchAll(wasmPreload)];
  if (preloads.length !== 1) throw new Error(`expected one wasm preload from trunk, found ${preloads.length}`);
  html = html.replace(wasmPreload, '');
  // Named like trunk's own assets (16 hex digits of a content hash), so that the server
  // serves it as immutable and a new build gets a new name.
  const name = `init-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(staging, name), code);
  const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  html = html.replace(
    whole,
    `<script type="module" src="${publicUrl}${name}" integrity="${integrity}" crossorigin="anonymous"></script>`,
  );

  const leftovers = [...html.matchAll(inlineScript)].length;
  const inlineStyles = /<style\b|\sstyle=|\son[a-z]+=/i.test(html);
  if (leftovers > 0 || inlineStyles) {
    throw new Error('index.html still has an inline script, style or event handler');
  }
  writeFileSync(indexPath, html);
  log(`the start-up script is now ${name}`);
}
