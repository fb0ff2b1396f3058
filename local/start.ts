// `npm start [-- --network <slug>[,<slug>...]] [--fresh] [--port <n>] ...`: runs the networks'
// deployment on this machine, several networks as one account. See `npm start -- --help`.
import './sdk-node-warning.mjs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, shortName, type LocalCloud } from './cloud.js';
import { startLocalClouds } from './cloud-account.js';
import { PortInUseError } from './ports.js';

const HELP = `Usage: npm start -- [options]

  --network <slug>[,<slug>]  network config(s) networks/<slug>.json (default demo, env SAMSKAB_NETWORK);
                            several networks run as one account: one SES and its rate, one send-rate
                            limiter; each its own API (the next on --port + 10, + 20, ...)
  --fresh                   start with empty data (the API token is kept)
  --port <n>                API, app and /_local/ admin port (default 3000, env SAMSKAB_PORT)
  --aws-port <n>            local AWS endpoint port (default 3001, env SAMSKAB_AWS_PORT)
  --mail-port <n>           mail viewer / SES emulator port (default 8005, env SAMSKAB_MAIL_PORT)
  --smtp-port <n>           inbound mail (SES receiving) SMTP port (default 2525, env SAMSKAB_SMTP_PORT)
  --host <addr>             address to bind (default 127.0.0.1)
  --assembly <dir>          run an existing cloud assembly instead of synthesizing
  --ses-sandbox             SES's sandbox: mail only from and to verified identities (local/README.md)
  --duplicate-deliveries    fault: deliver every event and queue message twice
  --ses-max-send-rate <n>   the account's SES sending rate, mails a second (default 14, 0 = no limit)
  --ses-throttle-rate <x>   fault: throttle this fraction (0..1) of SES calls
  --crash-first-invocation <fn,...>  fault: crash these functions' first invocation
  --time-scale <x>          scale retry and redelivery waits (default 1)
  --quiet                   do not print function logs
`;

function port(flag: string | undefined, env: string, fallback: number): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag !== undefined ? 'port' : env} must be a port number, got ${raw}`);
  return n;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      network: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      port: { type: 'string' },
      'aws-port': { type: 'string' },
      'mail-port': { type: 'string' },
      'smtp-port': { type: 'string' },
      host: { type: 'string' },
      assembly: { type: 'string' },
      'ses-sandbox': { type: 'boolean', default: false },
      'duplicate-deliveries': { type: 'boolean', default: false },
      'ses-max-send-rate': { type: 'string' },
      'ses-throttle-rate': { type: 'string' },
      'crash-first-invocation': { type: 'string' },
      'time-scale': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const networks = (values.network ?? process.env['SAMSKAB_NETWORK'] ?? 'demo').split(',').map((n) => n.trim());
  for (const network of networks) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(network)) throw new UsageError(`--network must be slugs like demo or demo,other, got ${network}`);
  }
  if (new Set(networks).size !== networks.length) throw new UsageError(`--network names a network twice: ${networks.join(',')}`);
  const rate = values['ses-throttle-rate'] === undefined ? 0 : Number(values['ses-throttle-rate']);
  if (!(rate >= 0 && rate <= 1)) throw new UsageError('--ses-throttle-rate must be a number from 0 to 1');
  const maxSendRate = values['ses-max-send-rate'] === undefined ? undefined : Number(values['ses-max-send-rate']);
  if (maxSendRate !== undefined && !(maxSendRate >= 0 && Number.isFinite(maxSendRate))) throw new UsageError('--ses-max-send-rate must be a number >= 0 (0 = no limit)');
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0)) throw new UsageError('--time-scale must be a positive number');

  console.log(values.assembly === undefined ? `Synthesizing ${networks.map((n) => `Samskab-${n}`).join(', ')} ...` : `Reading ${values.assembly} ...`);
  const { clouds, stop } = await startLocalClouds({
    networks,
    fresh: values.fresh,
    sesSandbox: values['ses-sandbox'],
    ...(values.assembly !== undefined ? { assemblyDir: values.assembly } : {}),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ports: {
      api: port(values.port, 'SAMSKAB_PORT', 3000),
      aws: port(values['aws-port'], 'SAMSKAB_AWS_PORT', 3001),
      mail: port(values['mail-port'], 'SAMSKAB_MAIL_PORT', 8005),
      smtp: port(values['smtp-port'], 'SAMSKAB_SMTP_PORT', 2525),
    },
    faults: {
      duplicateDeliveries: values['duplicate-deliveries'],
      sesThrottleRate: rate,
      crashFirstInvocation: values['crash-first-invocation']?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
    },
    ...(maxSendRate !== undefined ? { sesMaxSendRate: maxSendRate } : {}),
    timeScale,
    logs: values.quiet ? 'silent' : 'inherit',
    warm: true,
  });
  printBanner(clouds);

  let stopping = 0;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches npm, tsx and this process at once; only a later second one forces.
    if (stopping !== 0 && Date.now() - stopping < 1000) return;
    if (stopping !== 0) {
      console.log('Forced stop.');
      process.exit(1);
    }
    stopping = Date.now();
    console.log(`\n${signal}: stopping ...`);
    // A last resort if something refuses to close.
    setTimeout(() => process.exit(1), 10_000).unref();
    stop().then(() => {
      console.log('Stopped.');
      process.exitCode = 0;
    }, (err: Error) => {
      console.error(`stop failed: ${err.message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function printBanner(clouds: LocalCloud[]): void {
  const [first] = clouds;
  if (first === undefined) return;
  const faults = first.faults.current;
  const active = [
    faults.duplicateDeliveries ? 'duplicate deliveries' : '',
    faults.sesThrottleRate > 0 ? `SES throttling ${Math.round(faults.sesThrottleRate * 100)} %` : '',
    faults.crashFirstInvocation.length > 0 ? `crash first invocation of ${faults.crashFirstInvocation.join(', ')}` : '',
  ].filter(Boolean);
  const lines = ['', `Samskab local cloud: ${clouds.length === 1 ? 'network' : 'networks (one account: one SES, its rate shared)'} ${clouds.map((c) => c.network).join(', ')}`];
  for (const cloud of clouds) {
    const fns = cloud.stats().functions;
    lines.push(
      ...(clouds.length > 1 ? ['', `Network ${cloud.network} (stack ${cloud.stackName})`] : [`  Stack:         ${cloud.stackName}`]),
      `  App:           ${cloud.urls.app}/app  (sign in with a facilitator's address, e.g. from networks/${cloud.network}.json;`,
      `                 the sign-in mail shows up in the mail viewer below)`,
      `  API:           ${cloud.urls.api}/api/`,
      `  AWS endpoint:  ${cloud.urls.aws}`,
      // The reply address's mail (SES receiving) goes in here, e.g. a calendar's "Accept".
      `  Inbound mail: ${cloud.urls.smtp}`,
      `  Admin:         ${cloud.urls.api}/_local/stats`,
      `  API token:     ${cloud.apiToken ?? '(the template declares no token secret)'}`,
      `  Data:          ${relative(process.cwd(), cloud.dataDir) || '.'} (--fresh starts empty)`,
      ...(Object.keys(fns).length > 0 ? [`  Functions:     ${Object.keys(fns).map(shortFn).join(', ')}`] : []),
    );
  }
  lines.push(
    ...(clouds.length > 1 ? [''] : []),
    `  Mail viewer:   ${first.urls.mail}`,
    ...(active.length > 0 ? [`  Faults:        ${active.join('; ')}`] : []),
    'Ctrl-C to stop.',
    '',
  );
  console.log(lines.join('\n'));
}

const shortFn = (name: string) => shortName(name.replace(/^Samskab-[a-z0-9-]+?-/, ''));

main().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof PortInUseError) {
    console.error(`npm start: ${err.message}`);
    if (err instanceof UsageError) console.error(HELP);
  } else {
    console.error(`npm start failed: ${(err as Error).stack ?? String(err)}`);
  }
  console.error(`(project ${relative(process.cwd(), projectRoot) || '.'})`);
  process.exit(1);
});
