// post_build step, after external-init: writes the start page (the plan in Swedish, from
// public/data/plan.json through plan-core's validation) into the staged index.html as static
// HTML, right after <body>, so it paints before the wasm arrives and reads without
// JavaScript. The markup comes from crates/plan-prerender; the app removes it when its own
// identical view is ready (src/browser/prerendered.rs).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @param {{ staging: string, log: (line: string) => void }} build */
export function prerenderInject({ staging, log }) {
  let page;
  try {
    // A native build of plan-core and this small bin (seconds once built); the data is
    // validated as the app validates it, so a broken plan.json fails the build here.
    page = execFileSync(
      'cargo',
      ['run', '--quiet', '--offline', '--locked', '-p', 'plan-prerender', '--',
        join(root, 'public/data/plan.json'), join(root, 'public/config.json'), join(root, 'locales')],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ).trim();
  } catch (error) {
    throw new Error(`plan-prerender failed (${error.status ?? error.message})`);
  }
  // The generator escapes every data text, so no tag can come from the data; checked anyway,
  // since the site's CSP forbids inline script and style.
  if (!page.startsWith('<div class="app" id="prerendered">') || /<script\b|<style\b|\sstyle=|\son[a-z]+=/i.test(page)) {
    throw new Error('unexpected output from plan-prerender');
  }
  const indexPath = join(staging, 'index.html');
  const html = readFileSync(indexPath, 'utf8');
  const bodies = [...html.matchAll(/<body\b[^>]*>/gi)];
  if (bodies.length !== 1 || html.includes('id="prerendered"')) {
    throw new Error('expected one <body> and no start page yet in index.html');
  }
  const at = bodies[0].index + bodies[0][0].length;
  writeFileSync(indexPath, html.slice(0, at) + page + html.slice(at));
  log(`the start page is in index.html (${page.length} bytes)`);
}
