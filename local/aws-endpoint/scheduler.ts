// EventBridge Scheduler over REST-JSON: /schedules/{Name} (POST create, PUT update, GET, DELETE)
// and GET /schedules (list), with the group from the body or ?groupName=; GET /schedule-groups[/{Name}].
import type { LocalScheduler, Schedule } from '../scheduler.js';
import type { LocalCatalog } from './catalog.js';
import { AwsError } from './wire.js';

export function handleScheduler(method: string, url: URL, input: Record<string, unknown>, scheduler: LocalScheduler): { op: string; result: unknown } {
  const m = /^\/schedules\/([^/]+)$/.exec(url.pathname);
  if (url.pathname === '/schedules' && method === 'GET') {
    const group = url.searchParams.get('ScheduleGroup') ?? undefined;
    const prefix = url.searchParams.get('NamePrefix') ?? '';
    const state = url.searchParams.get('State');
    const Schedules = scheduler.list(group).filter((s) => s.Name.startsWith(prefix) && (state === null || (s.State ?? 'ENABLED') === state)).map((s) => ({
      Arn: s.Arn, Name: s.Name, GroupName: s.GroupName, State: s.State ?? 'ENABLED',
      CreationDate: s.CreationDate, LastModificationDate: s.LastModificationDate, Target: { Arn: s.Target.Arn },
    }));
    return { op: 'ListSchedules', result: { Schedules } };
  }
  if (m === null) throw new AwsError(404, 'ResourceNotFoundException', `no route for ${method} ${url.pathname}`);
  const name = decodeURIComponent(m[1]!);
  const group = (typeof input['GroupName'] === 'string' ? input['GroupName'] : url.searchParams.get('groupName')) ?? 'default';
  const existing = scheduler.get(group, name);
  const notFound = () => new AwsError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
  switch (method) {
    case 'POST':
    case 'PUT': {
      const op = method === 'POST' ? 'CreateSchedule' : 'UpdateSchedule';
      if (method === 'POST' && existing !== undefined) throw new AwsError(409, 'ConflictException', `Schedule ${name} already exists.`);
      if (method === 'PUT' && existing === undefined) throw notFound();
      const expr = input['ScheduleExpression'];
      const target = input['Target'] as Schedule['Target'] | undefined;
      if (typeof expr !== 'string') throw new AwsError(400, 'ValidationException', 'ScheduleExpression is required.');
      if (target === undefined || typeof target.Arn !== 'string') throw new AwsError(400, 'ValidationException', 'Target.Arn is required.');
      if (input['FlexibleTimeWindow'] === undefined) throw new AwsError(400, 'ValidationException', 'FlexibleTimeWindow is required.');
      const now = Date.now() / 1000;
      const s: Schedule = {
        ...(input as Partial<Schedule>),
        Name: name,
        GroupName: group,
        Arn: scheduler.arnOf(group, name),
        ScheduleExpression: expr,
        Target: target,
        CreationDate: existing?.CreationDate ?? now,
        LastModificationDate: now,
      };
      delete (s as { ClientToken?: unknown }).ClientToken;
      scheduler.put(s);
      return { op, result: { ScheduleArn: s.Arn } };
    }
    case 'GET': {
      if (existing === undefined) throw notFound();
      const { firedAt: _f, ...shown } = existing;
      return { op: 'GetSchedule', result: shown };
    }
    case 'DELETE': {
      if (!scheduler.delete(group, name)) throw notFound();
      return { op: 'DeleteSchedule', result: {} };
    }
    default:
      throw new AwsError(405, 'ValidationException', `${method} is not supported on ${url.pathname}`);
  }
}

/** GET /schedule-groups (ListScheduleGroups) and GET /schedule-groups/{Name} (GetScheduleGroup). */
export function handleScheduleGroups(method: string, url: URL, catalog: LocalCatalog): { op: string; result: unknown } {
  if (method !== 'GET') throw new AwsError(405, 'ValidationException', `${method} is not supported on ${url.pathname} by the local cloud`);
  if (url.pathname === '/schedule-groups') {
    const prefix = url.searchParams.get('NamePrefix') ?? '';
    return { op: 'ListScheduleGroups', result: { ScheduleGroups: catalog.scheduleGroups.filter((g) => g.Name.startsWith(prefix)) } };
  }
  const name = decodeURIComponent(url.pathname.slice('/schedule-groups/'.length));
  const group = catalog.scheduleGroups.find((g) => g.Name === name);
  if (group === undefined) throw new AwsError(404, 'ResourceNotFoundException', `Schedule group ${name} does not exist.`);
  return { op: 'GetScheduleGroup', result: group };
}
