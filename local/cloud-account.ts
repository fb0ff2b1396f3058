// Several networks in one local cloud, as one AWS account and region runs several network stacks:
// one DynamoDB (so one SES send-rate limiter table), one SES with one sending rate and one mail
// viewer; each network has its own API, AWS endpoint, functions, queues and rules, as its stack has.
// `npm start -- --network demo,other`.
import { join } from 'node:path';
import { projectRoot, startLocalCloud, type LocalCloud, type LocalCloudOptions } from './cloud.js';
import { synthesize } from './synth.js';

export interface LocalClouds {
  /** In the order of `networks`; the first owns the shared DynamoDB and SES (and their counters). */
  clouds: LocalCloud[];
  stop(): Promise<void>;
}

/** A network's port after the first: 10 apart (3000, 3010, ...), or any free one for 0. */
const portOf = (base: number | undefined, fallback: number, index: number) => {
  const port = base ?? fallback;
  return port === 0 || index === 0 ? port : port + 10 * index;
};

export interface LocalCloudsOptions extends Omit<LocalCloudOptions, 'network' | 'stackName' | 'dataDir' | 'account'> {
  networks: string[];
  /** Each network's data goes to <dataRoot>/<network>; default .samskab. */
  dataRoot?: string;
}

export async function startLocalClouds(options: LocalCloudsOptions): Promise<LocalClouds> {
  const { networks, dataRoot, ...shared } = options;
  if (networks.length === 0) throw new Error('no network to start');
  if (new Set(networks).size !== networks.length) throw new Error(`a network is named twice: ${networks.join(', ')}`);
  const projectDir = shared.projectDir ?? projectRoot;
  let assemblyDir = shared.assemblyDir;
  if (assemblyDir === undefined && networks.length > 1) {
    // One synth with every network config: the stacks of one account.
    assemblyDir = join(projectDir, '.samskab', 'cdk.out', 'all');
    await synthesize(projectDir, undefined, assemblyDir);
  }
  const clouds: LocalCloud[] = [];
  const stop = async () => {
    // The first network's cloud owns what they share: it stops last.
    for (const cloud of [...clouds].reverse()) await cloud.stop();
  };
  try {
    for (const [i, network] of networks.entries()) {
      const first = clouds[0];
      clouds.push(await startLocalCloud({
        ...shared,
        network,
        ...(assemblyDir !== undefined ? { assemblyDir } : {}),
        dataDir: join(dataRoot ?? join(projectDir, '.samskab'), network),
        ports: {
          ...shared.ports,
          api: portOf(shared.ports?.api, 3000, i),
          aws: portOf(shared.ports?.aws, 3001, i),
          // One receiving endpoint per network here; in AWS the receipt rules pick the network by recipient.
          smtp: portOf(shared.ports?.smtp, 0, i),
        },
        ...(first !== undefined ? { account: first.account } : {}),
      }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { clouds, stop };
}
