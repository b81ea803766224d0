// trunk's one post_build hook (Trunk.toml): runs the build's finishing steps, in order,
// on $TRUNK_STAGING_DIR before trunk moves it to dist/. A step that throws fails the build.
//
// Each step is a function `step({ staging, publicUrl, log })` in scripts/post-build/.
import { externalInit } from './post-build/external-init.mjs';
import { precompress } from './post-build/precompress.mjs';
import { prerenderInject } from './post-build/prerender-inject.mjs';

const STEPS = [
  ['external-init', externalInit],
  ['prerender-inject', prerenderInject],
  // Steps that change or add files go here, before precompress, so their output gets its
  // .br and .gz twins too.
  ['precompress', precompress],
];

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('trunk-post-build: TRUNK_STAGING_DIR is not set; run me from trunk (Trunk.toml [[hooks]])');
  process.exit(2);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';

for (const [name, step] of STEPS) {
  const log = (line) => console.log(`trunk-post-build: ${name}: ${line}`);
  try {
    await step({ staging, publicUrl, log });
  } catch (error) {
    console.error(`trunk-post-build: ${name} failed: ${error.message}`);
    process.exit(1);
  }
}
