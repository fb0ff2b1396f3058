// The rest of a meeting's life, as the meetings function sees it: reschedule, cancel, follow-up
// (meeting-held) and reminders. Every workflow is idempotent: the meeting item's version and
// status make a duplicate or out-of-date event a no-op, fan-out markers skip a finished fan-out,
// and the mailer's per-mail claim (meeting, version, kind, person) keeps repeated jobs from sending.
import type { DetailOf, RsvpAnswer } from '../contract/events.js';
import type { MailJob, MeetingMailJob, MeetingSnapshot, Recipient } from '../contract/mail-job.js';
import { meetingSnapshotOf as snapshotOf } from '../contract/mail-job-subject.js';
import { expandAudience, recipientOf } from '../domain/person/audience.js';
import type { MailQueue } from '../domain/mail/store.js';
import type { FollowUpRecord, InvitationRecord, MeetingRecord, PreviousDetails } from '../domain/meeting/model.js';
import { plannedFanOutCheck } from '../domain/meeting/fan-out.js';
import { followUpAudience } from '../domain/meeting/attendance.js';
import { isQuietChange, offsetsToSchedule, plannedReminders, reminderNames, reminderSettingsOf, reminderStillWanted } from '../domain/meeting/reminders.js';
import { checkReminder } from '../domain/meeting/state.js';
import type { FanOutCheckScheduler, InvitationStore, MeetingStore, ReminderScheduler } from '../domain/meeting/store.js';
import type { PeopleStore } from '../domain/person/store.js';
import { enqueueWithProgress, startProgress } from './progress.js';
import { pipelined } from './schedule.js';

export interface RunningExperiment {
  experimentId: string;
  municipality: string;
  title: string;
}

export interface ReminderPorts extends ReminderScheduler {
  /** The network's offsets: a meeting without its own reminders uses them. */
  reminderOffsetsHours(): readonly number[];
  now(): Date;
}

export interface LifecyclePorts
  extends ReminderPorts,
    Pick<MeetingStore, 'getMeeting' | 'applyReschedule' | 'closeMeeting' | 'markCloseFanOutDone' | 'markFanOutDone' | 'recordFanOutProgress' | 'recordReminderSent'>,
    Pick<InvitationStore, 'listInvitations' | 'putInvitations'>,
    Pick<PeopleStore, 'listPeople'>,
    FanOutCheckScheduler,
    MailQueue {
  /** Experiments with status running (the experiment store's listExperiments). */
  runningExperiments(): Promise<RunningExperiment[]>;
}

export type LifecycleOutcome =
  | { status: 'rescheduled'; updates: number; invitations: number; cancellations: number; reminders: number }
  | { status: 'cancelled'; cancellations: number }
  | { status: 'held'; followUps: number; shortNotes: number; copies: number; statusRequests: number }
  | { status: 'reminded'; reminders: number }
  | { status: 'nudged'; nudges: number }
  | { status: 'already-done' }
  | { status: 'skipped'; reason: string };

/** Thrown when an event names a meeting not stored yet: Lambda's async retry brings it back later. */
export class MeetingNotFoundYetError extends Error {
  constructor(meetingId: string) {
    super(`meeting ${meetingId} is not stored yet (its meeting-scheduled event may still be on the way)`);
    this.name = 'MeetingNotFoundYetError';
  }
}

const timeAndPlaceOf = ({ version: _v, title: _t, ...timeAndPlace }: PreviousDetails) => timeAndPlace;
const isActive = (i: InvitationRecord) => i.removedVersion === undefined;
const notDeclined = (i: InvitationRecord) => i.answer !== 'decline';

/** Creates a version's reminders, the meeting's own or the network's (none when off; offsets already past are skipped); returns how many. */
export async function scheduleReminders(
  meeting: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'startsAt' | 'reminders'>,
  ports: ReminderPorts,
): Promise<number> {
  const offsets = offsetsToSchedule(reminderSettingsOf(meeting, ports.reminderOffsetsHours()));
  const planned = plannedReminders(meeting, offsets, ports.now());
  await Promise.all(planned.map((r) => ports.createReminder(r)));
  return planned.length;
}

/**
 * Deletes a version's reminders, whichever of them exist: the network's offsets and those of the
 * meeting settings given (the version's own, and any it had before a change).
 */
export async function deleteReminders(
  meetingId: string,
  version: number,
  ports: ReminderPorts,
  ...settings: readonly (Pick<MeetingSnapshot, 'reminders'> | undefined)[]
): Promise<void> {
  const offsets = [...ports.reminderOffsetsHours(), ...settings.flatMap((m) => m?.reminders?.offsetsHours ?? [])];
  await Promise.all(reminderNames(meetingId, version, offsets).map((n) => ports.deleteReminder(n)));
}

// ---- meeting-rescheduled ----

export async function rescheduleMeeting(detail: DetailOf<'meeting-rescheduled'>, ports: LifecyclePorts): Promise<LifecycleOutcome> {
  const { schemaVersion: _s, changed, notify, ...next } = detail;
  let meeting = await ports.getMeeting(detail.meetingId);
  if (!meeting) throw new MeetingNotFoundYetError(detail.meetingId);

  // The reminders the version before had (the record is overwritten below): their schedules go.
  const remindersBefore = meeting.reminders ? { reminders: meeting.reminders } : undefined;
  if (meeting.version < next.version && meeting.status === 'scheduled') {
    const previous: PreviousDetails = {
      version: meeting.version,
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      ...(meeting.place !== undefined ? { place: meeting.place } : {}),
      ...(meeting.onlineUrl !== undefined ? { onlineUrl: meeting.onlineUrl } : {}),
    };
    // Conditional on the version order: of two racing deliveries, one applies it.
    const applied = await ports.applyReschedule(next, previous, changed);
    meeting = applied ? { ...meeting, ...next, previous } : await ports.getMeeting(detail.meetingId);
    if (!meeting) throw new MeetingNotFoundYetError(detail.meetingId);
  }
  if (meeting.status !== 'scheduled') return { status: 'skipped', reason: `meeting is ${meeting.status}` };
  if (meeting.version !== next.version) {
    return { status: 'skipped', reason: `event is for version ${next.version}, meeting is at ${meeting.version}` };
  }
  if ((meeting.fanOutVersion ?? 0) >= next.version) return { status: 'already-done' };
  await ports.armFanOutCheck(plannedFanOutCheck(meeting.meetingId, next.version, 1, ports.now()));

  const snapshot = snapshotOf(meeting);
  const v = snapshot.version;
  const previous = meeting.previous;
  const [people, invitations] = await Promise.all([ports.listPeople(), ports.listInvitations(snapshot.meetingId)]);
  const recipients = expandAudience(people, snapshot.audience, snapshot.inspirers);
  const wanted = new Set(recipients.map((r) => r.personId));

  // Who was invited before this version. An earlier attempt of this fan-out that crashed midway
  // may have written this version's invitations already: people it removed carry
  // removedVersion = v, and people it added carry invitedVersion = v with firstVersion = v.
  const before = new Map<string, InvitationRecord>();
  for (const i of invitations) {
    const knewBefore = isActive(i) ? (i.firstVersion ?? i.invitedVersion) < v : i.removedVersion === v;
    if (knewBefore) before.set(i.recipient.personId, i);
  }

  // The time and place the recipients were told before (what an update compares with).
  const told = previous && timeAndPlaceOf(previous);
  // One job per recipient, in the audience's order (written and enqueued together, in chunks).
  const jobs: MeetingMailJob[] = [];
  // Known people whose invitation moves to this version without a mail (a quiet change).
  const quietlyMoved: Recipient[] = [];
  const quiet = isQuietChange(changed);
  let updates = 0;
  let added = 0;
  for (const recipient of recipients) {
    const known = before.get(recipient.personId);
    if (known && quiet) {
      quietlyMoved.push(recipient);
    } else if (known) {
      updates++;
      jobs.push({
        kind: 'update',
        meeting: snapshot,
        recipient,
        changed,
        ...(told ? { previous: told } : {}),
        ...(known.answer ? { answer: known.answer } : {}),
      });
    } else {
      added++;
      jobs.push({ kind: 'invitation', meeting: snapshot, recipient });
    }
  }
  // Removed from the audience: a cancellation of the meeting as they knew it, at this version
  // (so its calendar SEQUENCE is above the request they hold).
  const removed = [...before.values()].filter((i) => !wanted.has(i.recipient.personId)).map((i) => i.recipient);
  const { place: _p, onlineUrl: _o, ...rest } = snapshot;
  const asTheyKnewIt: MeetingSnapshot = previous
    ? { ...rest, title: previous.title, ...told }
    : snapshot;
  const cancellations = removed.map((recipient): MeetingMailJob => ({ kind: 'cancellation', meeting: asTheyKnewIt, recipient, removedFromAudience: true }));

  const firstVersion = new Map(invitations.filter(isActive).map((i) => [i.recipient.personId, i.firstVersion ?? i.invitedVersion]));
  // An agenda edit saved without notice moves the invitations to this version but mails nobody.
  const mailed = (part: readonly MeetingMailJob[]) => (notify === false ? part.filter((j) => j.kind !== 'update') : part);
  const progress = await startProgress(ports, snapshot.meetingId, { version: v, kind: 'update', total: mailed(jobs).length + cancellations.length });
  const writeOptions = { firstVersion, endsAt: snapshot.endsAt };
  if (quietlyMoved.length > 0) await ports.putInvitations(snapshot.meetingId, v, quietlyMoved, writeOptions);
  // Each chunk's invitations move to this version before its mails are enqueued (as in scheduleMeeting).
  await pipelined(
    jobs,
    (part) => ports.putInvitations(snapshot.meetingId, v, part.map((j) => j.recipient), writeOptions),
    async (part) => {
      const out = mailed(part);
      if (out.length > 0) await ports.enqueue(out);
      await progress.advance(out.length);
    },
  );
  if (removed.length > 0) {
    await ports.putInvitations(snapshot.meetingId, v, [], { ...writeOptions, removed });
    await ports.enqueue(cancellations);
    await progress.advance(cancellations.length);
  }
  // The old version's reminders go; checkReminder stops any that fire anyway.
  if (previous) await deleteReminders(snapshot.meetingId, previous.version, ports, remindersBefore, snapshot);
  const reminders = await scheduleReminders(snapshot, ports);
  await ports.markFanOutDone(snapshot.meetingId, v);
  return { status: 'rescheduled', updates, invitations: added, cancellations: removed.length, reminders };
}

// ---- meeting-cancelled ----

export async function cancelMeeting(detail: DetailOf<'meeting-cancelled'>, ports: LifecyclePorts): Promise<LifecycleOutcome> {
  const m = await closed(detail.meetingId, { status: 'cancelled', reason: detail.reason }, ports);
  if (!('meetingId' in m)) return m;
  const snapshot = snapshotOf(m);
  const reason = m.cancelReason ?? detail.reason;
  await ports.armFanOutCheck(plannedFanOutCheck(m.meetingId, m.version, 1, ports.now()));
  // Every invitation is there: the api accepted the cancel only once the version's fan-out was out.
  const invitees = (await ports.listInvitations(m.meetingId)).filter(isActive);
  // Everyone invited, whatever they answered: the calendar entry must go.
  const jobs = invitees.map((i): MailJob => ({ kind: 'cancellation', meeting: snapshot, recipient: i.recipient, reason }));
  await enqueueWithProgress(ports, m.meetingId, { version: m.version, kind: 'cancellation' }, jobs);
  await deleteReminders(m.meetingId, m.version, ports, snapshot);
  await ports.markCloseFanOutDone(m.meetingId);
  return { status: 'cancelled', cancellations: invitees.length };
}

// ---- meeting-held (the follow-up) ----

export async function followUpMeeting(detail: DetailOf<'meeting-held'>, ports: LifecyclePorts): Promise<LifecycleOutcome> {
  const followUp: FollowUpRecord = { summary: detail.summary, decisions: detail.decisions, nextSteps: detail.nextSteps };
  const m = await closed(detail.meetingId, { status: 'held', followUp }, ports);
  if (!('meetingId' in m)) return m;
  const stored = m.followUp ?? followUp;
  const snapshot = snapshotOf(m);
  await ports.armFanOutCheck(plannedFanOutCheck(m.meetingId, m.version, 1, ports.now()));
  const [invitations, running] = await Promise.all([ports.listInvitations(m.meetingId), ports.runningExperiments()]);
  // With attendance recorded, those who came get it in full and the rest a shorter note; else everyone who did not decline.
  const audience = followUpAudience(invitations.filter(isActive), m.attendance);
  let statusRequests = 0;
  const jobs = audience.full.map(({ recipient }): MailJob => {
    const asked = statusRequestFor(recipient, running);
    if (asked.length > 0) statusRequests++;
    return {
      kind: 'follow-up',
      meeting: snapshot,
      recipient,
      followUp: { ...stored, ...(asked.length > 0 ? { statusRequest: asked } : {}) },
    };
  });
  for (const { recipient } of audience.absent) jobs.push({ kind: 'follow-up', meeting: snapshot, recipient, followUp: { ...stored, absent: true } });
  const sender = detail.sentBy ? (await ports.listPeople()).find((p) => p.personId === detail.sentBy) : undefined;
  if (sender) jobs.push({ kind: 'follow-up', meeting: snapshot, recipient: recipientOf(sender), followUp: { ...stored, copy: true } });
  await enqueueWithProgress(ports, m.meetingId, { version: m.version, kind: 'follow-up' }, jobs);
  await ports.markCloseFanOutDone(m.meetingId);
  return { status: 'held', followUps: audience.full.length, shortNotes: audience.absent.length, copies: sender ? 1 : 0, statusRequests };
}

/** A coordinator is asked, in their follow-up, for the status of their municipality's running experiments. */
export function statusRequestFor(recipient: Recipient, running: readonly RunningExperiment[]) {
  if (recipient.role !== 'coordinator' || recipient.municipality === undefined) return [];
  return running
    .filter((e) => e.municipality === recipient.municipality)
    .map((e) => ({ experimentId: e.experimentId, title: e.title }));
}

/**
 * Applies a cancel or held transition: the meeting when this delivery should (re)do the fan-out,
 * or an outcome when there is nothing to do.
 */
async function closed(
  meetingId: string,
  close: Parameters<LifecyclePorts['closeMeeting']>[1],
  ports: LifecyclePorts,
): Promise<MeetingRecord | LifecycleOutcome> {
  let meeting = await ports.getMeeting(meetingId);
  if (!meeting) throw new MeetingNotFoundYetError(meetingId);
  if (meeting.status === 'scheduled') {
    // Applied: the meeting is what closeMeeting wrote (no second read); else read what won instead.
    if (await ports.closeMeeting(meetingId, close)) {
      const { pendingStatus: _s, pendingVersion: _v, pendingAt: _a, pendingChange: _c, ...rest } = meeting;
      meeting = close.status === 'cancelled'
        ? { ...rest, status: 'cancelled', cancelReason: close.reason }
        : { ...rest, status: 'held', followUp: close.followUp };
    } else {
      meeting = await ports.getMeeting(meetingId);
      if (!meeting) throw new MeetingNotFoundYetError(meetingId);
      if (meeting.status === 'scheduled') throw new Error(`meeting ${meetingId} could not be marked ${close.status}`);
    }
  }
  if (meeting.status !== close.status) return { status: 'skipped', reason: `meeting is ${meeting.status}` };
  if (meeting.closeFanOutDone) return { status: 'already-done' };
  return meeting;
}

// ---- reminder-due ----

export async function sendReminders(detail: DetailOf<'reminder-due'>, ports: LifecyclePorts): Promise<LifecycleOutcome> {
  const meeting = await ports.getMeeting(detail.meetingId);
  if (!meeting) return { status: 'skipped', reason: 'no such meeting' };
  // Checked now, when it fires: a schedule left over from a cancelled or older version sends nothing.
  if (meeting.pendingStatus === 'cancelled') return { status: 'skipped', reason: 'meeting is being cancelled' };
  const check = checkReminder(meeting, detail.version, ports.now());
  if (!check.send) return { status: 'skipped', reason: check.reason };
  // A reminder the meeting no longer wants (turned off, or its offset changed) sends nothing; a nudge is asked for now.
  if (!detail.nudge && !reminderStillWanted(reminderSettingsOf(meeting, ports.reminderOffsetsHours()), detail.offsetHours)) {
    return { status: 'skipped', reason: `the meeting's reminders no longer include ${detail.offsetHours}h` };
  }
  const snapshot = snapshotOf(meeting);
  const active = (await ports.listInvitations(meeting.meetingId)).filter(isActive);
  // A nudge goes only to those without an answer; its mail has no offset, so the mailer's claim
  // (meeting, version, kind, person) lets each person have one nudge per version, however often asked.
  const invitees = detail.nudge ? active.filter((i) => i.answer === undefined) : active.filter(notDeclined);
  await ports.enqueue(
    invitees.map((i): MailJob => ({
      kind: 'reminder',
      meeting: snapshot,
      recipient: i.recipient,
      ...(detail.nudge ? {} : { reminderOffsetHours: detail.offsetHours }),
      ...(i.answer ? { answer: i.answer as RsvpAnswer } : {}),
    })),
  );
  const at = ports.now().toISOString();
  await ports.recordReminderSent(
    meeting.meetingId,
    detail.nudge
      ? { version: detail.version, nudge: true, at, recipients: invitees.length }
      : { version: detail.version, offsetHours: detail.offsetHours, at, recipients: invitees.length },
  );
  return detail.nudge ? { status: 'nudged', nudges: invitees.length } : { status: 'reminded', reminders: invitees.length };
}
