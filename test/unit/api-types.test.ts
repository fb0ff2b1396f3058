// The web app compiles against functions/contract/api-types.ts; these hold those types against the
// ones the api builds its answers from, so a field added, renamed or retyped on one side fails
// `tsc --noEmit` (and this file) instead of reaching the browser as undefined.
import { invitationPage } from '../../functions/domain/meeting/invitation-page.js';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Api from '../../functions/contract/api-types.js';
import type { ExperimentDetails, ExperimentNote, ExperimentSummary, AgendaProposal } from '../../functions/domain/experiment/model.js';
import type { InvitationRecord, MeetingStatus, MeetingSummary, MeetingWithInvitations, ReflectionRecord } from '../../functions/domain/meeting/model.js';
import type { AppRole } from '../../functions/auth/sessions.js';
import type { SIGN_IN_ACCEPTED } from '../../functions/api/sign-in-routes.js';
import type { meetingOverview, meetingView } from '../../functions/api/meeting-routes.js';
import type { ImportRow } from '../../functions/domain/person/rules.js';
import type * as z from 'zod/mini';
import type { AbandonBody, CompletionBody, ExperimentStatus, NoteBody } from '../../functions/domain/experiment/rules.js';
import type { FieldError } from '../../functions/domain/field-errors.js';
import type { MeetingCounts } from '../../functions/domain/meeting/counts.js';
import type { cancelRequestSchema, followUpRequestSchema } from '../../functions/domain/meeting/request.js';

/** The server's delivery statuses are open strings; the contract names the values it can hold. */
type WithoutOpenStrings<T> = Omit<T, 'answer' | 'deliveryStatus' | 'invitationStatus'>;

describe('the API types the web app reads', () => {
  it('are the ones the domain and the routes use for statuses, counts and field errors', () => {
    expectTypeOf<Api.MeetingStatus>().toEqualTypeOf<MeetingStatus>();
    expectTypeOf<Api.ExperimentStatus>().toEqualTypeOf<ExperimentStatus>();
    expectTypeOf<Api.MeetingCounts>().toEqualTypeOf<MeetingCounts>();
    expectTypeOf<Api.FieldError>().toEqualTypeOf<FieldError>();
    expectTypeOf<Api.AppRole>().toEqualTypeOf<AppRole>();
  });

  it('describe the meeting list, the overview and the meeting page as the api builds them', () => {
    expectTypeOf<ReturnType<typeof meetingView<MeetingSummary>>>().toExtend<Api.MeetingListItem>();
    expectTypeOf<Api.MeetingListItem>().toExtend<ReturnType<typeof meetingView<MeetingSummary>>>();
    expectTypeOf<Awaited<ReturnType<typeof meetingOverview>>>().toExtend<Api.MeetingOverview>();

    type ServerDetail = Omit<MeetingWithInvitations, 'invitations'> & { ended: boolean; counts: MeetingCounts; nextCursor: ReturnType<typeof invitationPage>['nextCursor'] };
    expectTypeOf<ServerDetail>().toExtend<Omit<Api.MeetingDetail, 'invitations'>>();
    expectTypeOf<Omit<Api.MeetingDetail, 'invitations'>>().toExtend<ServerDetail>();
    type ServerInvitation = MeetingWithInvitations['invitations'][number];
    expectTypeOf<WithoutOpenStrings<ServerInvitation>>().toEqualTypeOf<WithoutOpenStrings<Api.MeetingInvitation>>();
    // The answer the store joins in is an RsvpAnswer (it widens it to string on the way out).
    expectTypeOf<NonNullable<InvitationRecord['answer']>>().toEqualTypeOf<NonNullable<Api.MeetingInvitation['answer']>>();
    expectTypeOf<ReflectionRecord>().toEqualTypeOf<Api.Reflection>();
  });

  it('describe the experiment register and an experiment page as the store reads them', () => {
    expectTypeOf<ExperimentSummary>().toExtend<Api.ExperimentSummary>();
    expectTypeOf<Api.ExperimentSummary>().toExtend<ExperimentSummary>();
    expectTypeOf<Omit<ExperimentDetails, 'involved'>>().toEqualTypeOf<Omit<Api.ExperimentDetail, 'involved'>>();
    expectTypeOf<WithoutOpenStrings<ExperimentDetails['involved'][number]>>().toEqualTypeOf<WithoutOpenStrings<Api.InvolvedPersonView>>();
    expectTypeOf<ExperimentNote>().toEqualTypeOf<Api.ExperimentNote>();
    expectTypeOf<AgendaProposal>().toExtend<Api.AgendaProposal>();
    expectTypeOf<Api.AgendaProposal>().toExtend<AgendaProposal>();
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
