// Names of the environment variables lib/ sets on functions and handlers read.
export const Env = {
  TableName: 'TABLE_NAME',
  EventBusName: 'EVENT_BUS_NAME',
  MailQueueUrl: 'MAIL_QUEUE_URL',
  SesConfigurationSet: 'SES_CONFIGURATION_SET',
  ApiTokenSecretArn: 'API_TOKEN_SECRET_ARN',
  NetworkSettings: 'NETWORK_SETTINGS',
  /** Public base URL of the app/API (links in mail); empty until known on AWS. */
  AppUrl: 'APP_URL',
} as const;
export type EnvName = (typeof Env)[keyof typeof Env];

export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}
