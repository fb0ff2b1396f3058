// Who may do what. The API token (scripts, integrations) and a facilitator's session may do
// everything; a municipal coordinator's session may read the experiment register and register,
// note, complete or abandon experiments of their own municipality, and nothing else (no
// meetings, no people): anything not listed below is refused with 403, so a route added later
// is closed to coordinators until it is listed here.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bodyText } from '../api/app.js';
import type { SessionRecord } from './core.js';

export type Principal = { kind: 'token' } | { kind: 'session'; sessionId: string; session: SessionRecord };

export type Decision =
  | { allow: true }
  | { allow: false; message: string }
  /** Allowed if the experiment (read by the caller) belongs to this municipality. */
  | { allow: 'if-experiment-of'; experimentId: string; municipality: string };

const EXPERIMENT_ACTION = /^\/api\/experiments\/([A-Za-z0-9-]{1,64})\/(notes|complete|abandon)\/?$/;

export function decide(principal: Principal, method: string, path: string, event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Decision {
  if (principal.kind === 'token' || principal.session.role === 'facilitator') return { allow: true };
  const own = principal.session.municipality;
  const m = method.toUpperCase();
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/api/session' || p === '/auth/sign-out') return { allow: true };
  if (own === undefined) return { allow: false, message: 'a coordinator without a municipality may not use the app' };
  if (m === 'GET' && (p === '/api/experiments' || /^\/api\/experiments\/[^/]+$/.test(p))) return { allow: true };
  if (m === 'POST' && p === '/api/experiments') {
    const municipality = bodyField(event, 'municipality');
    // A missing or invalid municipality is left to the route's validation (400).
    if (typeof municipality === 'string' && municipality.trim() !== own) {
      return { allow: false, message: `a coordinator may only register experiments for ${own}` };
    }
    return { allow: true };
  }
  const action = EXPERIMENT_ACTION.exec(p);
  if (m === 'POST' && action) return { allow: 'if-experiment-of', experimentId: action[1]!, municipality: own };
  if (p.startsWith('/api/meetings')) return { allow: false, message: 'only facilitators may schedule or change meetings' };
  if (p.startsWith('/api/people')) return { allow: false, message: 'only facilitators may manage the network\'s people' };
  return { allow: false, message: 'only facilitators may do this' };
}

function bodyField(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, field: string): unknown {
  if (!event.body) return undefined;
  try {
    const parsed: unknown = JSON.parse(bodyText(event));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}
