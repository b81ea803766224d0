// trunk post_build hook: moves the inline module script trunk writes into index.html
// (it loads the JS glue and starts the wasm) into a file of its own, so that the site
// runs under `script-src 'self' 'wasm-unsafe-eval'` with no 'unsafe-inline' and no
// hashes (trunk has no option for this: trunk-rs/trunk#288).
//
// Runs from Trunk.toml on every build; reads and rewrites $TRUNK_STAGING_DIR/index.html.
// Fails the build if index.html still holds any inline script or inline style afterwards.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('trunk-external-init: TRUNK_STAGING_DIR is not set; run me from trunk (Trunk.toml [[hooks]])');
  process.exit(2);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// An inline script is a <script> without src; trunk writes exactly one, a module.
const inlineScript = /<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi;
const found = [...html.matchAll(inlineScript)];
if (found.length !== 1 || !/type=["']?module/i.test(found[0][1])) {
  console.error(`trunk-external-init: expected one inline module script from trunk, found ${found.length}`);
  process.exit(1);
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
  console.error('trunk-external-init: index.html still has an inline script, style or event handler');
  process.exit(1);
}
writeFileSync(indexPath, html);
console.log(`trunk-external-init: the start-up script is now ${name}`);
