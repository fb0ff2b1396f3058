// End to end on the real template and bundles: the network's themes (seeded from networks/demo.json,
// edited through the API), a meeting tagged with a theme and the reflections left after it (one
// author agreed to be named, one did not), experiments with themes in two municipalities registered,
// changed after registration (a person added, the kind set) and completed — one "did not work" —
// and GET /api/patterns showing them under the theme per municipality and quarter. The outside
// consultant involved in an experiment gets its learnings mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import type { LocalCloud } from '../../local/cloud.js';
import type { ExperimentDetail, PatternCounts, PatternsAnswer, SearchAnswer, ThemeList } from '../../functions/contract/api-types.js';
import { quarterOfDate, quarterOfInstant } from '../../functions/domain/experiment/patterns.js';
import { scheduleMeeting, synthDemo, useDemoCloud, workDir } from './helpers.js';

const work = workDir('e2e-patterns');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
}, 600_000);
afterAll(() => work.cleanup());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const CONSULTANT = 'kirsten.konsulent@frivillig.example.org';
const LATE = 'bo.borger@example.org';

describe('patterns across the municipalities', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/cloud`);
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${cloud().urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${cloud().apiToken}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const mails = async () =>
    Promise.all(
      cloud().mail().map(async (m) => {
        const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
        const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
        return { to: to[0] ?? '', subject: parsed.subject ?? '', text: `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}` };
      }),
    );
  const reflectLink = (text: string) => /https?:\/\/[^\s"'<>]+\/reflect\?t=[A-Za-z0-9._%-]+/.exec(text.replace(/&amp;/g, '&'))?.[0];

  it('seeds the themes from the config and lets them be edited', async () => {
    const list = (await (await api('GET', '/api/themes')).json()) as ThemeList;
    expect(list.themes.map((t) => t.themeId).sort()).toEqual(['borgerinddragelse', 'frivillighed', 'ledelse-paa-tvaers', 'politiske-paradokser']);
    const created = await api('POST', '/api/themes', { name: 'Velfærdsteknologi' });
    expect(created.status).toBe(201);
    expect((await api('POST', '/api/themes', { name: 'velfærdsteknologi' })).status).toBe(409);
    const bad = await api('POST', '/api/themes', { name: '' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['name']);
    expect((await api('PATCH', '/api/themes/velfaerdsteknologi', { name: 'Teknologi i velfærden' })).status).toBe(200);
    expect((await api('DELETE', '/api/themes/velfaerdsteknologi')).status).toBe(204);
    expect((await api('DELETE', '/api/themes/velfaerdsteknologi')).status).toBe(404);
    // Deleted stays deleted: the config's seed is written once.
    const again = (await (await api('GET', '/api/themes')).json()) as ThemeList;
    expect(again.themes.map((t) => t.themeId)).not.toContain('velfaerdsteknologi');
    expect(again.themes).toHaveLength(4);
  });

  it('counts experiments, reflections and meetings under the theme per municipality and quarter', { timeout: 600_000 }, async () => {
    // A meeting of Kolding's and Varde's coordinators, hosted by Varde, about volunteering.
    const scheduled = await scheduleMeeting(cloud(), {
      title: 'Netværksmøde om frivillighed',
      agenda: ['Frivillige og politik'],
      startsAt: iso(start),
      endsAt: iso(start + 3 * HOUR),
      place: 'Varde Rådhus',
      hostMunicipality: 'Varde',
      audience: { municipalities: ['Kolding', 'Varde'], roles: ['coordinator'] },
      inspirers: [],
    });
    expect(scheduled.status).toBe(202);
    const { meetingId } = (await scheduled.json()) as { meetingId: string };
    await cloud().waitForIdle(60_000);
    const badTag = await api('PUT', `/api/meetings/${meetingId}/themes`, { themes: ['frivillighed', 'nope'] });
    expect(badTag.status).toBe(400);
    expect(((await badTag.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['themes.1']);
    expect((await api('PUT', `/api/meetings/${meetingId}/themes`, { themes: ['frivillighed'] })).status).toBe(200);

    // Experiments in Kolding and Varde, starting on the meeting's day.
    const register = async (municipality: string, title: string, themes: string[], involved: unknown[] = []) => {
      const r = await api('POST', '/api/experiments', {
        municipality, title, challenge: 'Frivillige uden at de bliver gratis arbejdskraft.', plan: 'Tre værksteder.',
        startsOn: day(start), plannedEndOn: day(start + 60 * DAY), themes, kind: 'will-people-use-it', plannedAtMeetingId: meetingId, involved,
      });
      expect(r.status, await r.clone().text()).toBe(202);
      return ((await r.json()) as { experimentId: string }).experimentId;
    };
    const refused = await api('POST', '/api/experiments', {
      municipality: 'Kolding', title: 'x', challenge: 'x', plan: 'x', startsOn: day(start), plannedEndOn: day(start), themes: ['nope'], kind: 'maybe',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['kind', 'themes.0']);

    const kolding = await register('Kolding', 'Frivillige i ældreplejen', ['frivillighed', 'politiske-paradokser'], [
      { name: 'Kirsten Konsulent', email: CONSULTANT, role: 'volunteer-consultant', language: 'da' },
    ]);
    const varde = await register('Varde', 'Frivilligcafé', ['frivillighed']);
    await cloud().waitForIdle(60_000);

    // Changed after registration: a citizen from outside joins (and is invited), the kind changes.
    await cloud().clearMail();
    const added = await api('POST', `/api/experiments/${varde}/involved`, { name: 'Bo Borger', email: LATE, role: 'citizen', language: 'da' });
    expect(added.status).toBe(200);
    expect(((await added.json()) as ExperimentDetail).involved.map((p) => p.email)).toEqual([LATE]);
    const patched = await api('PATCH', `/api/experiments/${varde}`, { kind: 'does-it-make-a-difference', presentedAtMeetingId: meetingId });
    expect(patched.status).toBe(200);
    expect((await patched.json()) as ExperimentDetail).toMatchObject({ kind: 'does-it-make-a-difference', presentedAtMeetingId: meetingId, plannedAtMeetingId: meetingId });
    await cloud().waitForIdle(60_000);
    expect((await mails()).filter((m) => m.to === LATE).map((m) => m.subject)).toEqual(['Invitation til eksperiment: Frivilligcafé']);

    // After the meeting: the follow-up, and two reflections (Mette agrees to be named, Anne-Marie does not).
    await cloud().setClock({ now: iso(start + 5 * HOUR) });
    await cloud().waitForIdle(60_000);
    await cloud().clearMail();
    expect((await api('POST', `/api/meetings/${meetingId}/follow-up`, { summary: 'Godt møde', decisions: [], nextSteps: [] })).status).toBe(202);
    await cloud().waitForIdle(60_000);
    const followUps = await mails();
    const post = (url: string, form: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    const linkOf = (email: string) => reflectLink(followUps.find((m) => m.to === email)!.text)!;
    expect((await post(linkOf('mette.kjaer@kolding.example.com'), `reflection=${encodeURIComponent('Frivillige vil have en klar rolle')}&shareName=yes`)).status).toBe(200);
    expect((await post(linkOf('anne.marie.friis@varde.example.com'), `reflection=${encodeURIComponent('Politikerne skal med tidligt')}`)).status).toBe(200);

    // Completed: Kolding's worked, Varde's did not. The outside consultant gets the learnings too.
    await cloud().clearMail();
    const complete = (id: string, result: string) =>
      api('POST', `/api/experiments/${id}/complete`, { outcome: 'Vi prøvede det.', learnings: ['Start i hverdagen'], reusable: 'Formatet.', doDifferently: 'Tidligere politisk opbakning.', result });
    expect((await complete(kolding, 'worked')).status).toBe(202);
    expect((await complete(varde, 'did-not-work')).status).toBe(202);
    await cloud().waitForIdle(120_000);
    const learnings = await mails();
    expect(learnings.filter((m) => m.to === CONSULTANT).map((m) => m.subject)).toEqual(['Det lærte vi: Frivillige i ældreplejen (Kolding)']);
    expect(learnings.filter((m) => m.to === LATE).map((m) => m.subject)).toEqual(['Det lærte vi: Frivilligcafé (Varde)']);
    const page = (await (await api('GET', `/api/experiments/${varde}`)).json()) as ExperimentDetail;
    expect(page).toMatchObject({ result: 'did-not-work', doDifferently: 'Tidligere politisk opbakning.', themes: ['frivillighed'] });

    // The patterns.
    const r = await api('GET', '/api/patterns');
    expect(r.status).toBe(200);
    const patterns = (await r.json()) as PatternsAnswer;
    expect(patterns.municipalities).toEqual(['Kolding', 'Ikast-Brande', 'Varde', 'Aalborg']);
    const frivillighed = patterns.themes.find((t) => t.themeId === 'frivillighed')!;
    const counts = (municipality: string, quarter?: string): PatternCounts =>
      (quarter === undefined ? frivillighed.byMunicipality : frivillighed.byQuarter.find((q) => q.quarter === quarter)!.byMunicipality).find((c) => c.municipality === municipality)!.counts;
    const none = { planned: 0, running: 0, completed: 0, abandoned: 0, withLearnings: 0, didNotWork: 0, reflections: 0, meetings: 0 };
    expect(counts('Kolding')).toEqual({ ...none, completed: 1, withLearnings: 1, reflections: 1 });
    expect(counts('Varde')).toEqual({ ...none, completed: 1, withLearnings: 1, didNotWork: 1, reflections: 1, meetings: 1 });
    expect(counts('Aalborg')).toEqual(none);

    const experimentQuarter = quarterOfDate(day(start));
    const meetingQuarter = quarterOfInstant(iso(start), 'Europe/Copenhagen');
    expect(counts('Kolding', experimentQuarter)).toMatchObject({ completed: 1, withLearnings: 1 });
    expect(counts('Varde', meetingQuarter)).toMatchObject({ meetings: 1 });
    expect(frivillighed.byQuarter.map((q) => q.quarter)).toEqual([...new Set([experimentQuarter, meetingQuarter, quarterOfInstant(iso(start + 5 * HOUR), 'Europe/Copenhagen')])].sort());

    // Behind the figures: the experiments and the reflections, named only with consent.
    expect(frivillighed.experiments.map((e) => [e.municipality, e.title, e.result]).sort()).toEqual([['Kolding', 'Frivillige i ældreplejen', 'worked'], ['Varde', 'Frivilligcafé', 'did-not-work']]);
    expect(frivillighed.reflections.map((x) => [x.municipality, x.text, x.name]).sort()).toEqual([
      ['Kolding', 'Frivillige vil have en klar rolle', 'Mette Kjær'],
      ['Varde', 'Politikerne skal med tidligt', null],
    ]);
    const paradoxes = patterns.themes.find((t) => t.themeId === 'politiske-paradokser')!;
    expect(paradoxes.byMunicipality.find((c) => c.municipality === 'Kolding')!.counts).toMatchObject({ completed: 1, reflections: 0, meetings: 0 });
    expect(paradoxes.byMunicipality.find((c) => c.municipality === 'Varde')!.counts.completed).toBe(0);

    // Find a learning, in the bundle as deployed: the search libraries load on the first search
    // (a dynamic import the api bundle evaluates only then), and a word finds its inflection.
    const found = await api('GET', `/api/search?q=${encodeURIComponent('politiker')}&lang=da`);
    expect(found.status).toBe(200);
    const { hits } = (await found.json()) as SearchAnswer;
    expect(hits.filter((h) => h.type === 'reflection').map((h) => [h.meetingId, h.snippet])).toEqual([[meetingId, 'Politikerne skal med tidligt']]);
  });
});
