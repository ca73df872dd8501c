import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { ConnectConfig, SFTPWrapper, Stats } from 'ssh2';
import type { SigningRequest } from '../inbox/signingRequest';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';

const { Client } = ssh2;

/**
 * Sends signed documents and their metadata to a client's archive over SFTP.
 *
 * - The server's host key must match the pinned SHA-256 fingerprint, or nothing is sent.
 * - Uploads are atomic: each file is written under a hidden temporary name, its size checked, then
 *   renamed into place, so the archive never picks up half a file. The metadata JSON goes last: its
 *   presence means the PDF beside it is complete.
 * - Failed exports are retried with backoff; every attempt is in the export log.
 * - `remoteDir` may contain {tenant}, {documentType}, {yyyy}, {mm}, {dd}: one setting serves many
 *   tenants and document types; missing folders are created.
 */
export interface SftpExporterConfig {
  host: string;
  port: number;
  username: string;
  /** OpenSSH/PEM private key file, or the key itself in `privateKey`. */
  privateKeyFile?: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** "SHA256:…" as OpenSSH prints it. Required: an unpinned server is refused. */
  hostKeySha256: string;
  remoteDir: string;
  /** Values for {tenant} in remoteDir. */
  tenant?: string;
  /** Only these document types are exported when wired to the inbox; empty: all. */
  documentTypes?: string[];
}

export interface ExportLogEntry {
  at: string;
  signingRequestId?: string;
  remotePath: string;
  bytes: number;
  sha256: string;
  status: 'exported' | 'failed' | 'retrying';
  attempt: number;
  error?: string;
}

export interface SftpExportItem {
  /** File name without extension; made safe for any file system. */
  baseName: string;
  pdf: Uint8Array;
  metadata: Record<string, unknown>;
  documentType?: string;
  signingRequestId?: string;
  at?: Date;
}

export interface SftpExporter {
  /** Connects, checks the host key, and reports the server's identity; uploads nothing. */
  testConnection(): Promise<{ hostKeySha256: string; serverIdent: string; remoteDir: string }>;
  /** Uploads the PDF and its metadata (atomically, with retries); resolves with the remote PDF path. */
  exportDocument(item: SftpExportItem): Promise<string>;
  exportLog(): ExportLogEntry[];
  close(): void;
}

export class HostKeyMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`the SFTP server's host key ${actual} does not match the pinned ${expected}; refusing to connect (has the server been replaced, or is someone in between?)`);
    this.name = 'HostKeyMismatchError';
  }
}

export interface SftpExporterOptions {
  config: SftpExporterConfig;
  log: LogWriter;
  /** When given, every completed request (of the configured document types) is exported. */
  inbox?: SigningRequestInbox;
  retry?: { attempts?: number; initialDelayMs?: number };
  readyTimeoutMs?: number;
}

/** "SHA256:<base64 without padding>" of an SSH public key blob, as OpenSSH shows it. */
export function sshKeyFingerprint(keyBlob: Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** A file name that is safe on SFTP servers of every kind (no path, no control or reserved characters). */
export function safeBaseName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 120);
  return cleaned || 'document';
}

function expandRemoteDir(template: string, values: { tenant?: string; documentType?: string; at: Date }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const dir = template
    .replaceAll('{tenant}', safeBaseName(values.tenant ?? 'default'))
    .replaceAll('{documentType}', safeBaseName(values.documentType ?? 'document'))
    .replaceAll('{yyyy}', String(values.at.getUTCFullYear()))
    .replaceAll('{mm}', pad(values.at.getUTCMonth() + 1))
    .replaceAll('{dd}', pad(values.at.getUTCDate()));
  const normal = posix.normalize(dir || '.');
  if (normal.split('/').includes('..')) throw new Error(`sftp.remoteDir '${template}' leaves its base folder`);
  return normal;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function createSftpExporter(options: SftpExporterOptions): SftpExporter {
  const { config, log } = options;
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const initialDelayMs = options.retry?.initialDelayMs ?? 2000;
  const exportLog: ExportLogEntry[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let closed = false;
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(config.hostKeySha256)) {
    throw new Error(`sftp.hostKeySha256 must be a pinned fingerprint like SHA256:<43 base64 characters>, got '${config.hostKeySha256}'`);
  }

  function record(entry: ExportLogEntry): void {
    exportLog.push(entry);
    if (exportLog.length > 1000) exportLog.splice(0, exportLog.length - 1000);
  }

  /** Opens an SSH connection with host-key pinning and an SFTP session on it. */
  function connect(): Promise<{ sftp: SFTPWrapper; end: () => void; serverIdent: string; seenKey: string }> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let seenKey = '';
      let mismatch: HostKeyMismatchError | undefined;
      let serverIdent = '';
      const connectConfig: ConnectConfig = {
        host: config.host,
        port: config.port,
        username: config.username,
        readyTimeout: options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => {
          seenKey = sshKeyFingerprint(key);
          if (seenKey !== config.hostKeySha256) {
            mismatch = new HostKeyMismatchError(config.hostKeySha256, seenKey);
            return false;
          }
          return true;
        },
      };
      if (config.privateKey) connectConfig.privateKey = config.privateKey;
      else if (config.privateKeyFile) connectConfig.privateKey = readFileSync(config.privateKeyFile);
      if (config.passphrase) connectConfig.passphrase = config.passphrase;
      if (config.password) connectConfig.password = config.password;
      client.on('handshake', () => {
        serverIdent = (client as unknown as { _remoteVer?: string })._remoteVer ?? '';
      });
      client.once('ready', () => {
        client.sftp((err, sftp) => {
          if (err) {
            client.end();
            reject(err);
            return;
          }
          resolve({ sftp, end: () => client.end(), serverIdent, seenKey });
        });
      });
      client.once('error', (err) => reject(mismatch ?? err));
      client.connect(connectConfig);
    });
  }

  const p = <T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));

  async function mkdirs(sftp: SFTPWrapper, dir: string): Promise<void> {
    if (dir === '.' || dir === '/' || dir === '') return;
    try {
      const stats = await p<Stats>((cb) => sftp.stat(dir, cb));
      if (!stats.isDirectory()) throw new Error(`${dir} exists on the SFTP server and is not a folder`);
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 2) throw err; // 2 = SSH_FX_NO_SUCH_FILE
    }
    await mkdirs(sftp, posix.dirname(dir));
    await p<void>((cb) => sftp.mkdir(dir, (e) => cb(e)));
  }

  /** Writes to a temporary name in the same folder, checks the size, then renames over the final name. */
  async function atomicPut(sftp: SFTPWrapper, remotePath: string, bytes: Uint8Array): Promise<void> {
    const temp = posix.join(posix.dirname(remotePath), `.${posix.basename(remotePath)}.${randomBytes(4).toString('hex')}.part`);
    try {
      await new Promise<void>((resolve, reject) => {
        const stream = sftp.createWriteStream(temp, { mode: 0o640 });
        stream.once('error', reject);
        stream.once('close', () => resolve());
        stream.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      });
      const stats = await p<Stats>((cb) => sftp.stat(temp, cb));
      if (stats.size !== bytes.length) throw new Error(`upload of ${remotePath} incomplete: ${stats.size} of ${bytes.length} bytes on the server`);
      // posix-rename (OpenSSH extension) replaces an existing file atomically; plain SFTP rename refuses to.
      await p<void>((cb) => sftp.ext_openssh_rename(temp, remotePath, (e) => cb(e)));
    } catch (err) {
      await p<void>((cb) => sftp.unlink(temp, (e) => cb(e))).catch(() => undefined);
      throw err;
    }
  }

  async function uploadOnce(item: SftpExportItem, dir: string, base: string): Promise<string> {
    const { sftp, end } = await connect();
    try {
      await mkdirs(sftp, dir);
      const pdfPath = posix.join(dir, `${base}.pdf`);
      await atomicPut(sftp, pdfPath, item.pdf);
      const metadata = { ...item.metadata, file: `${base}.pdf`, bytes: item.pdf.length, sha256: sha256Hex(item.pdf) };
      await atomicPut(sftp, posix.join(dir, `${base}.json`), new TextEncoder().encode(JSON.stringify(metadata, null, 2) + '\n'));
      return pdfPath;
    } finally {
      end();
    }
  }

  const exporter: SftpExporter = {
    async testConnection() {
      const { sftp, end, serverIdent, seenKey } = await connect();
      try {
        const remoteDir = await p<string>((cb) => sftp.realpath('.', cb));
        return { hostKeySha256: seenKey, serverIdent, remoteDir };
      } finally {
        end();
      }
    },
    async exportDocument(item) {
      const at = item.at ?? new Date();
      const dir = expandRemoteDir(config.remoteDir, { tenant: config.tenant, documentType: item.documentType, at });
      const base = safeBaseName(item.baseName);
      const remotePath = posix.join(dir, `${base}.pdf`);
      const sha256 = sha256Hex(item.pdf);
      for (let attempt = 1; ; attempt++) {
        try {
          const done = await uploadOnce(item, dir, base);
          record({ at: new Date().toISOString(), signingRequestId: item.signingRequestId, remotePath, bytes: item.pdf.length, sha256, status: 'exported', attempt });
          log.info('document exported over SFTP', { remotePath, bytes: item.pdf.length, attempt });
          return done;
        } catch (err) {
          const message = (err as Error).message;
          // A wrong host key will not fix itself by retrying: stop at once, loudly.
          const final = attempt >= attempts || err instanceof HostKeyMismatchError || closed;
          record({ at: new Date().toISOString(), signingRequestId: item.signingRequestId, remotePath, bytes: item.pdf.length, sha256, status: final ? 'failed' : 'retrying', attempt, error: message });
          if (final) {
            log.error('SFTP export failed', { remotePath, attempt, error: message });
            throw err;
          }
          log.warn('SFTP export attempt failed; retrying', { remotePath, attempt, error: message });
          await new Promise<void>((resolve) => {
            const t = setTimeout(() => { pending.delete(t); resolve(); }, initialDelayMs * 2 ** (attempt - 1));
            pending.add(t);
          });
        }
      }
    },
    exportLog: () => exportLog.map((e) => ({ ...e })),
    close() {
      closed = true;
      unsubscribe?.();
      for (const t of pending) clearTimeout(t);
    },
  };

  const wanted = config.documentTypes?.length ? new Set(config.documentTypes) : undefined;
  const unsubscribe = options.inbox?.on('completed', (request: SigningRequest) => {
    if (wanted && !wanted.has(request.documentType ?? '')) return;
    void (async () => {
      const pdf = await options.inbox!.signedDocument(request.id);
      if (!pdf) return;
      await exporter.exportDocument({
        baseName: `${request.externalReference ?? 'signed'}-${request.id}`,
        pdf,
        documentType: request.documentType,
        signingRequestId: request.id,
        at: request.completedAt ? new Date(request.completedAt) : undefined,
        metadata: {
          signingRequestId: request.id,
          externalReference: request.externalReference ?? null,
          documentType: request.documentType ?? null,
          source: request.source,
          owner: request.owner,
          signerName: request.signerName ?? null,
          createdAt: request.createdAt,
          completedAt: request.completedAt,
          originalSha256: request.documentSha256,
        },
      });
    })().catch(() => undefined /* already in the export log and the error log */);
  });

  return exporter;
}

