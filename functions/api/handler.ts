// The api function: facilitator endpoints behind the HTTP API.
import { Env, requireEnv } from '../contract/environment.js';
import { publish } from '../adapters/publisher.js';
import { getSecret } from '../adapters/secrets.js';
import { networkSettings } from '../adapters/settings.js';
import { getMeetingWithInvitations, listMeetings } from '../adapters/store.js';
import { createApiHandler } from './app.js';

export const handler = createApiHandler({
  apiToken: () => getSecret(requireEnv(Env.ApiTokenSecretArn)),
  settings: networkSettings,
  publish,
  listMeetings,
  getMeetingWithInvitations,
});
