import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBucket } from '../support/syncFixtures';
import { launchChromium } from '../support/chromium';
import { radosgwAvailable } from '../support/radosgw';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import { addDemoAndPrepare, customerState, openWindows, poll, scribble, sessionState, shot, signIn, toSigning, type Windows } from './deskDriver';

const missing = process.env.STATION_TEST_S3_ENDPOINT ? undefined : radosgwAvailable();

/** One signing on a station, to have something to sync. */
async function signOne(w: Windows) {
  await addDemoAndPrepare(w.teller);
  await w.teller.getByRole('button', { name: 'Send to customer' }).click();
  await toSigning(w.customer, 2);
  await scribble(w.customer, 2);
  await w.customer.getByRole('button', { name: 'Done' }).click();
  await poll(() => sessionState(w.teller), { timeout: 30_000 }).toBe('done');
  await w.teller.getByRole('button', { name: 'Finish' }).click();
  await poll(() => customerState(w.customer)).toBe('idle');
}

/**
 * The station's health as the teller sees it, with sync to a real S3 server (the run's radosgw)
 * and to one that is not there: online and nothing waiting after the upload; offline with the
 * document waiting safely and the problem in plain words.
 */
describe.skipIf(missing)(`browser mode: sync health on the teller's desk${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let browser: Browser;
  const stations: RunningStation[] = [];
  const windows: Windows[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const w of windows) await w.close();
    await browser?.close();
    for (const s of stations) expect(await s.stop()).toBe(0);
  });

  it('online: the signed document is uploaded and the health bar says nothing is waiting', async () => {
    const s3 = await freshBucket();
    const station = await startStationProcess({
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      STATION_SYNC_ENABLED: 'true',
      STATION_SYNC_S3_ENDPOINT: s3.endpoint,
      STATION_SYNC_S3_BUCKET: s3.bucket,
      STATION_SYNC_S3_REGION: 'us-east-1',
      STATION_SYNC_S3_FORCE_PATH_STYLE: 'true',
      STATION_SYNC_INTERVAL_SECONDS: '1',
    });
    stations.push(station);
    const w = await openWindows(browser, station);
    windows.push(w);
    await signIn(w.teller);
    await signOne(w);
    await poll(async () => (await s3.list()).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await poll(() => w.teller.getByTestId('health-online').textContent(), { timeout: 30_000 }).toBe('Online');
    await poll(() => w.teller.getByTestId('health-sync').textContent(), { timeout: 30_000 }).toContain('Nothing waiting to sync');
    expect(w.errors).toEqual([]);
  });

  it('offline: the document waits on the station and the teller reads the problem in plain words', async () => {
    const station = await startStationProcess({
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      STATION_SYNC_ENABLED: 'true',
      // Nothing listens on port 9 of the loopback (discard): the archive is unreachable.
      STATION_SYNC_S3_ENDPOINT: 'http://127.0.0.1:9',
      STATION_SYNC_S3_BUCKET: 'unreachable',
      STATION_SYNC_S3_REGION: 'us-east-1',
      STATION_SYNC_S3_FORCE_PATH_STYLE: 'true',
      STATION_SYNC_INTERVAL_SECONDS: '1',
    });
    stations.push(station);
    const w = await openWindows(browser, station);
    windows.push(w);
    await signIn(w.teller);
    await signOne(w);
    await poll(() => w.teller.getByTestId('health-sync').textContent(), { timeout: 30_000 }).toMatch(/^1 waiting to sync/);
    await poll(() => w.teller.getByTestId('health-online').textContent(), { timeout: 30_000 }).toMatch(/^Offline/);
    await poll(() => w.teller.getByText(/^Sync problem: /).count(), { timeout: 30_000 }).toBe(1);
    await shot(w.teller, 'teller-offline');
    expect(w.errors).toEqual([]);
  });
});
