// SES's mailbox simulator, locally: a mail sent with a configuration set to
// success@simulator.amazonses.com, bounce@… or complaint@… (optionally with a +label, as SES
// allows) makes SES publish the same events it publishes on AWS: source aws.ses on the account's
// default bus, detail-type "Email Delivered" / "Email Bounced" / "Email Complaint Received", the
// detail with eventType, mail (messageId, destination, tags incl. ses:configuration-set) and the
// bounce or complaint. The template's default-bus rule then routes them as on AWS.
//   success@    Delivery
//   bounce@     Bounce (Permanent, General), no delivery
//   complaint@  Delivery, then Complaint
import { randomUUID } from 'node:crypto';
import type { Activity } from './activity.js';
import type { PutEventsEntry, PutEventsResult } from './event-bus.js';

const SIMULATOR = /^(success|bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/i;

export interface SentRequest {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ConfigurationSetName?: string;
  EmailTags?: Array<{ Name?: string; Value?: string }>;
}

export interface SesSimulatorDeps {
  putEvents(entries: PutEventsEntry[]): PutEventsResult[];
  activity: Activity;
  region: string;
  accountId: string;
  log: (line: string) => void;
  /** Counts emitted events (stats). */
  count?: (detailType: string) => void;
}

export class SesSimulator {
  constructor(private readonly deps: SesSimulatorDeps) {}

  /** Called for every mail SES accepted; emits the simulator's events for simulator recipients. */
  sent(request: SentRequest, messageId: string): void {
    // SES publishes events only for mail sent with a configuration set that has a destination.
    if (!request.ConfigurationSetName) return;
    const destination = [...(request.Destination?.ToAddresses ?? []), ...(request.Destination?.CcAddresses ?? []), ...(request.Destination?.BccAddresses ?? [])];
    const entries: PutEventsEntry[] = [];
    for (const address of destination) {
      const m = SIMULATOR.exec(address.trim());
      if (!m) continue;
      const scenario = m[1]!.toLowerCase();
      if (scenario === 'success' || scenario === 'complaint') entries.push(this.entry('Delivery', request, messageId, destination, address));
      if (scenario === 'bounce') entries.push(this.entry('Bounce', request, messageId, destination, address));
      if (scenario === 'complaint') entries.push(this.entry('Complaint', request, messageId, destination, address));
    }
    if (entries.length === 0) return;
    // Asynchronously, as SES does (the SendEmail answer comes first).
    const end = this.deps.activity.begin();
    setTimeout(() => {
      try {
        for (const e of entries) {
          const [result] = this.deps.putEvents([e]);
          if (result && 'ErrorCode' in result) this.deps.log(`SES simulator: ${e.DetailType} not put: ${result.ErrorCode}`);
          else this.deps.count?.(e.DetailType!);
        }
      } finally {
        end();
      }
    }, 5);
  }

  private entry(
    eventType: 'Delivery' | 'Bounce' | 'Complaint',
    request: SentRequest,
    messageId: string,
    destination: string[],
    recipient: string,
  ): PutEventsEntry {
    const now = new Date().toISOString();
    const tags: Record<string, string[]> = {
      'ses:configuration-set': [request.ConfigurationSetName!],
      'ses:operation': ['SendEmail'],
      'ses:source-ip': ['127.0.0.1'],
      'ses:from-domain': [(request.FromEmailAddress ?? '').replace(/^.*@/, '').replace(/>.*$/, '')],
      'ses:caller-identity': ['local'],
    };
    for (const t of request.EmailTags ?? []) if (t.Name && t.Value !== undefined) tags[t.Name] = [t.Value];
    const mail = {
      timestamp: now,
      source: request.FromEmailAddress ?? '',
      sendingAccountId: this.deps.accountId,
      messageId,
      destination,
      headersTruncated: false,
      tags,
    };
    const detailType = { Delivery: 'Email Delivered', Bounce: 'Email Bounced', Complaint: 'Email Complaint Received' }[eventType];
    const detail: Record<string, unknown> = { eventType, mail };
    if (eventType === 'Delivery') {
      detail.delivery = { timestamp: now, processingTimeMillis: 5, recipients: [recipient], smtpResponse: '250 2.6.0 Message received', reportingMTA: 'a1-1.smtp-out.local' };
    } else if (eventType === 'Bounce') {
      detail.bounce = {
        feedbackId: randomUUID(),
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: recipient, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: now,
        reportingMTA: 'dns; simulator.amazonses.com',
      };
    } else {
      detail.complaint = {
        feedbackId: randomUUID(),
        complaintSubType: null,
        complainedRecipients: [{ emailAddress: recipient }],
        timestamp: now,
        userAgent: 'Amazon SES Mailbox Simulator',
        complaintFeedbackType: 'abuse',
        arrivalDate: now,
      };
    }
    return {
      Source: 'aws.ses',
      DetailType: detailType,
      Detail: JSON.stringify(detail),
      EventBusName: 'default',
      Resources: [`arn:aws:ses:${this.deps.region}:${this.deps.accountId}:configuration-set/${request.ConfigurationSetName}`],
    };
  }
}
