// /_local/* hands out sign-in links and moves the clock: it answers only loopback peers, decided
// on the socket's address (finding 7 of issue 14), so `--host 0.0.0.0` does not open it to the LAN.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Activity } from '../../../local/activity.js';
import { isLoopbackAddress, type AdminTarget } from '../../../local/admin.js';
import { createAppServer } from '../../../local/app-server.js';
import { FaultState } from '../../../local/faults.js';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(['192.0.2.2', '10.0.0.1', '0.0.0.0', '128.0.0.1', '::', 'fd00::2', 'fe80::1', '::2', '1::1', '::ffff:192.0.2.2', '::ffff:7f00:1x', 'localhost', '', undefined])(
    'refuses %s',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );
});

describe('the admin endpoints on a server bound to every interface', () => {
  const admin = { faults: new FaultState() } as unknown as AdminTarget;
  const server = createAppServer({ admin, activity: new Activity(), api: () => undefined, log: () => undefined });
  let port = 0;

  beforeAll(async () => {
    server.listen(0, '::'); // dual-stack: IPv4 and IPv6 peers alike
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('answers a loopback peer over IPv4 and IPv6', async () => {
    for (const host of ['127.0.0.1', '[::1]']) {
      const res = await fetch(`http://${host}:${port}/_local/faults`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ duplicateDeliveries: false });
    }
  });

  // A peer on this machine's own non-loopback address is, to the server, a LAN peer.
  const lan = Object.values(networkInterfaces()).flat().find((i) => i !== undefined && !i.internal && i.family === 'IPv4');
  it.skipIf(lan === undefined)('refuses a peer on a non-loopback address with 403, whatever its headers say', async () => {
    const res = await fetch(`http://${lan!.address}:${port}/_local/faults`, {
      headers: { 'x-forwarded-for': '127.0.0.1', host: `127.0.0.1:${port}` },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('only on loopback');
    const post = await fetch(`http://${lan!.address}:${port}/_local/faults`, { method: 'POST', body: JSON.stringify({ duplicateDeliveries: true }) });
    expect(post.status).toBe(403);
    expect(admin.faults.current.duplicateDeliveries).toBe(false);
  });
});
