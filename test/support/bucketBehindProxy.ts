import { afterAll, afterEach, beforeAll } from 'vitest';
import { startMisbehavingProxy, type MisbehavingProxy } from './misbehavingS3Proxy';
import { freshBucket, type TestS3 } from './syncFixtures';

/**
 * A fresh bucket on the run's radosgw with a misbehaving proxy in front of it, for one test file:
 * made before its tests, the proxy back to passing everything after each test, both gone after
 * the file. The fields are set once the file's beforeAll has run.
 */
export function useBucketBehindProxy(): { s3: TestS3; proxy: MisbehavingProxy } {
  const rig = {} as { s3: TestS3; proxy: MisbehavingProxy };
  beforeAll(async () => {
    rig.s3 = await freshBucket();
    rig.proxy = await startMisbehavingProxy(rig.s3.endpoint);
  });
  afterEach(() => {
    rig.proxy.mode = 'pass';
    rig.proxy.failNext(0, 'pass');
    rig.proxy.log.length = 0;
  });
  afterAll(async () => {
    await rig.proxy?.close();
    rig.s3?.client.destroy();
  });
  return rig;
}
