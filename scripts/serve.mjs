// Serves the built app (dist/) the way it is served in production: static
// files, the right MIME type for .wasm, and index.html for app routes.
//
//   node scripts/serve.mjs [--dir dist] [--host 127.0.0.1] [--port 8080] [--api http://127.0.0.1:8787]
//
// --port 0 picks a free port; the first line printed names the address.
// --api forwards /api/* to the feedback collector, so the app and the
// collector share one origin (as behind the region's reverse proxy).
import { createServer, request as httpRequest } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const root = resolve(args.dir ?? 'dist');
const host = args.host ?? '127.0.0.1';
const port = Number(args.port ?? process.env.PORT ?? 8080);
const api = args.api ? new URL(args.api) : null;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

async function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null; // no path traversal
  try {
    const info = await stat(candidate);
    if (info.isFile()) return candidate;
    if (info.isDirectory()) {
      const index = join(candidate, 'index.html');
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    // fall through: not found
  }
  return null;
}

/** Forwards a request to the collector, streaming both ways. */
function proxyToApi(req, res) {
  const upstream = httpRequest(
    {
      hostname: api.hostname,
      port: api.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: api.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'the feedback collector is not reachable' }));
  });
  req.pipe(upstream);
}

const server = createServer(async (req, res) => {
  if (api && req.url.startsWith('/api/')) {
    proxyToApi(req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
    return;
  }
  const urlPath = new URL(req.url, 'http://localhost').pathname;
  let file = await fileFor(urlPath);
  // App routes (no file extension) get the app itself.
  if (!file && extname(urlPath) === '') file = join(root, 'index.html');
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end(`Not found: ${urlPath}\n`);
    return;
  }
  try {
    const body = await readFile(file);
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    // Data and the page itself may change at any time; hashed assets never do.
    const cache = /-[0-9a-f]{8,}\.(js|wasm|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache, ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Could not read ${urlPath}: ${error.message}\n`);
  }
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`plan-explorer: serving ${root} at http://${host}:${actual}/${api ? ` (api -> ${api.origin})` : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
