// Serves the facilitator app (web/, built by web/build.mjs into the api bundle's web/ folder when
// CDK bundles the api function) from the same origin as the API:
//   GET /                 -> 302 /app
//   GET /app, /app/...    the app: a file under /app/assets/, else index.html (the app routes itself)
// The pages carry a strict Content-Security-Policy: scripts and styles only from this origin.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { access, type ApiRoute } from '../auth/access.js';
import { bundleFile } from '../shared/bundle-files.js';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

export type WebAssets = ReadonlyMap<string, WebAsset>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built app beside the bundle (web/), read once per container. */
export const defaultWebDir = () => bundleFile('web');

export function loadWebAssets(dir: string): WebAssets | undefined {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return undefined;
  }
  const assets = new Map<string, WebAsset>();
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    assets.set(name.split('\\').join('/'), { body: readFileSync(join(dir, name)), contentType: type });
  }
  return assets.has('index.html') ? assets : undefined;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The sign-in link carries its token in the URL: never pass the URL on.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

function send(asset: WebAsset, cache: string): Result {
  const text = asset.contentType.startsWith('text/') || asset.contentType.startsWith('application/json') || asset.contentType.startsWith('image/svg');
  return {
    statusCode: 200,
    headers: { 'content-type': asset.contentType, 'cache-control': cache, ...SECURITY_HEADERS },
    body: text ? asset.body.toString('utf8') : asset.body.toString('base64'),
    isBase64Encoded: !text,
  };
}

const notBuilt = (): Result => ({
  statusCode: 503,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: 'The app is not part of this build (web/ was not built into the api bundle).',
});

export function webApp(load: () => WebAssets | undefined) {
  // Read once per container, also when the app is missing (no directory scan per request then).
  let loaded: { assets: WebAssets | undefined } | undefined;
  const assets = () => (loaded ??= { assets: load() }).assets;

  /** The app's page (index.html), for every path the app routes itself. */
  const page = (): Result => {
    const index = assets()?.get('index.html');
    return index ? send(index, 'no-store') : notBuilt();
  };

  const routes: ApiRoute[] = [
    {
      method: 'GET',
      path: '/',
      access: access.public,
      handler: async () => ({ statusCode: 302, headers: { location: '/app', 'cache-control': 'no-store' }, body: '' }),
    },
    // The router also matches "/app/" here.
    { method: 'GET', path: '/app', access: access.public, handler: async () => page() },
    {
      method: 'GET',
      path: '/app/{proxy+}',
      access: access.public,
      handler: async (event: Event) => {
        const rest = event.pathParameters?.proxy ?? '';
        if (rest.startsWith('assets/')) {
          const asset = assets()?.get(rest.slice('assets/'.length));
          if (!asset) return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' };
          return send(asset, 'no-cache');
        }
        return page();
      },
    },
  ];
  return { routes, page };
}
