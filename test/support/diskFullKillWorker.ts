/**
 * A station process for the SIGKILL-on-a-full-disk test (main/station/diskFullKill.int.test.ts).
 * Storage folder: $KILL_STORAGE_DIR. With the argument `sign` it prepares a signing, prints
 * "ready", and on the line "sign" on stdin takes the customer through consent and ink (the test
 * has filled the disk by then, so those audit entries are held), then prints "held <n>" and waits
 * to be killed. With `after` it starts (which writes what the reserve kept), signs in once, stops
 * cleanly and prints "stopped".
 */
import { createInterface } from 'node:readline';
import { stationConfigSchema } from '../../main/config/stationConfigSchema';
import { silentLogger } from '../../main/logging/logger';
import { createStation } from '../../main/station';
import { pointerStroke, stationCaller } from './stationCalls';

const config = stationConfigSchema.parse({ storage: { dir: process.env.KILL_STORAGE_DIR!, freeSpaceMarginMB: 1 } });
const station = await createStation(config, silentLogger);
const call = stationCaller(() => station);
await call('teller', 'auth.signIn', { username: 'demo', secret: '1234' });

if (process.argv[2] === 'after') {
  await station.close();
  process.stdout.write('stopped\n');
} else {
  const { id } = await call('teller', 'inbox.addDemo');
  await call('teller', 'session.start', { requestId: id, signerName: 'Zqxw Reserve', requireReadToEnd: false });
  await call('teller', 'session.sendToCustomer');
  await call('customer', 'customer.view', { page: 2, scrollFraction: 1, zoom: 1, pagesSeen: [1, 2] });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'sign') continue;
    await call('customer', 'customer.readDone');
    await call('customer', 'customer.consent', { agreed: true, language: 'sv' });
    await call('customer', 'customer.penSamples', { source: 'pointer-events', samples: pointerStroke() });
    const status = await call('teller', 'station.status');
    process.stdout.write(`held ${status.storage.heldAuditEntries}\n`);
  }
}
