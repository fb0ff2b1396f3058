// The experiments workflow, as a function of its ports (handler.ts wires the real adapters).
//
// experiment-registered: store the experiment (conditional put), then enqueue one
//   'experiment-invitation' per involved person and mark the fan-out done.
// experiment-completed: record the completion (the api wrote it already; this fills in what is
//   missing), enqueue one 'experiment-learnings' per person of the network, put the experiment
//   on the next meeting's agenda proposal, and mark the fan-out done.
//
// Each step is idempotent: a duplicate event finds the marker set and stops, or repeats the
// fan-out after a crash; the mailer's per-mail claim keeps a repeated job from sending twice.
import type { DetailOf } from '../contract/events.js';
import type { ExperimentMailJob, ExperimentSnapshot, Recipient } from '../contract/mail-job.js';
import { involvedPersonId, type NetworkPerson } from '../domain/person/audience.js';
import type { Completion } from '../domain/experiment/model.js';
import { contactPerson, type InvolvedPerson } from '../domain/experiment/rules.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { MailQueue } from '../domain/mail/store.js';
import type { PeopleStore } from '../domain/person/store.js';

export interface ExperimentsPorts
  extends Pick<
      ExperimentStore,
      | 'saveExperiment'
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
  await ports.enqueue(
    people.map(
      (p): ExperimentMailJob => ({
        kind: 'experiment-learnings',
        experiment,
        completion: shared,
        recipient: {
          personId: p.personId,
          name: p.name,
          email: p.email,
          role: p.role,
          language: p.language,
          ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
        },
      }),
    ),
  );

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
  return { status: 'shared', recipients: people.length, agendaMeetingId };
}
