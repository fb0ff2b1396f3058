// The api function: facilitator endpoints behind the HTTP API.
import { Env, requireEnv } from '../contract/environment.js';
import { publish } from '../adapters/publisher.js';
import { getSecret } from '../adapters/secrets.js';
import { networkSettings } from '../adapters/settings.js';
import { getMeeting, getMeetingWithInvitations, listMeetings, releaseReservation, reserveClose, reserveReschedule } from '../adapters/meeting-store.js';
import { getInvitation, saveAnswer } from '../adapters/invitation-store.js';
import { armFanOutCheck } from '../adapters/scheduler.js';
import { getReflection, listReflections, saveReflection } from '../adapters/reflection-store.js';
import {
  abandonExperiment,
  addExperimentNote,
  completeExperiment,
  getExperiment,
  getExperimentDetails,
  listAgendaProposals,
  listExperimentNotes,
  listExperiments,
  markCompletionPublished,
} from '../adapters/experiments-store.js';
import { setInvolved, updateExperiment } from '../adapters/experiment-edit-store.js';
import { createApiHandler } from './app.js';
import { recordAttendance } from '../adapters/attendance-store.js';
import { digestStore } from '../adapters/digest-store.js';
import { erasePerson, exportPerson } from '../adapters/privacy-store.js';
import { setMailPreference } from '../adapters/mail-status-store.js';
import { enqueue } from '../adapters/queue.js';
import { sessionsStore } from '../adapters/sessions-store.js';
import { backfillAddressKeys, createPerson, getPerson, importPeople, listPeople, personByAddress, updatePerson } from '../adapters/people-store.js';
import { defaultWebDir, loadWebAssets } from '../web/routes.js';
import { themeStore } from '../adapters/theme-store.js';
import { joinRequestStore } from '../adapters/join-request-store.js';
import { calendarFeedStore } from '../adapters/calendar-feed-store.js';

/** The config's facilitators (person ids), from the environment. */
const facilitators = () => (process.env[Env.Facilitators] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
/** The secret that signs the links in mail (cached per container by getSecret). */
const linkSecret = () => getSecret(requireEnv(Env.LinkSigningSecretArn));

export const handler = createApiHandler({
  apiToken: () => getSecret(requireEnv(Env.ApiTokenSecretArn)),
  settings: networkSettings,
  publish,
  listMeetings,
  getMeetingWithInvitations,
  auth: { store: sessionsStore, personByAddress, getPerson, facilitators, enqueueMail: (job) => enqueue([job]) },
  people: { listPeople, getPerson, personByAddress, createPerson, updatePerson, importPeople, backfillAddressKeys, facilitators },
  webAssets: () => loadWebAssets(defaultWebDir()),
  experiments: {
    listPeople,
    getExperiment,
    getExperimentDetails,
    listExperiments,
    addExperimentNote,
    abandonExperiment,
    completeExperiment,
    markCompletionPublished,
    listAgendaProposals,
    updateExperiment,
    setInvolved,
    listThemes: themeStore.listThemes,
    getMeeting,
  },
  privacy: { exportPerson, erasePerson },
  themes: { ...themeStore, getMeeting, listMeetings, listExperiments: () => listExperiments(), listReflections, listPeople },
  unsubscribe: { linkSecret, setMailPreference },
  attendance: { recordAttendance },
  digest: digestStore,
  search: { listExperiments, listExperimentNotes, listMeetings, listReflections, listPeople },
  calendarFeed: { ...calendarFeedStore, getPerson, linkSecret },
  join: { ...joinRequestStore, facilitators, listPeople, enqueueMail: (jobs) => enqueue(jobs) },
  lifecycle: {
    linkSecret,
    getMeeting,
    reserveReschedule,
    reserveClose,
    releaseReservation,
    armFanOutCheck,
    getInvitation,
    saveAnswer,
    saveReflection,
    getReflection,
    listReflections,
  },
});
