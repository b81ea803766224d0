// post_build step: moves the inline module script trunk writes into index.html (it loads
// the JS glue and starts the wasm) into a file of its own, so that the site runs under
// `script-src 'self' 'wasm-unsafe-eval'` with no 'unsafe-inline' and no hashes (trunk has
// no option for this: trunk-rs/trunk#288).
//
// Reads and rewrites <staging>/index.html. Throws (failing the build) if index.html still
// holds any inline script or inline style afterwards.
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
  const code = body.trim() + '\n';
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
