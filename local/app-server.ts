// The API/app port: /_local/ admin endpoints, the template's HTTP API routes, and a fallback
// (the web app, once it exists).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Activity } from './activity.js';
import type { StageThrottling } from './api-throttling.js';
import { handleAdmin, type AdminTarget } from './admin.js';
import { InvocationError } from './functions.js';
import { matchRoute, sendMessage, toApiEvent, writeApiResponse, type CompiledRoute, type FunctionInvoker, type HttpApiConfig } from './http-api.js';
import { readBody } from './aws-endpoint/wire.js';

export interface HttpApiRuntime {
  config: HttpApiConfig;
  routes: CompiledRoute[];
  invoke: FunctionInvoker;
  /** The stage's route throttling; none = unthrottled. */
  throttling?: StageThrottling;
}

export interface AppServerDeps {
  admin: AdminTarget;
  activity: Activity;
  /** Set once the template is read; until then only the admin endpoints answer. */
  api: () => HttpApiRuntime | undefined;
  /** Serves what no API route matches (the web app later); false = not handled. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  log: (line: string) => void;
}

export function createAppServer(deps: AppServerDeps): Server {
  return createServer((req, res) => {
    const end = (req.url ?? '').startsWith('/_local/idle') ? () => undefined : deps.activity.begin();
    serve(req, res, deps)
      .catch((err: unknown) => {
        deps.log(`api: ${(err as Error).stack ?? String(err)}`);
        if (!res.headersSent) sendMessage(res, 500, 'Internal Server Error');
        else res.destroy();
      })
      .finally(end);
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: AppServerDeps): Promise<void> {
  // API Gateway's payload limit for HTTP APIs is 10 MB.
  const body = await readBody(req, 10 * 1024 * 1024).catch(() => undefined);
  if (body === undefined) return sendMessage(res, 413, 'Request Entity Too Large');
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname.startsWith('/_local/')) return handleAdmin(req, body, res, deps.admin);
  const api = deps.api();
  let path = url.pathname;
  if (api !== undefined && api.config.stage !== '$default') {
    const prefix = `/${api.config.stage}`;
    path = path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) || '/' : '';
  }
  const match = api === undefined || path === '' ? undefined : matchRoute(api.routes, (req.method ?? 'GET').toUpperCase(), path);
  if (match === undefined || api === undefined) {
    if (deps.fallback !== undefined && await deps.fallback(req, res)) return;
    return sendMessage(res, 404, 'Not Found');
  }
  if (api.throttling?.allow(match.route.routeKey) === false) return sendMessage(res, 429, 'Too Many Requests');
  const event = toApiEvent(api.config, match, req, body, req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1');
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      api.invoke(match.route.functionArn, event),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new GatewayTimeout()), match.route.timeoutMs); }),
    ]);
    writeApiResponse(res, result);
  } catch (err) {
    if (err instanceof GatewayTimeout) return sendMessage(res, 503, 'Service Unavailable');
    if (err instanceof InvocationError) {
      deps.log(`api: ${err.functionName} failed: ${err.name}: ${err.message}`);
      return sendMessage(res, 500, 'Internal Server Error');
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

class GatewayTimeout extends Error {}
