// The cold-start section of docs/performance.md: what was measured and changed, session by session
// (hand-written; bench/report.ts puts it into the document a full `npm run bench` writes).
export const COLD_START_NOTES = `## Cold start

Module init of each bundle was 1.25x–1.52x of the SDK-only bundle before this was measured
closely; CPU profiles of \`await import()\` showed two causes. First, module-level work: the api
bundle built about 420 zod schemas at import (the whole event contract, every route's and the
domain's schemas), though an invocation parses with one or two; object schemas are now built on
first use (\`z.lazy\`, functions/contract/events.ts explains why), and at import the api bundle now
builds 41 cheap wrappers. The api's route table and the pages' headers are built on the first
request instead: that moves their cost from module init to the first invocation, it does not
remove it.
Second, V8 parsing the bytes each bundle carries beyond its SDK-only baseline: zod/mini (~32–37 KiB,
down from ~440 KiB with classic zod), the Powertools Logger (~18 KiB plus ~3 KiB of its commons, which
issue 7 asked for; replaced since, below), middy and our own code (the api bundle holds every route, the sign-in and link pages).
Issue 15 (target 1.10x) removed two more costs that no invocation needed at import: @middy/core
imports Node's web streams (eight internal modules, about 4 % of a function's init under valgrind's
instruction count) only for a check on streamed responses, so every bundle gets a lazy stand-in for
\`node:stream/web\` (functions/shared/lazy-stream-web.ts, an esbuild alias in
lib/constructs/workflow-function.ts); and the api built a Danish \`Intl.Collator\` at import (ICU's
collation data, about 12 ms of CPU), now built by the one page that sorts with it.
What is left, measured by instruction counts (valgrind, whole process, minus an empty import) on
the experiments function: its extra init over the SDK-only bundle splits into zod/mini with the contract
(the largest part, single valgrind runs put it at one half to two thirds: bytes to parse plus zod's classes built at import), the Powertools Logger
(its code, plus creating \`process.stdout\`/\`process.stderr\` for its Console: about 5 % of the
baseline's init alone) and our own code. All of it runs on every invocation (each event is parsed and
logged), so deferring it to the first invocation would move the time, not remove it; it has not been
done. Loading the api's route groups on first use (session 7, below) was the next step for the
api. The medians move by several percent between runs on this machine, and far more when other work
loads it (the table's CPU ratio is less moved by that than the wall-time ratio).

Session 6 (issue 15) looked for module-level work again, section by section: a timestamp at each
module's \`// path\` comment of an unminified build shows what each module's top level costs, and
three kinds of work no invocation needed at import had come back or were left. Two Danish
\`Intl.Collator\`s (the attendance summary and the participant CSV; ICU's collation data, the largest
single item at import in the meetings function and the api) are now one \`compareDanish\`
(functions/domain/danish-order.ts), built on its first use. The schemas still built at import (the
contract's enums, \`NetworkSettings\`, the digest's \`DigestMeeting\`, two api body schemas) are in
\`z.lazy\` like the others, as are the link paths' patterns (functions/contract/link-paths.ts): no zod
object, enum or array is built at import any more, only \`z.lazy\` wrappers. Those cost too, and
esbuild kept every one of them: zod's no-side-effects mark on \`lazy()\` does not reach across
modules, and the event map's computed keys kept all event schemas alive. Each top-level \`z.lazy\` is
now marked \`/* @__PURE__ */\` and the map is built by a pure call, so a bundle keeps only the
wrappers it reaches (counted at import: digest 39 to 6, deliverability 40 to 7, mailer 40 to 30,
meetings 39 to 27, api 59 to 48; before this session the bundles also built 6 to 35 enums, objects
and arrays), and the digest and deliverability bundles are 13 KiB smaller. And the api evaluated
minisearch and the Danish and English stemmers at import; the first search loads them now (a dynamic
\`import()\` in functions/domain/search/search.ts: esbuild still bundles them, without splitting, and
evaluates them when the import runs). Medians of 15 pinned runs (\`taskset -c 1\`, load average about
2.5 on 2 cores), wall-time ratio to each SDK-only bundle before and after: meetings 1.26x to 1.14x
(128 ms baseline), api 1.48x to 1.34x, digest 1.21x to 1.15x, deliverability 1.22x to 1.18x,
experiments 1.13x to 1.13x, mailer 1.20x to 1.19x (the CPU ratios agree within 0.03). So the 1.10x
bar is still not met. What is left beyond the SDK is zod/mini's code and classes (the first zod
instance built compiles its constructors: about 1 ms of a fresh process; 40 wrappers about 1 ms
more), the Powertools Logger, middy and, for the api, the parsing of its 263 KiB over the baseline
(every route, the pages and the mail strings they share). Under \`taskset -c 1\` a young-generation
collection (scavenge) takes 10–20 ms, because V8's parallel scavenger threads share the one core;
whichever module allocates when it falls due looks expensive, so compare sections over several runs.

The Powertools Logger has since been replaced by the project's own logger
(functions/adapters/logger.ts, about 1.3 KiB in a bundle, nothing built at import): it writes each JSON
line with \`fs.writeSync(1, ...)\`, so no function builds \`process.stdout\` (a pipe stream: about 3 ms of
CPU the first time it is touched, measured alone), and the local cloud's runtime hands a function's
fd 1 and 2 to its log. Deferring the stream to the first log line would only have moved that cost into
the first invocation. On 2026-12-02, before and after, in one interleaved run each (on a machine loaded by
other work, wall times two to five times the usual, so CPU time is given): the meetings bundle's median CPU time of
import went from 1.26x to 1.21x of its SDK-only baseline (31 runs, pinned), the mailer's from 1.24x to
1.22x (21 runs); by valgrind's instruction count of the whole process (which here touches no stdout),
the meetings import fell by about 10 M instructions (two runs each), about 9 % of what it adds to the
baseline, and the mailer's by about 10 M too (medians of three), about 16 % of what it adds.

**The api function's route groups** (session 7, with every bundle built by esbuild's code splitting:
a dynamic \`import()\` becomes a chunk compiled only when it runs). The api serves many unrelated groups
of routes (meetings, experiments, people, themes, search, privacy, joining, the calendar feed, the link
pages, sign-in, the app's files) and each request needs one. Its router now knows each route by a small
declaration (method, path, public or not: functions/api/route-groups.ts), enough for 404 against 405 and
for the door's \`isPublicRoute\`, and loads a group's route module, with the domain, pages and mail-string
code only it uses, on the first request to that group; the stores are ports that load their module on
their first call (functions/shared/lazy-ports.ts). The modules that construct the SDK clients stay
static imports of handler.ts, so the clients are still built at init and bench/sdk-usage.ts's baseline
is the same as before (297 KiB loaded at init). The first request to a group pays for compiling that group's code: work only that group's
requests need, moved out of every cold start. What the entry still loads beyond the SDK-only baseline
(\`build-split.mts\`): 76 KiB instead of 218 KiB (the entry file 353 KiB to 92 KiB): zod/mini (36 KiB)
with the contract's event schemas and \`NetworkSettings\`, which the publisher, scheduler, logger and
settings adapters import and nearly every request uses (a publish, a body schema or the settings), then
middy and its router, the authentication (sessions, cookie, the sessions store and the table keys), the
route declarations and the handler's wiring. CPU time of the import, medians of 21 pinned runs in two
interleaved runs at a load average of about 5 on 2 cores (wall times were 1.7–2.3x the quiet machine's
and their ratios moved by 0.1 between runs, so CPU time is given): before 141.3 and 145.2 ms against
109.3 and 112.5 ms SDK-only, 1.29x both times; after 124.0 and 126.6 ms against 110.9 and 114.2 ms,
1.12x and 1.11x. A later interleaved run (load average about 4) gave wall-time medians of 15 runs of
1.42x before and 1.25x after (85.4 and 85.8 ms SDK-only) and CPU medians of 21 runs of 1.30x and 1.13x: the
wall-time ratio under load is higher than the CPU ratio, and neither is shown under 1.10x. Bundling the
entry's 21 statically loaded files into one moved neither ratio. An entry of the SDK-only baseline plus only zod/mini, the contract's schemas, the
publisher, the logger and middy measured about 1.06x in the same way, so the api's own code at init
(authentication, route declarations, wiring) is about half of what is left; the other half is
shared with every function.

**The inbound function** (session 6) was the worst: a 1.6 MB bundle, about 2.1x its SDK-only bundle,
mostly mailparser's dependency tree (libmime with iconv tables, encoding-japanese, he, htmlparser2,
entities, html-to-text). It now reads mail with postal-mime (no dependencies; charsets through
TextDecoder, functions/inbound/message.ts), which also drops the \`require\` banner the CommonJS
packages needed, and the bundle is 0.81 MB. Of the two parsers left, the module-level work is moved,
not removed: postal-mime (which builds a 2,231-entry html entity table at import) is evaluated on the first mail,
ical.js on the first calendar part (esbuild turns the \`import()\` of a bundled module into a lazily
run wrapper, in the same file); an rsvp-received invocation never needs either. Under valgrind
(instructions of the import, whole process minus an empty import, 2–3 runs each) that moved about
20 M instructions (≈6 % of the SDK-only init; postal-mime 15 M, ical.js 5 M) to the first mail: in
one process the first calendar reply took about 13 ms of CPU to parse and read, later ones 6–9 ms. Pinned medians of 21 runs, at a load average of 3–5:
before 398 ms (CPU 368 ms) against 191 ms (172 ms) SDK-only, 2.08x (CPU 2.14x, instructions 2.58x);
after 229 ms (212 ms), 1.20x (CPU 1.23x, instructions 1.21x). Without the two parsers in the file at
all it would be 1.15x (instructions): their ~145 KiB still cost V8 a pre-parse at load. The rest is the
same as the other functions' (zod/mini and the contract, the Logger, our own code).

**The mailer and experiments functions** (session 6, issue 15's bar) were measured before any change on a
machine loaded by other work, so by instruction count too (valgrind callgrind, the whole process minus an
empty import, one run each). The mailer adds 41 M instructions to its SDK-only baseline's 238 M (1.17x):
the mail job's schema and the contract it pulls in about 18 M, composing every mail kind about 6 M, the
rest (adapters, middy, logger, workflow) about 17 M, of which about 10 M is a young-generation collection
that happens to fall inside the import (with a 64 MB semi-space the gap is 31 M). All of it is used by
every invocation: of the mailer's own code nothing it never calls is in its bundle (the contract's
table key builders, functions/contract/table.ts, 2.5 KiB, are kept whole, outside this work). Leaving the rarer kinds' templates
(experiment, review, sign-in, digest, join request) and the calendar part out of the bundle altogether
saved only 3–4 M (about 1.5 % of the baseline), and loading them on first use would save less (their bytes
are still parsed), so they stayed (true without code splitting; with it they now load per kind, below). The experiments handler now wires the eight store functions it calls
instead of the whole experiments store object, so the API's experiment queries and edits (and
functions/adapters/experiment-edit-store.ts) leave its bundle: 458 KB to 452 KB. That is within the
noise of every measure here (instructions, two runs each: 239 and 239 M before, 241 and 238 M after,
against 206 and 210 M; pinned wall medians of 21 runs in
one interleaved run at heavy load 184.4 ms to 181.0 ms against 170.0 ms, 1.085x to 1.065x). Neither
function is shown under 1.10x by these measurements: what is left is zod/mini and the contract's
schemas, middy and the logger, as in the other functions.

**The mailer with code splitting** (session 7). Each SQS job needs one mail kind, so each kind's
composing code and its words are a chunk that \`composeMail\` (functions/mail/index.ts) imports on the
first job of that kind: meeting mails (body, calendar part, meeting-texts.ts, 20 KiB), experiment,
review, sign-in, digest and join-request mails (2–7 KiB each). What every job needs stays in the entry:
the job's schema, the staleness check, the send with the rate limiter and the record, and what every
kind composes with: MIME (mime.ts) and the date formats (i18n.ts, now only those and the words all
mails share), imported statically for that reason. Each kind's words travel with its module. The
entry went from 112 KiB to 75 KiB over its split SDK-only baseline. Instructions of the import
(valgrind, whole process minus an empty import, medians of 5 to 7 runs on a loaded machine, where a run
moves by about 4 M): baseline 186 M, before 228 M (1.23x), after 219 M (1.18x). The baseline with
nothing but the MailJob schema on top (zod/mini, its English messages and the contract, 42 KiB) is
already 210 M (1.13x), and what is left is all work every job needs. Callgrind puts nearly all of
such an import's extra cost in V8's top-level compile of the module source (for the events
contract alone, 12.4 M of 12.9 M, about 0.36 M per KiB), so only fewer bytes in the entry would
bring the mailer under 1.10x, and the biggest part, zod/mini with the job's schema, cannot be
deferred. Wall times on that machine (load average 5–9) moved too much to show the difference
(cmp.sh medians of 15: before 1.19x and 1.27x, after the split 1.12x and 1.31x, in two runs).

**Session 7, code-split bundles** (esbuild \`splitting: true\`: a dynamic \`import()\` becomes a chunk
compiled only when first called). Measured with \`build-split.mts\` and \`cmp.sh\` (pinned, interleaved,
median of 15, wall time; load average 1.3–4 on 2 cores, so a ratio moves by about 0.03 between runs),
ratio to each SDK-only split bundle, before → after in the same run (two runs, at load 3.3 and 1.3):
meetings 1.069x → 1.049x and 1.066x → 0.993x, experiments 1.089x → 1.065x and 1.079x → 1.047x,
digest 1.040x → 1.047x and 1.053x → 1.056x, inbound 1.060x → 1.084x and 1.047x → 1.044x (its change
is 4 KiB, within the noise). Two runs of the final code alone (all six functions): meetings 1.01x and
1.02x, experiments 1.07x and 1.04x, digest 1.10x and 1.08x, inbound 1.06x and 1.06x, deliverability
0.93x and 1.00x, seed-people 0.99x and 1.01x. Bytes the entry loads at init
(SDK-only baseline in brackets): meetings 339.5 → 321.9 KiB (267.7), experiments 326.0 → 317.4 KiB
(267.7), inbound 513.9 → 510.2 KiB (456.3), digest 291.5 → 290.8 KiB (252.3).
- **meetings**: each event kind's workflow is loaded by the first event of that kind (schedule.ts
  for meeting-scheduled, lifecycle.ts for reschedule, cancel, follow-up and reminders,
  fan-out-check.ts for the check), and the experiment store only by a follow-up (the running
  experiments of its status request); the handler wires the eight meeting-store and two
  invitation-store operations it calls instead of the store objects, so the api's meeting queries
  and reservations leave its bundle.
- **experiments**: the registration/completion workflow (workflow.ts) and the review workflow
  (review.ts, with the review date rules and zoned time) are each loaded by the first event that
  needs them.
- **consumers' event schemas** (functions/contract/events.ts): meetings, experiments and inbound
  parse with their own schemas (\`meetingsEventSchemas\`, ..., through \`parseEventOf\`; the types keep
  each equal to \`subscriptions\`), the scheduler validates with the scheduled events' schemas (loaded
  on its first schedule), and inbound publishes through \`publisherOf(inboundEventSchemas)\`, so no bundle holds the
  other consumers' schemas (and the zod parts only those use). An event of a detail-type a function
  does not subscribe to is now an invalid event for it in meetings and inbound too (logged and
  thrown, as experiments did; the rules never send one). \`subscriptions\` is built by a pure call, so
  the functions that never read it drop it.
- **api** (session 8): zod and the event schemas load with the first request that validates, publishes
  or schedules (\`lazyPublisherOf\`, contract/scheduled-events.ts, api/event-size.ts; zod-free names in
  contract/event-names.ts and event-entry.ts). The settings adapter no longer checks the bundled
  settings again (they are the output of the one schema, checked at synth), so no module the api's
  init loads imports zod (test/infra/init-imports.test.ts).
- **digest**: unchanged but for that: its own code (~10 KiB) and, since session 8, no zod at init.
What is left in the event consumers is zod/mini (~28–36 KiB: every event or job is parsed), middy,
the logger, the table keys and the stores each invocation uses.

**Session 8.** Three changes, measured from folders of equal path length, interleaved and pinned:
- **No zod object at any function's init.** Module-level schemas were \`z.lazy\` wrappers, each a zod
  object, so init still built one per schema its modules define (27 in the api, 29 in the mailer, 15
  in meetings, 12 in experiments; counted by patching zod's constructor in an unminified bundle).
  They are now \`lazySchema\` stand-ins (functions/contract/lazy-schema.ts): a Proxy that constructs
  the z.lazy on first touch and forwards everything to it; none is built at init in any function. An
  import of zod/mini with 28 z.lazy calls cost about 2.3 ms (2.6 %) more than the import alone.
- **The api loads no zod at init** (above).
- **What init loads is the entry and one chunk** (lib/constructs/function-build.mjs: every lazily
  loaded module imports the entry, so esbuild stops splitting init code by which lazy modules share
  it; the api also loads esbuild's 0.6 KB runtime helpers, which two CommonJS stemmers share; before, the api's init loaded 21 files, the mailer's 12, the SDK-only bundles about 10).
  This is the session-7 "folder path" effect: loading a module file costs more the longer its path
  (Node's ESM resolver resolves and builds a file URL per import), so the more files, the more a long
  folder costs. From a 72-character folder (like cdk.out's asset.<hash>) against /tmp: without the
  plugin the meetings bundle took 7.4 ms longer and its SDK-only bundle 9 ms less (1.27x against
  1.07x at /tmp); with it the SDK-only bundle took the same time from either folder and the function 1.3 ms more from the long one (1.08x against 1.07x). From a short
  path it changes little: the functions within a few ms either way, the SDK-only bundles a little
  faster.
**Session 9: compiled schemas, and no zod at any function's init.** What was left in the event
consumers was zod itself: a meetings bundle built with zod swapped for an empty stand-in measured
1.065x against 1.165x for the real one (41 interleaved pinned runs each, one run), so zod/mini was
about 60 % of what meetings loaded beyond the SDK; by CPU profile, nearly all of it compile time
(\`compileSourceTextModule\`), not zod's module code. Every invocation needs its check, so the check
was made cheaper, not deferred: scripts/generate-checked-schemas.ts compiles each schema a function
checks on every invocation (each consumer's events, mail jobs, SES event details, link tokens) into
data (functions/contract/schemas.generated.ts: meetings 4.7 KB, the mailer's MailJob 7.8 KB, each
repeated part once), and functions/contract/checked-schema.ts (3.9 KB) checks with it, returning the
value zod returns; zod loads only to explain a refused value. test/unit/checked-schema.test.ts holds
each compiled schema equal to zod over random valid and near-valid inputs. esbuild puts a whole
module in the chunk of every path that reaches it, so the schema modules had to leave init entirely:
mail-job.ts's zod-free helpers moved to mail-kinds.ts and mail-job-subject.ts, replyAddressOf to
reply-address.ts, and lazySchema installs zod's English messages on its first build (no side-effect
import in the schema modules). Bytes init loads, before → after (SDK-only baseline in brackets):
meetings 320.0 → 294.3 KiB (266.2), experiments 313.1 → 289.5 KiB (266.2), mailer 402.1 → 373.1 KiB
(327.8), inbound 502.3 → 482.3 KiB (455.8), deliverability 257.4 → 240.3 KiB (223.7), digest 263.1 →
259.7 KiB (250.8). The first invocation gains too: it no longer builds the zod schema objects.`;
