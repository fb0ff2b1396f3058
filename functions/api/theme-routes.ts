// The network's themes and paradoxes, the themes of a meeting, and the patterns across the
// municipalities. Mounted by app.ts when its `themes` ports are wired.
//   GET    /api/themes                     everyone signed in (experiments and meetings are tagged with them)
//   POST   /api/themes, PATCH|DELETE /api/themes/{themeId}       facilitators
//   GET|PUT /api/meetings/{meetingId}/themes                      facilitators
//   GET    /api/patterns                   everyone signed in
// Written here directly: nothing else reacts to a theme, and the caller learns at once (409, 404).
import type * as Api from '../contract/api-types.js';
import type { MeetingSummary, ReflectionRecord } from '../domain/meeting/model.js';
import type { ExperimentSummary } from '../domain/experiment/model.js';
import { patterns, type PatternReflectionInput } from '../domain/experiment/patterns.js';
import { validateBody } from '../domain/field-errors.js';
import type { NetworkPerson } from '../domain/person/audience.js';
import { byName, MeetingThemesBody, themeIdErrors, themeIdOf, ThemeBody } from '../domain/theme/rules.js';
import type { ThemeStore } from '../domain/theme/store.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, json, noSuch, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';

export type ThemeApiPorts = ThemeStore & {
  getMeeting(meetingId: string): Promise<unknown>;
  listMeetings(): Promise<MeetingSummary[]>;
  listExperiments(): Promise<ExperimentSummary[]>;
  listReflections(meetingId: string): Promise<ReflectionRecord[]>;
  listPeople(): Promise<NetworkPerson[]>;
};

const themeAccess = access.facilitators('only facilitators may change the themes');
const meetingThemeAccess = access.facilitators('only facilitators may change the themes of a meeting');

/** The theme list, seeded from the config on first use. */
export const themesOf = (context: ApiContext, store: Pick<ThemeStore, 'listThemes'>) => async () => byName(await store.listThemes(context.settings().themes, context.now()));

export function themeRoutes(context: ApiContext, ports: ThemeApiPorts): ApiRoute[] {
  const themes = themesOf(context, ports);

  async function list(): Promise<Result> {
    return json(200, { themes: await themes() } satisfies Api.ThemeList);
  }

  async function create(event: Event): Promise<Result> {
    const body = validateBody(ThemeBody, readJsonBody(event));
    if (!body.ok) return invalid('theme', body.errors);
    await themes(); // the seed first, so the config's themes keep their ids
    const theme: Api.Theme = { themeId: themeIdOf(body.value.name), name: body.value.name, createdAt: context.now().toISOString() };
    if ((await ports.createTheme(theme)) === 'exists') throw new HttpError(409, `a theme like "${body.value.name}" exists already (${theme.themeId})`);
    return json(201, theme satisfies Api.Theme, { location: `/api/themes/${theme.themeId}` });
  }

  async function rename(event: Event): Promise<Result> {
    const themeId = pathIdOr404(event, 'themeId', 'theme');
    const body = validateBody(ThemeBody, readJsonBody(event));
    if (!body.ok) return invalid('theme', body.errors);
    const clash = (await themes()).find((t) => t.themeId !== themeId && themeIdOf(t.name) === themeIdOf(body.value.name));
    if (clash) throw new HttpError(409, `another theme is called "${clash.name}"`);
    const renamed = await ports.renameTheme(themeId, body.value.name);
    if (!renamed) throw noSuch('theme', themeId);
    return json(200, renamed satisfies Api.Theme);
  }

  async function remove(event: Event): Promise<Result> {
    const themeId = pathIdOr404(event, 'themeId', 'theme');
    await themes();
    if (!(await ports.deleteTheme(themeId))) throw noSuch('theme', themeId);
    return { statusCode: 204, body: '' };
  }

  async function meetingThemes(event: Event): Promise<Result> {
    const meetingId = pathIdOr404(event, 'meetingId', 'meeting');
    if (!(await ports.getMeeting(meetingId))) throw noSuch('meeting', meetingId);
    return json(200, { meetingId, themes: await ports.getMeetingThemes(meetingId) } satisfies Api.MeetingThemes);
  }

  async function setMeetingThemes(event: Event): Promise<Result> {
    const meetingId = pathIdOr404(event, 'meetingId', 'meeting');
    const body = validateBody(MeetingThemesBody, readJsonBody(event));
    if (!body.ok) return invalid('themes', body.errors);
    const errors = themeIdErrors(body.value.themes, await themes());
    if (errors.length > 0) return invalid('themes', errors);
    if (!(await ports.getMeeting(meetingId))) throw noSuch('meeting', meetingId);
    await ports.putMeetingThemes(meetingId, body.value.themes);
    return json(200, { meetingId, themes: body.value.themes } satisfies Api.MeetingThemes);
  }

  async function patternsAnswer(): Promise<Result> {
    const settings = context.settings();
    const [list, experiments, meetings, meetingThemes, people] = await Promise.all([
      themes(),
      ports.listExperiments(),
      ports.listMeetings(),
      ports.listMeetingThemes(),
      ports.listPeople(),
    ]);
    const tagged = meetings.filter((m) => (meetingThemes.get(m.meetingId) ?? []).length > 0);
    const municipalityOf = new Map(people.map((p) => [p.personId, p.municipality]));
    // One Query per meeting with themes: the network has tens of meetings a year.
    const reflections: PatternReflectionInput[] = (
      await Promise.all(tagged.map(async (m) => (await ports.listReflections(m.meetingId)).map((r) => ({ ...r, meetingId: m.meetingId }))))
    )
      .flat()
      .map((r) => {
        const municipality = municipalityOf.get(r.personId);
        return {
          meetingId: r.meetingId,
          text: r.text,
          submittedAt: r.submittedAt,
          name: r.name,
          ...(r.shareName !== undefined ? { shareName: r.shareName } : {}),
          ...(municipality !== undefined ? { municipality } : {}),
        };
      });
    const answer = patterns({
      themes: list,
      municipalities: settings.municipalities,
      timeZone: settings.timeZone,
      experiments,
      meetings: tagged.map((m) => ({ ...m, themes: meetingThemes.get(m.meetingId) ?? [] })),
      reflections,
    });
    return json(200, answer satisfies Api.PatternsAnswer);
  }

  return [
    { method: 'GET', path: '/api/themes', access: access.coordinators, handler: list },
    { method: 'POST', path: '/api/themes', access: themeAccess, handler: create },
    { method: 'PATCH', path: '/api/themes/{themeId}', access: themeAccess, handler: rename },
    { method: 'DELETE', path: '/api/themes/{themeId}', access: themeAccess, handler: remove },
    { method: 'GET', path: '/api/meetings/{meetingId}/themes', access: meetingThemeAccess, handler: meetingThemes },
    { method: 'PUT', path: '/api/meetings/{meetingId}/themes', access: meetingThemeAccess, handler: setMeetingThemes },
    { method: 'GET', path: '/api/patterns', access: access.coordinators, handler: patternsAnswer },
  ];
}
