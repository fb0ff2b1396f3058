// Runs the lifecycle model (lifecycle-model.ts) against a started local cloud: seeds a few hundred
// people, then per fast-check run schedules one meeting with a title of its own, runs the commands,
// clears the faults, lets everything settle and checks the meeting's stored state, every
// invitee's mail (lifecycle-mail.ts) and the dead-letter and on-failure queues.
// Used by test/e2e/lifecycle-model.test.ts (a few runs in `npm test`) and scripts/lifecycle-model.ts.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { LocalCloud } from '../../local/cloud.js';
import { seedLocalCloudPeople } from './seed-people.js';
import { mailsAbout, violations } from './lifecycle-mail.js';
import { DAY, HOUR, MUNICIPALITIES, PAST_CLAIM_LEASE_MS, expectedFinal, initialModel, issueExamples, lifecycleCommands, scheduleCommand, settle, type LifecycleCommands, type LifecycleReal } from './lifecycle-model.js';

export interface LifecycleModelOptions {
  runs: number;
  seed: number;
  /** Commands per run after the meeting is scheduled (at most). */
  maxCommands: number;
  /** Stop at the first counterexample instead of shrinking it (each run takes seconds). */
  endOnFailure: boolean;
  /** Run issue 13's reported interleavings first (they count towards `runs`). */
  withIssueExamples: boolean;
  /** fast-check's replay path of a counterexample (with its seed). */
  path?: string;
  /** The network's people (network file), to know who an audience is. */
  networkPeople: ReadonlyArray<{ email: string; municipality?: string }>;
  timeZone: string;
  log?: (line: string) => void;
}

/** `count` people split over MUNICIPALITIES, written as the seed custom resource writes people. */
export async function seedPeople(cloud: LocalCloud, count: number): Promise<Array<{ email: string; municipality: string }>> {
  const people = Array.from({ length: count }, (_, i) => ({
    id: `model-${i}`, name: `Deltager ${i}`, email: `model.${i}@example.org`, role: 'coordinator',
    municipality: MUNICIPALITIES[i % MUNICIPALITIES.length]!, language: i % 5 === 0 ? 'en' : 'da',
  }));
  await seedLocalCloudPeople(cloud.urls.dynamodb, cloud.network, people);
  return people;
}

const INSPIRER = { name: 'Ina Inspirator', email: 'ina.inspirator@example.com', topic: 'Samskabelse', language: 'en' as const };

const dlqDepths = (cloud: LocalCloud) => cloud.stats().deadLetterQueues;

const MAILER_KILLED = /killed after SES accepted its mail/;

/**
 * On AWS the queue brings a killed mailer's batch back after its 6-minute visibility timeout, when
 * the claims' 5-minute lease has run out; timeScale shortens the former and not the latter (the
 * local clock), so the clock jumps over the lease as soon as the mailer was killed.
 */
function jumpOverClaimLeaseAfterMailerCrash(r: LifecycleReal): () => void {
  let seen = r.cloud.logs().filter((l) => MAILER_KILLED.test(l)).length;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const killed = r.cloud.logs().filter((l) => MAILER_KILLED.test(l)).length;
    if (killed <= seen) return;
    seen = killed;
    busy = true;
    r.trace.push('mailer killed after a send: clock past the claim lease');
    r.cloud.setClock({ advanceMs: PAST_CLAIM_LEASE_MS }).finally(() => { busy = false; });
  }, 50);
  return () => clearInterval(timer);
}

/** Throws (with fast-check's report: seed, path, the commands) when the invariant fails in some run. */
export async function runLifecycleModel(cloud: LocalCloud, people: ReadonlyArray<{ email: string; municipality?: string }>, o: LifecycleModelOptions): Promise<void> {
  const log = o.log ?? (() => undefined);
  const everyone = [...o.networkPeople, ...people];
  const audienceOf = (municipalities: Iterable<string>) => {
    const set = new Set(municipalities);
    return new Set([...everyone.filter((p) => p.municipality !== undefined && set.has(p.municipality)).map((p) => p.email.toLowerCase()), INSPIRER.email]);
  };
  let run = 0;

  await fc.assert(
    fc.asyncProperty(lifecycleCommands(o.maxCommands), async ([before, main]: LifecycleCommands) => {
      run++;
      const real: LifecycleReal = {
        cloud, title: `Modelmøde ${randomUUID().slice(0, 8)}`, inspirer: INSPIRER,
        hasCrashAfterSend: 'crashAfterSend' in cloud.faults.current, trace: [],
      };
      cloud.faults.set({ duplicateDeliveries: false, crashFirstInvocation: [], failEveryInvocation: [], crashAfterSend: [], sesThrottleRate: 0 });
      await cloud.waitForIdle(180_000);
      await cloud.clearMail();
      const dlqBefore = dlqDepths(cloud);
      // Ten days ahead of the local clock (which earlier runs' follow-ups moved), on the hour.
      const model = initialModel(Math.ceil((cloud.clock.now() + 10 * DAY) / HOUR) * HOUR);
      const commands = [...before, scheduleCommand(), ...main];
      const started = Date.now();
      const stopWatching = jumpOverClaimLeaseAfterMailerCrash(real);
      try {
        await fc.asyncModelRun(() => ({ model, real }), commands);
        // No faults any more; what was accepted must now reach everyone.
        cloud.faults.set({ duplicateDeliveries: false, crashFirstInvocation: [], failEveryInvocation: [], crashAfterSend: [] });
        await settle(real, 2);

        const problems: string[] = [];
        const stored = JSON.parse((await (await fetch(`${cloud.urls.api}/api/meetings/${real.meetingId}`, { headers: { authorization: `Bearer ${cloud.apiToken}` } })).text())) as {
          status?: string; version?: number; invitations?: Array<{ email: string; deliveryStatus?: string }>;
        };
        const unconfirmed = new Set((stored.invitations ?? []).filter((i) => i.deliveryStatus === 'unconfirmed').map((i) => i.email.toLowerCase()));
        if (stored.status !== model.status || stored.version !== model.version) {
          problems.push(`the stored meeting is ${stored.status} at version ${stored.version}; the API accepted changes up to ${model.status} at version ${model.version}`);
        }
        const mails = await mailsAbout(cloud.mail(), real.title);
        problems.push(...violations(mails, expectedFinal(model, real.meetingId!, audienceOf, o.timeZone, unconfirmed)));
        const dlqAfter = dlqDepths(cloud);
        for (const [queue, depth] of Object.entries(dlqAfter)) {
          if (depth > (dlqBefore[queue] ?? 0)) problems.push(`${depth - (dlqBefore[queue] ?? 0)} new message(s) in ${queue}`);
        }
        log(`run ${run}: ${commands.map(String).join(', ')}: ${mails.length} mails, ${model.status} v${model.version}, ${unconfirmed.size} unconfirmed, ${((Date.now() - started) / 1000).toFixed(1)} s${problems.length ? ' FAILED' : ''}`);
        if (problems.length > 0) throw new Error(`${problems.join('\n')}\n-- trace --\n${real.trace.join('\n')}`);
      } catch (err) {
        // Leave the cloud clean for the next (shrinking) run.
        cloud.faults.set({ duplicateDeliveries: false, crashFirstInvocation: [], crashAfterSend: [] });
        await settle(real).catch(() => undefined);
        throw err;
      } finally {
        stopWatching();
      }
    }),
    { seed: o.seed, ...(o.path !== undefined ? { path: o.path } : {}), numRuns: o.runs, endOnFailure: o.endOnFailure, verbose: 1, examples: o.withIssueExamples ? issueExamples().map((e): [LifecycleCommands] => [e]) : [] },
  );
}
