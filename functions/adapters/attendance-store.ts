// A meeting's attendance, kept on its meeting item (one list of person ids: a few tens of KB for
// the largest audience, well inside the item limit). Implements AttendanceStore
// (functions/domain/meeting/store.ts).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { key } from '../contract/table.js';
import type { MeetingAttendance } from '../domain/meeting/attendance.js';
import type { AttendanceStore } from '../domain/meeting/store.js';
import { conditionHeld, doc, table } from './dynamo.js';

/** One UpdateItem: the whole list replaces the last (a repeated request writes the same). */
export async function recordAttendance(meetingId: string, attendance: MeetingAttendance): Promise<boolean> {
  return conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.meeting(meetingId),
        UpdateExpression: 'SET attendance = :a',
        // A cancel that won the race in between must not end up with attendance.
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#status) OR #status <> :cancelled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':a': attendance, ':cancelled': 'cancelled' },
      }),
    ),
  );
}

export const attendanceStore: AttendanceStore = { recordAttendance };
