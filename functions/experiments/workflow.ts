// The experiments workflow, as a function of its ports (handler.ts wires the real adapters).
//
// experiment-registered: store the experiment (conditional put), then enqueue one
//   'experiment-invitation' per involved person and mark the fan-out done.
// experiment-completed: record the completion (the api wrote it already; this fills in what is
//   missing), enqueue one 'experiment-learnings' per person of the network, put the experiment
//   and each involved person from outside it, put the experiment on the next meeting's agenda
//   proposal, and mark the fan-out done.
// experiment-person-added: one 'experiment-invitation' to a person involved after registration.
//
// Each step is idempotent: a duplicate event finds the marker set and stops, or repeats the
// fan-out after a crash; the mailer's per-mail claim keeps a repeated job from sending twice.
import type { DetailOf } from '../contract/events.js';
import type { ExperimentMailJob, ExperimentSnapshot, Recipient } from '../contract/mail-job.js';
import { involvedPersonId, recipientOf, type NetworkPerson } from '../domain/person/audience.js';
import type { Completion } from '../domain/experiment/model.js';
import { contactPerson, type InvolvedPerson } from '../domain/experiment/rules.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { MailQueue } from '../domain/mail/store.js';
import type { PeopleStore } from '../domain/person/store.js';

export interface ExperimentsPorts
  extends Pick<
      ExperimentStore,
      | 'saveExperiment'
      | 'getExperiment'
      | 'markInvitationsSent'
      | 'recordCompletion'
      | 'markLearningsShared'
      | 'findNextMeeting'
      | 'chooseAgendaMeeting'
      | 'putAgendaProposal'
    >,
    Pick<PeopleStore, 'listPeople'>,
    MailQueue {
  now?: () => Date;
}

export type RegisteredOutcome = { status: 'invited'; invitees: number } | { status: 'already-done' };
export type CompletedOutcome =
  | { status: 'shared'; recipients: number; agendaMeetingId: string | null }
  | { status: 'already-done' }
  | { status: 'skipped'; reason: string };

/** Mail jobs carry the experiment without the list of involved people (no one else's contact data). */
const mailSnapshot = (e: ExperimentSnapshot): ExperimentSnapshot => ({ ...e, involved: [] });

export function snapshotOf(detail: DetailOf<'experiment-registered'>): ExperimentSnapshot {
  const { schemaVersion: _schemaVersion, ...experiment } = detail;
  return experiment;
}

function involvedRecipient(p: InvolvedPerson, people: ReadonlyMap<string, NetworkPerson>): Recipient {
  const known = p.personId !== undefined ? people.get(p.personId) : undefined;
  return {
    personId: involvedPersonId(p),
    name: p.name,
    email: p.email,
    role: p.role,
    language: p.language,
    ...(known?.municipality !== undefined ? { municipality: known.municipality } : {}),
  };
}

export async function handleRegistered(detail: DetailOf<'experiment-registered'>, ports: ExperimentsPorts): Promise<RegisteredOutcome> {
  const experiment = snapshotOf(detail);
  const saved = await ports.saveExperiment(experiment);
  if (saved.record.invitationsSentAt !== undefined) return { status: 'already-done' };

  // A redelivery after a crash mails the people of the stored experiment (the first delivery's).
  const stored: ExperimentSnapshot = { ...experiment, involved: saved.record.involved ?? experiment.involved };
  const people = await ports.listPeople();
  const byId = new Map(people.map((p) => [p.personId, p]));
  const contact = contactPerson(stored.municipality, people);
  const jobs = stored.involved.map(
    (p): ExperimentMailJob => ({
      kind: 'experiment-invitation',
      experiment: mailSnapshot(stored),
      recipient: involvedRecipient(p, byId),
      ...(contact ? { contact } : {}),
    }),
  );
  await ports.enqueue(jobs);
  await ports.markInvitationsSent(stored.experimentId);
  return { status: 'invited', invitees: jobs.length };
}

export async function handleCompleted(detail: DetailOf<'experiment-completed'>, ports: ExperimentsPorts): Promise<CompletedOutcome> {
  const { schemaVersion: _schemaVersion, experimentId, ...completion } = detail;
  const record = await ports.recordCompletion(experimentId, completion);
  // Thrown, so the rule retries: the registration may still be on its way (then it lands in the DLQ).
  if (record === 'missing') throw new Error(`experiment ${experimentId} is not registered`);
  if (record === 'abandoned') return { status: 'skipped', reason: 'the experiment was abandoned' };
  if (record.learningsSharedAt !== undefined) return { status: 'already-done' };

  // The stored completion is the one shared: a redelivery cannot change what people were told.
  const shared: Completion = {
    outcome: record.outcome ?? completion.outcome,
    learnings: record.learnings ?? completion.learnings,
    reusable: record.reusable ?? completion.reusable,
  };
  const doDifferently = record.doDifferently ?? completion.doDifferently;
  if (doDifferently !== undefined) shared.doDifferently = doDifferently;
  const result = record.result ?? completion.result;
  if (result !== undefined) shared.result = result;
  const experiment: ExperimentSnapshot = {
    experimentId,
    municipality: record.municipality,
    title: record.title,
    challenge: record.challenge,
    plan: record.plan,
    startsOn: record.startsOn,
    plannedEndOn: record.plannedEndOn,
    involved: [],
  };

  const people = await ports.listPeople();
  const recipients = learningsRecipients(people, record.involved ?? []);
  await ports.enqueue(recipients.map((recipient): ExperimentMailJob => ({ kind: 'experiment-learnings', experiment, completion: shared, recipient })));

  const now = (ports.now ?? (() => new Date()))();
  let agendaMeetingId: string | null = record.agendaMeetingId ?? null;
  if (agendaMeetingId === null) {
    const next = await ports.findNextMeeting();
    if (next) agendaMeetingId = await ports.chooseAgendaMeeting(experimentId, next.meetingId);
  }
  if (agendaMeetingId !== null) {
    await ports.putAgendaProposal(agendaMeetingId, {
      experimentId,
      municipality: experiment.municipality,
      title: experiment.title,
      ...shared,
      proposedAt: now.toISOString(),
    });
  }
  await ports.markLearningsShared(experimentId);
  return { status: 'shared', recipients: recipients.length, agendaMeetingId };
}

/** Everyone of the network, and everyone involved from outside it (an outside consultant, a citizen): once each. */
export function learningsRecipients(people: readonly NetworkPerson[], involved: readonly InvolvedPerson[]): Recipient[] {
  const byId = new Map(people.map((p) => [p.personId, p]));
  const emails = new Set(people.map((p) => p.email.toLowerCase()));
  const members = people.map(recipientOf);
  const outsiders = involved.filter((p) => !emails.has(p.email.toLowerCase())).map((p) => involvedRecipient(p, byId));
  return [...members, ...outsiders];
}

export type PersonAddedOutcome = { status: 'invited' } | { status: 'skipped'; reason: string };

/** A person involved after registration gets the invitation the others got (the mailer's claim keeps it to one). */
export async function handlePersonAdded(detail: DetailOf<'experiment-person-added'>, ports: ExperimentsPorts): Promise<PersonAddedOutcome> {
  const record = await ports.getExperiment(detail.experimentId);
  if (!record) throw new Error(`experiment ${detail.experimentId} is not registered`);
  if (record.status === 'abandoned') return { status: 'skipped', reason: 'the experiment was abandoned' };
  const email = detail.person.email.toLowerCase();
  const person = (record.involved ?? []).find((p) => p.email.toLowerCase() === email);
  // Removed again before this event arrived: no invitation.
  if (!person) return { status: 'skipped', reason: 'no longer involved' };
  const people = await ports.listPeople();
  const contact = contactPerson(record.municipality, people);
  const { involved: _involved, ...fields } = record;
  const experiment: ExperimentSnapshot = {
    experimentId: fields.experimentId,
    municipality: fields.municipality,
    title: fields.title,
    challenge: fields.challenge,
    plan: fields.plan,
    startsOn: fields.startsOn,
    plannedEndOn: fields.plannedEndOn,
    involved: [],
  };
  await ports.enqueue([
    {
      kind: 'experiment-invitation',
      experiment,
      recipient: involvedRecipient(person, new Map(people.map((p) => [p.personId, p]))),
      ...(contact ? { contact } : {}),
    },
  ]);
  return { status: 'invited' };
}
