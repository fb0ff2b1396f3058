// Protocol emulators for integration tests: dynalite (DynamoDB) and aws-ses-v2-local (SES v2),
// on free ports, in this process. The real SDK clients find them through the standard
// AWS_ENDPOINT_URL_<SERVICE> variables, exactly as on AWS (no code path knows it is local).
import { SEND_RATE_KEY, SEND_RATE_TABLE_NAME } from '../../functions/contract/send-rate.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import * as sesModule from 'aws-ses-v2-local';
import { TableKeys } from '../../functions/contract/table.js';
import { seedPeople } from './seed-people.js';
import { loadNetworkConfig, networkSettings, type NetworkConfig } from '../../lib/network-config.js';

export const DEMO_CONFIG_FILE = fileURLToPath(new URL('../../networks/demo.json', import.meta.url));

/** A mail as aws-ses-v2-local stores it (its own mailparser reading of the raw message). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

export interface Emulators {
  tableName: string;
  config: NetworkConfig;
  dynamoEndpoint: string;
  sesEndpoint: string;
  /** A client on the emulator, for test setup and inspection. */
  dynamo: DynamoDBClient;
  sesEmails(): Promise<StoredEmail[]>;
  clearSes(): Promise<void>;
  stop(): Promise<void>;
}

// aws-ses-v2-local is CommonJS with exports.default: under Node's ESM loader the default import is
// the exports object, under a bundler it is the function.
type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesExports = sesModule as unknown as { default: StartSes | { default: StartSes } };
const startSes: StartSes = typeof sesExports.default === 'function' ? sesExports.default : sesExports.default.default;

const listen = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    // SDK clients keep connections alive; drop them or close() waits for their idle timeout.
    server.closeAllConnections();
    server.close(() => resolve());
  });

export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const gsi = (index: { indexName: string; partitionKey: string; sortKey: string }) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  const attributes = [
    TableKeys.partitionKey,
    TableKeys.sortKey,
    TableKeys.byCollection.partitionKey,
    TableKeys.byCollection.sortKey,
    TableKeys.byPerson.partitionKey,
    TableKeys.byPerson.sortKey,
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TableKeys.partitionKey, KeyType: 'HASH' },
        { AttributeName: TableKeys.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi(TableKeys.byCollection), gsi(TableKeys.byPerson)],
    }),
  );
}


/**
 * Starts both emulators, creates and seeds the table, and points this process's AWS
 * environment at them. Import modules that build SDK clients after this resolves.
 */
export async function startEmulators(options: { configFile?: string; tableName?: string } = {}): Promise<Emulators> {
  const config = loadNetworkConfig(options.configFile ?? DEMO_CONFIG_FILE);
  const tableName = options.tableName ?? `samskab-${config.slug}-test`;

  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynamoServer);
  const ses = await startSes({ host: '127.0.0.1', port: 0 });
  const sesPort = (ses.address() as AddressInfo).port;

  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const sesEndpoint = `http://127.0.0.1:${sesPort}`;
  Object.assign(process.env, {
    AWS_REGION: 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SESV2: sesEndpoint,
    TABLE_NAME: tableName,
    NETWORK_SETTINGS: JSON.stringify(networkSettings(config)),
    SES_CONFIGURATION_SET: `samskab-${config.slug}`,
    APP_URL: 'https://samskab.example.org',
    NETWORK_SLUG: config.slug,
    // What aws-ses-v2-local answers GetAccount with (without it: 400): a new production account,
    // 14 mails a second, which the mailer paces to.
    AWS_SES_ACCOUNT: JSON.stringify({
      DedicatedIpAutoWarmupEnabled: false,
      Details: { AdditionalContactEmailAddresses: [], ContactLanguage: 'EN', MailType: 'TRANSACTIONAL', ReviewDetails: { CaseId: 'local', Status: 'GRANTED' }, UseCaseDescription: 'local', WebsiteURL: 'https://samskab.example.org' },
      EnforcementStatus: 'HEALTHY', ProductionAccessEnabled: true, SendingEnabled: true,
      SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 },
      SuppressionAttributes: { SuppressedReasons: [] },
    }),
  });
  delete process.env.AWS_PROFILE;

  const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'eu-north-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await createTable(dynamo, tableName);
  // The account's SES send-rate limiter (lib/account-stack.ts), which the mailer paces through.
  await dynamo.send(new CreateTableCommand({
    TableName: SEND_RATE_TABLE_NAME,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: SEND_RATE_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: SEND_RATE_KEY, KeyType: 'HASH' }],
  }));
  await seedPeople(dynamo, tableName, config.people);

  return {
    tableName,
    config,
    dynamoEndpoint,
    sesEndpoint,
    dynamo,
    async sesEmails() {
      const res = await fetch(`${sesEndpoint}/store`);
      if (!res.ok) throw new Error(`SES emulator /store answered ${res.status}`);
      return ((await res.json()) as { emails: StoredEmail[] }).emails;
    },
    async clearSes() {
      const res = await fetch(`${sesEndpoint}/clear-store`, { method: 'POST' });
      if (!res.ok) throw new Error(`SES emulator /clear-store answered ${res.status}`);
    },
    async stop() {
      dynamo.destroy();
      await Promise.all([close(dynamoServer), close(ses)]);
    },
  };
}
