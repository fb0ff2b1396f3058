// The web app compiles against functions/contract/api-types.ts. The domain's records are those
// types (one definition each); these hold the rest against what the api and the domain build:
// the routes' answers, the schemas' outputs and the status lists, so a field added, renamed or
// retyped on one side fails `tsc --noEmit` (and this file) instead of reaching the browser as undefined.
import type { invitationPage } from '../../functions/domain/meeting/invitation-page.js';
import type { reminderStatus } from '../../functions/domain/meeting/reminders.js';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Api from '../../functions/contract/api-types.js';
import type { SIGN_IN_ACCEPTED } from '../../functions/api/sign-in-routes.js';
import type { meetingOverview, meetingView } from '../../functions/api/meeting-routes.js';
import type { ImportRow } from '../../functions/domain/person/import.js';
import type * as z from 'zod/mini';
import type { AbandonBody, CompletionBody, EXPERIMENT_STATUSES, NoteBody } from '../../functions/domain/experiment/rules.js';
import type { DeliveryEventStatus, MailRecordStatus } from '../../functions/domain/mail/model.js';
import type { MeetingSummary, MeetingWithInvitations } from '../../functions/domain/meeting/model.js';
import type { cancelRequestSchema, followUpRequestSchema } from '../../functions/domain/meeting/request.js';

describe('the API types the web app reads', () => {
  it('name every status the domain can hold', () => {
    expectTypeOf<(typeof EXPERIMENT_STATUSES)[number]>().toEqualTypeOf<Api.ExperimentStatus>();
    // An invitee's delivery: 'pending', the mail record's states ('released' shows as 'retrying'), SES's events.
    type FromMailRecords = 'pending' | 'retrying' | Exclude<MailRecordStatus, 'released'> | DeliveryEventStatus;
    expectTypeOf<FromMailRecords>().toEqualTypeOf<Api.MailDeliveryStatus>();
  });

  it('describe the meeting list, the overview and the meeting page as the api builds them', () => {
    expectTypeOf<ReturnType<typeof meetingView<MeetingSummary>>>().toExtend<Api.MeetingListItem>();
    expectTypeOf<Api.MeetingListItem>().toExtend<ReturnType<typeof meetingView<MeetingSummary>>>();
    expectTypeOf<Awaited<ReturnType<typeof meetingOverview>>>().toExtend<Api.MeetingOverview>();
    type ServerDetail = ReturnType<typeof meetingView<MeetingWithInvitations>> & { counts: Api.MeetingCounts; nextCursor: ReturnType<typeof invitationPage>['nextCursor']; reminderStatus: ReturnType<typeof reminderStatus> };
    expectTypeOf<ServerDetail>().toExtend<Api.MeetingDetail>();
    expectTypeOf<Api.MeetingDetail>().toExtend<ServerDetail>();
  });

  it('describe the bodies the app sends as the domain validates them', () => {
    expectTypeOf<z.output<typeof cancelRequestSchema>>().toEqualTypeOf<Api.CancelMeetingRequest>();
    expectTypeOf<z.output<typeof followUpRequestSchema>>().toEqualTypeOf<Api.FollowUpRequest>();
    expectTypeOf<NoteBody>().toEqualTypeOf<Api.ExperimentNoteRequest>();
    expectTypeOf<AbandonBody>().toEqualTypeOf<Api.AbandonExperimentRequest>();
    expectTypeOf<CompletionBody>().toExtend<Api.ExperimentCompletion>();
    expectTypeOf<Api.ExperimentCompletion>().toExtend<CompletionBody>();
  });

  it('describe a CSV import row as the preview builds it, and the sign-in answer', () => {
    expectTypeOf<ImportRow>().toEqualTypeOf<Api.PeopleImportRow>();
    expectTypeOf<typeof SIGN_IN_ACCEPTED>().toEqualTypeOf<Api.SignInAccepted>();
  });
});
