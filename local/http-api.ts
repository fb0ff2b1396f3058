// The template's HTTP API (API Gateway v2): routes by RouteKey (exact paths, {param}, {proxy+},
// ANY, $default), payload format 2.0 events to the integration's function, and the response
// mapping of format 2.0 (statusCode/headers/cookies/base64 body, or a bare value as JSON).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ApiRoute {
  routeKey: string;
  /** ARN of the integration's function. */
  functionArn: string;
  payloadFormatVersion: string;
  timeoutMs: number;
}

export interface CompiledRoute extends ApiRoute {
  method: string; // 'ANY' or upper-case method
  segments: string[]; // '' segments for the root path
  isDefault: boolean;
}

export type FunctionInvoker = (functionArn: string, event: unknown) => Promise<unknown>;

export interface HttpApiConfig {
  apiId: string;
  stage: string;
  routes: ApiRoute[];
  region: string;
  accountId: string;
}

export function compileRoutes(routes: ApiRoute[]): CompiledRoute[] {
  return routes.map((r) => {
    if (r.routeKey === '$default') return { ...r, method: 'ANY', segments: [], isDefault: true };
    const [method, path] = r.routeKey.split(' ');
    if (method === undefined || path === undefined || !path.startsWith('/')) throw new Error(`route key ${r.routeKey} is not "METHOD /path"`);
    return { ...r, method: method.toUpperCase(), segments: path.split('/').slice(1), isDefault: false };
  });
}

export interface RouteMatch { route: CompiledRoute; pathParameters: Record<string, string> }

/** The most specific route for a request, as API Gateway picks it. */
export function matchRoute(routes: CompiledRoute[], method: string, path: string): RouteMatch | undefined {
  const parts = path.split('/').slice(1);
  let best: { match: RouteMatch; score: number[] } | undefined;
  for (const route of routes) {
    if (route.isDefault) continue;
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < route.segments.length; i++) {
      const seg = route.segments[i]!;
      const greedy = /^\{([^}]+)\+\}$/.exec(seg);
      if (greedy !== null) {
        if (i !== route.segments.length - 1) { ok = false; break; }
        const rest = parts.slice(i);
        if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) { ok = false; break; }
        params[greedy[1]!] = safeDecode(rest.join('/'));
        score.push(1);
        break;
      }
      const part = parts[i];
      if (part === undefined) { ok = false; break; }
      const param = /^\{([^}]+)\}$/.exec(seg);
      if (param !== null) {
        if (part === '') { ok = false; break; }
        params[param[1]!] = safeDecode(part);
        score.push(2);
      } else if (seg === part) {
        score.push(3);
      } else {
        ok = false;
        break;
      }
      if (i === route.segments.length - 1 && parts.length !== route.segments.length) ok = false;
    }
    if (!ok) continue;
    score.push(route.method === 'ANY' ? 0 : 1);
    if (best === undefined || compareScores(score, best.score) > 0) best = { match: { route, pathParameters: params }, score };
  }
  if (best !== undefined) return best.match;
  const fallback = routes.find((r) => r.isDefault);
  return fallback === undefined ? undefined : { route: fallback, pathParameters: {} };
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// HTTP APIs pass text bodies as they are and base64-encode everything else.
const TEXT_TYPES = /^(text\/|application\/(json|[a-z0-9.+-]*\+json|xml|[a-z0-9.+-]*\+xml|javascript|graphql))/i;

export function toApiEvent(cfg: HttpApiConfig, route: RouteMatch, req: IncomingMessage, body: Buffer, sourceIp: string) {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies = [...(cookies ?? []), ...value.split(/;\s*/).filter(Boolean)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  const rawPath = url.pathname;
  return {
    version: '2.0',
    routeKey: route.route.routeKey,
    rawPath,
    rawQueryString: url.search.slice(1),
    ...(cookies !== undefined ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: cfg.accountId,
      apiId: cfg.apiId,
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: (headers['host'] ?? 'localhost').split('.')[0],
      http: { method, path: rawPath, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: route.route.routeKey,
      stage: cfg.stage,
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** Writes a format 2.0 function result as the HTTP response. */
export function writeApiResponse(res: ServerResponse, result: unknown): void {
  const structured = result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result;
  if (!structured) {
    // A bare value: API Gateway answers 200 with it as JSON (a string is passed through).
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const r = result as { statusCode: unknown; headers?: Record<string, unknown>; multiValueHeaders?: Record<string, unknown[]>; cookies?: unknown[]; body?: unknown; isBase64Encoded?: boolean };
  const status = Number(r.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    sendMessage(res, 500, 'Internal Server Error');
    return;
  }
  const body = r.body === undefined || r.body === null ? Buffer.alloc(0)
    : r.isBase64Encoded === true ? Buffer.from(String(r.body), 'base64')
      : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), 'utf8');
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.map(String).join(',');
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
}

export function sendMessage(res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
