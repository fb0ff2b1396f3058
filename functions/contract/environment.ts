// Names of the environment variables lib/ sets on functions and handlers read.
export const Env = {
  TableName: 'TABLE_NAME',
  EventBusName: 'EVENT_BUS_NAME',
  MailQueueUrl: 'MAIL_QUEUE_URL',
  SesConfigurationSet: 'SES_CONFIGURATION_SET',
  ApiTokenSecretArn: 'API_TOKEN_SECRET_ARN',
  /** The settings as JSON; tests set it. Deployed functions read NETWORK_SETTINGS_FILE from their bundle instead. */
  NetworkSettings: 'NETWORK_SETTINGS',
  /** Public base URL of the app/API (links in mail); empty until known on AWS. */
  AppUrl: 'APP_URL',
  /** Secrets Manager secret whose value signs the links in mail (answers, reflections). */
  LinkSigningSecretArn: 'LINK_SIGNING_SECRET_ARN',
  /** EventBridge Scheduler group that holds the meeting reminders and fan-out checks. */
  ScheduleGroupName: 'SCHEDULE_GROUP_NAME',
  /** The role EventBridge Scheduler assumes to put reminder-due and fan-out-check on the bus. */
  SchedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  /** The network's bus (the one-time schedules' target). */
  EventBusArn: 'EVENT_BUS_ARN',
  /** Where reminders and fan-out checks go that the bus would not take after the schedule's retries. */
  ReminderDeadLetterQueueArn: 'REMINDER_DLQ_ARN',
  /** Comma-separated person ids of the network's facilitators (config `facilitators`): who may sign in to the app. */
  Facilitators: 'FACILITATORS',
  /** The network's slug: its name in the account-wide SES send-rate limiter (functions/domain/mail/send-rate.ts). */
  NetworkSlug: 'NETWORK_SLUG',
  /** The bucket SES receiving stores the network's inbound mail in (lib/constructs/inbound-mail.ts). */
  InboundMailBucket: 'INBOUND_MAIL_BUCKET',
} as const;
/** The network's settings, next to index.mjs in every bundle (lib/constructs/workflow-function.ts). */
export const NETWORK_SETTINGS_FILE = 'network-settings.json';

export type EnvName = (typeof Env)[keyof typeof Env];

export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}
