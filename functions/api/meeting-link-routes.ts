// The public pages behind the links in meeting mail, mounted by app.ts (no bearer token or
// session: the signed token in ?t= is the credential):
//   GET/POST /rsvp/{answer}   GET shows a confirm page, only the POST records (scanners GET links)
//   GET/POST /reflect         the reflection form
// Answers and reflections are written here directly: they are the person's own record, not a fan-out.
import { DetailType, RsvpAnswer } from '../contract/events.js';
import { LinkPath, rsvpPath } from '../contract/link-paths.js';
import { validateBody } from '../domain/field-errors.js';
import { verifyToken } from '../domain/link-token.js';
import { ANSWER_COMMENT_MAX_LENGTH, answerCommentSchema, REFLECTION_MAX_LENGTH, reflectionSchema } from '../domain/meeting/request.js';
import { isQuietChange } from '../domain/meeting/reminders.js';
import { decideAnswer, isVersionRefusal } from '../domain/meeting/answer-rule.js';
import { pageLanguage, renderPage, tokenProblem, type LinkProblem } from '../pages/index.js';
import { pageStrings } from '../pages/strings.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { formBody, type Event, type Result } from './http.js';
import { meetingStateOf, type MeetingLifecycleApiPorts } from './meeting-routes.js';

const problem = (language: string | undefined, reason: LinkProblem) => renderPage({ kind: 'link-problem', language, reason });

export function meetingLinkRoutes(context: ApiContext, lifecycle: MeetingLifecycleApiPorts): ApiRoute[] {
  const { now } = context;
  const p = lifecycle;

  /** The answer page (GET: confirm, changes nothing) or the answer itself (POST: recorded). */
  async function rsvp(event: Event, record: boolean): Promise<Result> {
    const at = now();
    const pathAnswer = RsvpAnswer.safeParse(event.pathParameters?.answer);
    const form = record ? formBody(event) : undefined;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? undefined;
    const verified = verifyToken(await p.linkSecret(), token, 'rsvp', at);
    if (!verified.ok) return problem(undefined, tokenProblem(verified.reason));
    const { meetingId, personId, answer, version: linkVersion } = verified.claims;
    if (!pathAnswer.success || pathAnswer.data !== answer) return problem(undefined, 'invalid');

    const [invitation, meeting] = await Promise.all([p.getInvitation(meetingId, personId), p.getMeeting(meetingId)]);
    if (!invitation || !meeting) return problem(undefined, 'unknown');
    const language = invitation.recipient.language;

    // An answer counts for the version the person saw: the page's button confirms the version it
    // shows (field v); without it, the link's own. One rule decides, as for calendar replies
    // (decideAnswer): a closed meeting or a person taken out gets the closed page; an answer for
    // another version (a link from before a move) shows the meeting as it is now and records nothing.
    const formVersion = form?.get('v');
    const version = formVersion ? Number(formVersion) : linkVersion;
    const decision = decideAnswer(meetingStateOf(meeting), invitation, { answer, version }, at);
    if (!decision.record && !isVersionRefusal(decision.refusal)) return problem(language, 'closed');
    // The comment (diet, step-free access) goes with the answer; an empty field keeps an earlier one.
    const postedComment = form?.get('comment') ?? undefined;
    const comment = validateBody(answerCommentSchema, { comment: postedComment });
    if (!record || !decision.record || !comment.ok) {
      const max = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'da-DK').format(ANSWER_COMMENT_MAX_LENGTH);
      return renderPage({
        kind: 'rsvp-confirm',
        language,
        meetingTitle: meeting.title,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        timeZone: meeting.timeZone,
        answer,
        actionUrl: `${rsvpPath(answer)}?t=${encodeURIComponent(token as string)}`,
        version: meeting.version,
        // Said only when known: a link from before versions were carried just asks to confirm; a
        // link from just before a quiet change (reminders only) shows nothing new.
        changed: version !== undefined && version !== meeting.version && !(version === meeting.version - 1 && isQuietChange(meeting.changed)),
        ...(postedComment ? { comment: postedComment.slice(0, ANSWER_COMMENT_MAX_LENGTH) } : {}),
        ...(comment.ok ? {} : { errors: [pageStrings[pageLanguage(language)].rsvpConfirm.commentError(max)] }),
      });
    }
    const text = comment.value.comment;
    const outcome = await p.saveAnswer(meetingId, personId, answer, at, meeting.endsAt, {
      version: meeting.version,
      ...(text ? { comment: text } : {}),
    });
    if (outcome === 'recorded') {
      await context.publish(DetailType.RsvpReceived, { meetingId, personId, answer, answeredAt: at.toISOString() });
    }
    return renderPage({ kind: 'rsvp-recorded', language, meetingTitle: meeting.title, answer });
  }

  /** The reflection form (GET, with what the person wrote before) or its submission (POST). */
  async function reflect(event: Event, record: boolean): Promise<Result> {
    const at = now();
    const form = record ? formBody(event) : undefined;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? undefined;
    const verified = verifyToken(await p.linkSecret(), token, 'reflection', at);
    if (!verified.ok) return problem(undefined, tokenProblem(verified.reason));
    const { meetingId, personId } = verified.claims;
    const [invitation, meeting] = await Promise.all([p.getInvitation(meetingId, personId), p.getMeeting(meetingId)]);
    if (!invitation || !meeting) return problem(undefined, 'unknown');
    const language = invitation.recipient.language;
    if (meeting.status === 'cancelled') return problem(language, 'closed');
    const actionUrl = `${LinkPath.reflection}?t=${encodeURIComponent(token as string)}`;

    if (!form) {
      const before = await p.getReflection(meetingId, personId);
      return renderPage({ kind: 'reflection-form', language, meetingTitle: meeting.title, actionUrl, ...(before ? { text: before.text, shareName: before.shareName === true } : {}) });
    }
    // The field name of the form functions/pages renders.
    const text = form.get('reflection') ?? undefined;
    const shareName = form.get('shareName') === 'yes';
    const valid = validateBody(reflectionSchema, { text });
    if (!valid.ok) {
      // A form with errors is answered 400 by the page itself.
      return renderPage({
        kind: 'reflection-form',
        language,
        meetingTitle: meeting.title,
        actionUrl,
        errors: [
          language === 'en'
            ? `Write a reflection of at most ${REFLECTION_MAX_LENGTH} characters.`
            : `Skriv en refleksion på højst ${REFLECTION_MAX_LENGTH} tegn.`,
        ],
        ...(text !== undefined ? { text: text.slice(0, REFLECTION_MAX_LENGTH) } : {}),
        shareName,
      });
    }
    await p.saveReflection(meetingId, { personId, name: invitation.recipient.name, text: valid.value.text, submittedAt: at.toISOString(), shareName }, meeting.endsAt);
    return renderPage({ kind: 'reflection-recorded', language, meetingTitle: meeting.title });
  }

  return [
    { method: 'GET', path: LinkPath.rsvp, access: access.public, handler: (event) => rsvp(event, false) },
    { method: 'POST', path: LinkPath.rsvp, access: access.public, handler: (event) => rsvp(event, true) },
    { method: 'GET', path: LinkPath.reflection, access: access.public, handler: (event) => reflect(event, false) },
    { method: 'POST', path: LinkPath.reflection, access: access.public, handler: (event) => reflect(event, true) },
  ];
}
