// The api function: facilitator endpoints behind the HTTP API.
//
// Cold start: the modules that construct the SDK clients (publisher, secrets, queue, scheduler, and
// dynamo through the sessions store the door needs) are imported here, so the clients are built at
// init. The stores of the route groups are ports loaded on their first call (lazyPorts), like the
// route modules themselves (route-groups.ts): a request compiles only its group's code.
import { Env, requireEnv } from '../contract/environment.js';
import { lazyPublisherOf } from '../adapters/publisher.js';
import { getSecret } from '../adapters/secrets.js';
import { networkSettings } from '../adapters/settings.js';
import { armFanOutCheck } from '../adapters/scheduler.js';
import { enqueue } from '../adapters/queue.js';
import { sessionsStore } from '../adapters/sessions-store.js';
import { defaultWebDir, loadWebAssets } from '../web/routes.js';
import { lazyPorts } from '../shared/lazy-ports.js';
import { createApiHandler } from './app.js';

// Every event schema (and zod) is compiled with the first publish, not at init: only some requests publish.
const publish = lazyPublisherOf(async () => (await import('../contract/events.js')).eventSchemas);
const meetings = lazyPorts(() => import('../adapters/meeting-store.js'), [
  'getMeeting',
  'getMeetingWithInvitations',
  'listMeetings',
  'releaseReservation',
  'reserveClose',
  'reserveReschedule',
]);
const invitations = lazyPorts(() => import('../adapters/invitation-store.js'), ['getInvitation', 'saveAnswer']);
const reflections = lazyPorts(() => import('../adapters/reflection-store.js'), ['getReflection', 'listReflections', 'saveReflection']);
const experiments = lazyPorts(() => import('../adapters/experiments-store.js'), [
  'abandonExperiment',
  'addExperimentNote',
  'completeExperiment',
  'getExperiment',
  'getExperimentDetails',
  'listAgendaProposals',
  'listExperimentNotes',
  'listExperiments',
  'markCompletionPublished',
]);
const experimentEdits = lazyPorts(() => import('../adapters/experiment-edit-store.js'), ['setInvolved', 'updateExperiment']);
const people = lazyPorts(() => import('../adapters/people-store.js'), [
  'backfillAddressKeys',
  'createPerson',
  'getPerson',
  'importPeople',
  'listPeople',
  'personByAddress',
  'updatePerson',
]);
const themeStore = lazyPorts(async () => (await import('../adapters/theme-store.js')).themeStore, [
  'listThemes',
  'createTheme',
  'renameTheme',
  'deleteTheme',
  'putMeetingThemes',
  'getMeetingThemes',
  'listMeetingThemes',
]);
const digestStore = lazyPorts(async () => (await import('../adapters/digest-store.js')).digestStore, [
  'setDigestSubscription',
  'isDigestSubscriber',
  'listDigestSubscribers',
]);
const joinRequestStore = lazyPorts(async () => (await import('../adapters/join-request-store.js')).joinRequestStore, [
  'countJoinAttempt',
  'saveJoinRequest',
  'listJoinRequests',
]);
const calendarFeedStore = lazyPorts(async () => (await import('../adapters/calendar-feed-store.js')).calendarFeedStore, [
  'existingFeedToken',
  'feedTokenOf',
  'revokeFeedToken',
  'personOfFeedToken',
  'invitationsOf',
  'meetingsOf',
]);
const privacy = lazyPorts(() => import('../adapters/privacy-store.js'), ['exportPerson', 'erasePerson']);
const attendance = lazyPorts(() => import('../adapters/attendance-store.js'), ['recordAttendance']);
const mailStatus = lazyPorts(() => import('../adapters/mail-status-store.js'), ['setMailPreference']);

/** The config's facilitators (person ids), from the environment. */
const facilitators = () => (process.env[Env.Facilitators] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
/** The secret that signs the links in mail (cached per container by getSecret). */
const linkSecret = () => getSecret(requireEnv(Env.LinkSigningSecretArn));
const { getMeeting, listMeetings } = meetings;
const { getPerson, listPeople } = people;
const { listExperiments } = experiments;
const { listReflections } = reflections;

export const handler = createApiHandler({
  apiToken: () => getSecret(requireEnv(Env.ApiTokenSecretArn)),
  settings: networkSettings,
  publish,
  listMeetings,
  getMeetingWithInvitations: meetings.getMeetingWithInvitations,
  auth: { store: sessionsStore, personByAddress: people.personByAddress, getPerson, facilitators, enqueueMail: (job) => enqueue([job]) },
  people: { ...people, facilitators },
  webAssets: () => loadWebAssets(defaultWebDir()),
  experiments: { ...experiments, ...experimentEdits, listPeople, listThemes: themeStore.listThemes, getMeeting },
  privacy,
  themes: { ...themeStore, getMeeting, listMeetings, listExperiments: () => listExperiments(), listReflections, listPeople },
  unsubscribe: { linkSecret, setMailPreference: mailStatus.setMailPreference },
  attendance,
  digest: digestStore,
  search: { listExperiments, listExperimentNotes: experiments.listExperimentNotes, listMeetings, listReflections, listPeople },
  calendarFeed: { ...calendarFeedStore, getPerson, linkSecret },
  join: { ...joinRequestStore, facilitators, listPeople, enqueueMail: (jobs) => enqueue(jobs) },
  lifecycle: { linkSecret, ...meetings, armFanOutCheck, ...invitations, ...reflections },
});
