// A local cloud in its own process, for tests that kill it (kill -9) and start it again:
// `node --import tsx test/support/local-cloud-process.ts '<LocalCloudOptions as JSON>'` prints one
// line `READY {"urls":…,"apiToken":…}` once it serves, then runs until killed.
import { startLocalCloud, type LocalCloudOptions } from '../../local/cloud.js';

const options = JSON.parse(process.argv[2] ?? '{}') as LocalCloudOptions;
const cloud = await startLocalCloud(options);
process.stdout.write(`READY ${JSON.stringify({ urls: cloud.urls, apiToken: cloud.apiToken })}\n`);
process.on('SIGTERM', () => void cloud.stop().then(() => process.exit(0)));
