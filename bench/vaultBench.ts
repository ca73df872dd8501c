/**
 * Vault and S3 sync benchmark (issue 5):
 *  - enqueue throughput: documents/s into the encrypted vault (one fsync'd transaction each);
 *  - database size overhead per document (vault.sqlite after checkpoint, minus the PDF bytes);
 *  - drain time of N queued documents of SIZE bytes to radosgw, side by side with
 *    `aws s3 cp --recursive` of the same files to the same server, in the same run.
 * Usage: node bin/run-ts.mjs bench/vaultBench.ts [--docs 1000] [--kib 200] [--rounds 3]
 * Needs radosgw (Debian radosgw ceph-mon ceph-osd ceph-common) and awscli on PATH.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRadosgw } from '../test/support/radosgw';
import { openLocalVault, pdfWithText, tempDir } from '../main/vault/test/vaultFixtures';
import { createSyncService } from '../main/sync/syncService';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, kib: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } } });
const docs = Number(values.docs);
const size = Number(values.kib) * 1024;
const rounds = Number(values.rounds);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs: number[]) => Math.min(...xs);
const loadAtStart = loadavg()[0];
const seconds = (ms: number) => (ms / 1000).toFixed(2);

// 4 GiB of memstore: several rounds of 200 MB uploads, deleted in between, never near the OSD failsafe.
const rgw = await startRadosgw({ memstoreBytes: 4 * 1024 ** 3 });
const work = tempDir('vault-bench-');
const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: rgw.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.credentials.secretAccessKey, AWS_DEFAULT_REGION: rgw.region };
const aws = (...args: string[]) => execFileSync('aws', ['--endpoint-url', rgw.endpoint, ...args], { env: awsEnv, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  const s3 = new S3Client({ endpoint: rgw.endpoint, region: rgw.region, forcePathStyle: true, credentials: rgw.credentials });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  s3.destroy();
  // The same documents for both: small real PDF head + incompressible filler up to SIZE.
  const files = join(work.dir, 'files');
  mkdirSync(files);
  const pdfs = Array.from({ length: docs }, (_, i) => {
    const head = pdfWithText(`bench document ${i}`);
    return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
  });
  pdfs.forEach((pdf, i) => writeFileSync(join(files, `doc-${i}.pdf`), pdf));

  const results = { enqueuePerSec: [] as number[], overheadBytes: [] as number[], drain4: [] as number[], drain10: [] as number[], awscli: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of [4, 10]) {
      const dir = join(work.dir, `vault-${round}-${concurrency}`);
      const { vault } = await openLocalVault(dir, 'bench', 'bench-station');
      const t0 = performance.now();
      pdfs.forEach((pdf, i) => vault.enqueueSignedDocument({ id: `r${round}-c${concurrency}-${i}`, tenant: 'bench', pdf, signerName: 'Bench Person', signedAt: '2026-11-26T06:00:00Z' }));
      const enqueueMs = performance.now() - t0;
      results.enqueuePerSec.push(docs / (enqueueMs / 1000));
      const sync = createSyncService({
        vault,
        config: { sync: { enabled: true, s3Endpoint: rgw.endpoint, s3Bucket: 'bench', s3Region: rgw.region, s3ForcePathStyle: true, s3SseKmsKeyId: '', concurrency, intervalSeconds: 30 } },
        s3ClientConfig: { credentials: rgw.credentials },
      });
      const t1 = performance.now();
      const r = await sync.syncOnce();
      const drainMs = performance.now() - t1;
      if (r.uploaded !== docs) throw new Error(`drain uploaded ${r.uploaded} of ${docs}: ${r.errors.slice(0, 3).join('; ')}`);
      (concurrency === 4 ? results.drain4 : results.drain10).push(drainMs);
      vault.close();
      results.overheadBytes.push((statSync(join(dir, 'vault.sqlite')).size - docs * size) / docs);
      aws('s3', 'rm', 's3://bench/', '--recursive', '--only-show-errors');
      console.error(`round ${round + 1} c=${concurrency}: enqueue ${seconds(enqueueMs)} s, drain ${seconds(drainMs)} s`);
    }
    const t2 = performance.now();
    aws('s3', 'cp', files, 's3://bench/awscli/', '--recursive', '--only-show-errors');
    results.awscli.push(performance.now() - t2);
    aws('s3', 'rm', 's3://bench/', '--recursive', '--only-show-errors');
    console.error(`round ${round + 1} awscli: ${seconds(results.awscli.at(-1)!)} s`);
  }

  const awsVersion = execFileSync('aws', ['--version'], { encoding: 'utf8' }).trim().split(' ')[0];
  const m = { awscli: median(results.awscli), d4: median(results.drain4), d10: median(results.drain10) };
  // The machine is shared: per-round ratios (same load for both sides) are steadier than ratios of medians.
  const ratio4 = results.drain4.map((d, i) => d / results.awscli[i]);
  const ratio10 = results.drain10.map((d, i) => d / results.awscli[i]);
  console.log(`## Vault and S3 sync (bench/vaultBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; radosgw (Ceph 16, memstore) on 127.0.0.1; ${awsVersion}; load average at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0].toFixed(1)} (shared machine).
Command: \`node bin/run-ts.mjs bench/vaultBench.ts --docs ${docs} --kib ${size / 1024} --rounds ${rounds}\` (medians of ${rounds} rounds).

| what | median |
|---|---|
| enqueue (encrypt + one fsync'd transaction per document) | ${median(results.enqueuePerSec).toFixed(0)} documents/s |
| vault.sqlite overhead per document (beyond the ${size / 1024} KiB PDF) | ${(median(results.overheadBytes) / 1024).toFixed(1)} KiB |
| drain ${docs} × ${size / 1024} KiB, sync concurrency 4 (default) | ${seconds(m.d4)} s |
| drain ${docs} × ${size / 1024} KiB, sync concurrency 10 | ${seconds(m.d10)} s |
| \`aws s3 cp --recursive\` of the same files (10 concurrent requests) | ${seconds(m.awscli)} s |
| ratio drain/awscli in the same round, concurrency 4: median (best) | ${median(ratio4).toFixed(2)} (${min(ratio4).toFixed(2)}) |
| ratio drain/awscli in the same round, concurrency 10: median (best) | ${median(ratio10).toFixed(2)} (${min(ratio10).toFixed(2)}) |

Per round (s): drain c=4 ${results.drain4.map(seconds).join(', ')}; drain c=10 ${results.drain10.map(seconds).join(', ')}; awscli ${results.awscli.map(seconds).join(', ')}; enqueue docs/s ${results.enqueuePerSec.map((x) => x.toFixed(0)).join(', ')}.

Each drained document is two objects (envelope + metadata JSON), each one PUT with Content-MD5,
x-amz-checksum-sha256 and If-None-Match, verified by the returned ETag; claims and confirmations are written in batches of the sync concurrency (one fsync each).
`);
} finally {
  await rgw.stop();
  work.remove();
}
