/**
 * Disk space of one signed document in the vault, for the free-space margin's default
 * (main/vault/documentSpace.ts). Not a timing: bytes, read from the file system itself.
 *
 * Each PDF of ../shared/data/pdf-corpus/ordinary and the demo agreement is signed as the station
 * signs (ink + escrow-sealed SVC2004 biometrics + PAdES seal, demo credentials), then queued into
 * one vault on a fresh tmpfs with the audit trail following, as at the desk. statfs free space is
 * read before, right after the enqueue (the WAL holds the pages: the transient need) and after a
 * WAL checkpoint (TRUNCATE: what the document finally takes).
 * Usage (as root, for the tmpfs): node bin/run-ts.mjs bench/diskSpaceBench.ts
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { mountSmallDisk } from '../test/support/smallDisk';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdf } from '../main/documents/signPdf';
import { readSignatureInput } from '../main/documents/signatureInput';
import { createDemoDocument } from '../main/signing/demoDocument';
import { createAuditTrail } from '../main/privacy/auditTrail';
import { openStationVault } from '../main/vault/openStationVault';
import { measuredDocumentDiskBytes } from '../main/vault/documentSpace';
import { sharedDataLocation } from '../main/config/sharedData';

const shared = sharedDataLocation();
const corpus = join(shared, 'pdf-corpus', 'ordinary');
const signatures = join(shared, 'svc2004-task2-dev', 'Task2');
const { disk, skipReason } = mountSmallDisk(256);
if (!disk) {
  console.error(skipReason);
  process.exit(1);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const loadAtStart = loadavg()[0];
try {
  const config = stationConfigSchema.parse({ storage: { dir: join(disk.dir, 'station') } });
  mkdirSync(config.storage.dir, { recursive: true });
  const creds = loadOrCreateSealingCredentials(config.storage.dir, config.documents, {});
  const vault = await openStationVault(config);
  createAuditTrail(vault, { log: { info() {}, warn() {} } }).followVault();
  const inputs: { name: string; pdf: Uint8Array }[] = [{ name: 'demo agreement', pdf: await createDemoDocument() }];
  for (const f of readdirSync(corpus).filter((f) => f.endsWith('.pdf')).sort()) inputs.push({ name: f, pdf: readFileSync(join(corpus, f)) });
  const rows: { name: string; input: number; signed: number; envelope: number; transient: number; settled: number }[] = [];
  let n = 0;
  for (const { name, pdf } of inputs) {
    const record = await readSignatureInput(join(signatures, `U${1 + (n % 40)}S1.TXT`));
    const signed = await signPdf({ pdf, record, signer: { name: 'Bench Signer' }, sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem }).catch((err: Error) => err);
    if (signed instanceof Error) {
      console.error(`${name}: not signable (${signed.message}); left out`);
      continue;
    }
    vault.checkpoint();
    const before = disk.free();
    const row = vault.enqueueSignedDocument({ id: `bench-${n++}`, tenant: config.station.tenant, pdf: signed.pdf, signerName: 'Bench Signer', metadata: { title: name, sha256: signed.sha256 } });
    const transient = before - disk.free();
    vault.checkpoint();
    rows.push({ name, input: pdf.length, signed: signed.pdf.length, envelope: row.envelope_bytes ?? 0, transient, settled: before - disk.free() });
  }
  vault.close();
  const table = rows.map((r) => `| ${r.name} | ${kib(r.input)} | ${kib(r.signed)} | ${kib(r.envelope)} | ${kib(r.transient)} | ${kib(r.settled)} |`).join('\n');
  const section = `## Disk space per signed document (issue 20)

\`node bin/run-ts.mjs bench/diskSpaceBench.ts\` (as root: a 256 MB tmpfs), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model}, load average ${loadAtStart.toFixed(2)} at start.
Each document signed as the station signs (ink, escrow-sealed SVC2004 biometrics, PAdES, demo credentials) and queued with the audit following;
free space (statfs) read before, right after the enqueue (pages in the WAL) and after a WAL checkpoint.

| document | input | signed PDF | vault envelope | free space used at enqueue | used after checkpoint |
|---|---|---|---|---|---|
${table}

Median: envelope ${kib(median(rows.map((r) => r.envelope)))}, at enqueue ${kib(median(rows.map((r) => r.transient)))}, after checkpoint ${kib(median(rows.map((r) => r.settled)))};
largest at enqueue ${kib(Math.max(...rows.map((r) => r.transient)))}. \`measuredDocumentDiskBytes\` in main/vault/documentSpace.ts is ${kib(measuredDocumentDiskBytes)}.
`;
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'results', 'diskSpace.md'), section);
  console.log(section);
} finally {
  disk.unmount();
}
