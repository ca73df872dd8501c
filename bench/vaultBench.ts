/**
 * Vault and S3 sync benchmark:
 *  - enqueue throughput: documents/s into the encrypted vault (one fsync'd transaction each);
 *  - database size overhead per document (vault.sqlite after checkpoint, minus the PDF bytes);
 *  - drain time of N queued documents of SIZE bytes to radosgw, side by side with
 *    `aws s3 cp --recursive` of the same files to the same server, in the same run.
 * Usage: node bin/run-ts.mjs bench/vaultBench.ts [--docs 1000] [--kib 200] [--rounds 3] [--concurrency 4,10]
 * Needs radosgw (Debian radosgw ceph-mon ceph-osd ceph-common) and awscli on PATH.
 * Writes bench/results/vault.md (keeping its SIGKILL fault-test part, which comes from crash.int.test.ts).
 * A drain with stalled requests (or one that fails) leaves its evidence before radosgw is stopped:
 * docs/evidence/vault-stall-evidence.md (not bench/results/: that folder is collected into RESULTS.md) (sockets on both sides, Ceph health, requests in flight).
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startRadosgw } from '../test/support/radosgw';
import { openLocalVault, pdfWithText, tempDir } from '../test/support/vaultFixtures';
import { createSyncService } from '../main/sync/syncService';
import { stationConfigSchema } from '../main/config/stationConfigSchema';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, kib: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4,10' } } });
const docs = Number(values.docs);
const size = Number(values.kib) * 1024;
const rounds = Number(values.rounds);
const concurrencies = values.concurrency!.split(',').map(Number);
const defaultConcurrency = stationConfigSchema.parse({}).sync.concurrency;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs: number[]) => Math.min(...xs);
const loadAtStart = loadavg()[0];
const seconds = (ms: number) => (ms / 1000).toFixed(2);

// 16 GiB of memstore (taken only as used). With 4 GiB the OSD filled up in the second or third
// round although every round's objects are deleted: Ceph then pauses all writes ("osd.0 is full",
// radosgw's objecter requests "paused") and radosgw holds the PUTs without an answer — the drain's
// stalls of 2026-12-03 (docs/evidence/radosgw-full-osd-2026-12-03.md). A full S3 server, not the client.
const rgw = await startRadosgw({ memstoreBytes: 16 * 1024 ** 3 });
const work = tempDir('vault-bench-');
const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: rgw.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.credentials.secretAccessKey, AWS_DEFAULT_REGION: rgw.region };
const aws = (...args: string[]) => execFileSync('aws', ['--endpoint-url', rgw.endpoint, ...args], { env: awsEnv, stdio: ['ignore', 'ignore', 'inherit'] });
// What radosgw and the OSD were doing when a drain stalled: the sockets of both sides and the requests in flight.
const evidence: string[] = [];
const keepEvidence = (what: string) => {
  const port = new URL(rgw.endpoint).port;
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
    return `$ ${cmd} ${args.join(' ')}\n${(r.stdout || r.stderr || String(r.error ?? '')).trim().slice(0, 6000)}`;
  };
  const conf = join(rgw.dir, 'ceph.conf');
  const asok = (name: string, command: string) => run('ceph', ['--admin-daemon', join(rgw.dir, 'run', `${name}.asok`), command]);
  evidence.push(`### ${what} (${new Date().toISOString()}, load ${loadavg()[0].toFixed(1)})\n\n\`\`\`\n${[
    run('ss', ['-tanpo', `( sport = :${port} or dport = :${port} )`]),
    run('ceph', ['-c', conf, 'health', 'detail']),
    run('ceph', ['-c', conf, 'osd', 'dump']).split('\n').filter((l) => /^(\$|flags|full_ratio|nearfull|osd\.)/.test(l)).join('\n'),
    asok('osd.0', 'dump_ops_in_flight'),
    asok('osd.0', 'dump_blocked_ops'),
    asok('client.rgw.t', 'objecter_requests'),
  ].join('\n\n')}\n\`\`\`\n`);
};
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

  const results = { enqueuePerSec: [] as number[], overheadBytes: [] as number[], awscli: [] as number[], drain: new Map<number, number[]>(concurrencies.map((c) => [c, []])), stalls: [] as string[], slowestUploadMs: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // awscli first in odd rounds, last in even ones: neither side always gets the warmer server.
    const awscli = () => {
      const t2 = performance.now();
      aws('s3', 'cp', files, 's3://bench/awscli/', '--recursive', '--only-show-errors');
      results.awscli.push(performance.now() - t2);
      aws('s3', 'rm', 's3://bench/', '--recursive', '--only-show-errors');
      console.error(`round ${round + 1} awscli: ${seconds(results.awscli.at(-1)!)} s`);
    };
    if (round % 2 === 1) awscli();
    for (const concurrency of concurrencies) {
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
      // Evidence at the first stall of a drain, while the stalled requests are still in flight.
      let evidenceTaken = false;
      sync.onProgress((p) => {
        if (p.stalls && !evidenceTaken) {
          evidenceTaken = true;
          keepEvidence(`round ${round + 1}, c=${concurrency}: first stalled request, ${p.current.length} uploads in flight`);
        }
      });
      const t1 = performance.now();
      const r = await sync.syncOnce();
      const drainMs = performance.now() - t1;
      results.slowestUploadMs.push(r.slowestUploadMs);
      if (r.stalls) results.stalls.push(`round ${round + 1} c=${concurrency}: ${r.stalls}`);
      if (r.uploaded !== docs) keepEvidence(`round ${round + 1}, c=${concurrency}: ${r.uploaded} of ${docs} uploaded, ${r.stalls} stalled attempts; ${r.errors.slice(0, 3).join('; ')}`);
      if (r.uploaded !== docs) throw new Error(`drain uploaded ${r.uploaded} of ${docs} (${r.stalls} stalled attempts): ${r.errors.slice(0, 3).join('; ')}`);
      results.drain.get(concurrency)!.push(drainMs);
      vault.close();
      results.overheadBytes.push((statSync(join(dir, 'vault.sqlite')).size - docs * size) / docs);
      aws('s3', 'rm', 's3://bench/', '--recursive', '--only-show-errors');
      console.error(`round ${round + 1} c=${concurrency}: enqueue ${seconds(enqueueMs)} s, drain ${seconds(drainMs)} s`);
    }
    if (round % 2 === 0) awscli();
  }

  const awsVersion = execFileSync('aws', ['--version'], { encoding: 'utf8' }).trim().split(' ')[0];
  // The machine is shared: per-round ratios (same load for both sides) are steadier than ratios of medians.
  const rows = concurrencies.map((c) => {
    const drains = results.drain.get(c)!;
    const ratios = drains.map((d, i) => d / results.awscli[i]);
    const label = `drain ${docs} × ${size / 1024} KiB, sync concurrency ${c}${c === defaultConcurrency ? ' (default)' : ''}`;
    return { c, drains, line: `| ${label} | ${seconds(median(drains))} s | ${median(ratios).toFixed(2)} (best ${min(ratios).toFixed(2)}) |` };
  });
  const resultsFile = resolve(import.meta.dirname, 'results', 'vault.md');
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
  const faultTest = previous.includes('### SIGKILL fault test') ? previous.slice(previous.indexOf('### SIGKILL fault test')).trim() : '';
  const section = `## Vault and S3 sync (bench/vaultBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; radosgw (Ceph 16, memstore) on 127.0.0.1 started by the benchmark; ${awsVersion} (10 concurrent requests, its default); load average at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0].toFixed(1)} (shared machine).
Command: \`node bin/run-ts.mjs bench/vaultBench.ts --docs ${docs} --kib ${size / 1024} --rounds ${rounds} --concurrency ${concurrencies.join(',')}\` (${new Date().toISOString().slice(0, 10)}; medians of ${rounds} rounds; in each round every drain and one \`aws s3 cp --recursive\` of the same files to the same server, awscli first in alternate rounds).

| what | median | drain / awscli in the same round: median (best) |
|---|---|---|
| \`aws s3 cp --recursive\` of the same ${docs} files | ${seconds(median(results.awscli))} s | 1 |
${rows.map((r) => r.line).join('\n')}
| enqueue (encrypt + one fsync'd transaction per document) | ${median(results.enqueuePerSec).toFixed(0)} documents/s | |
| vault.sqlite overhead per document (beyond the ${size / 1024} KiB PDF) | ${(median(results.overheadBytes) / 1024).toFixed(1)} KiB | |

Per round (s): awscli ${results.awscli.map(seconds).join(', ')}; ${rows.map((r) => `drain c=${r.c} ${r.drains.map(seconds).join(', ')}`).join('; ')}; enqueue docs/s ${results.enqueuePerSec.map((x) => x.toFixed(0)).join(', ')}.
Slowest single upload (PUT, and a HEAD on retries) in any drain: ${seconds(Math.max(...results.slowestUploadMs))} s (per drain: ${results.slowestUploadMs.map(seconds).join(', ')}); stalled requests (no byte for 10 s, retried on a fresh connection): ${results.stalls.length ? results.stalls.join(', ') : 'none'}.

Each drained document is one object (the envelope, its description in the header), one PUT with
Content-MD5, x-amz-checksum-sha256 and If-None-Match, verified by the returned ETag; the stored
envelope's checksum is verified before it leaves; claims and confirmations are written in batches
(one fsync'd transaction per 32 documents, confirmations at least once a second).
`;
  writeFileSync(resultsFile, `${section}\n${faultTest ? `${faultTest}\n` : ''}`);
  console.log(section);
} finally {
  if (evidence.length) writeFileSync(resolve(import.meta.dirname, '..', 'docs', 'evidence', 'vault-stall-evidence.md'), `## Stalled drains in the vault benchmark\n\n${evidence.join('\n')}`);
  await rgw.stop();
  work.remove();
}
