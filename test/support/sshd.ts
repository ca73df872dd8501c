import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Debian's OpenSSH server for tests: listens on 127.0.0.1 on a free port with its own host key and
 * config, and lets one user in by key only, chrooted into a fresh directory with an `upload/` folder
 * it may write, SFTP only (internal-sftp). Nothing of the system's own sshd setup is used or changed.
 *
 * Chroot needs root (sshd checks that every path component of the chroot is root-owned), so the
 * tree lives under /run/station-test-sshd/. The chrooted user is the system's unprivileged `nobody`
 * account: no user is added to the machine.
 */
export interface TestSshd {
  host: string;
  port: number;
  username: string;
  /** "SHA256:…" as `ssh-keygen -l -E sha256` prints it. */
  hostKeySha256: string;
  /** OpenSSH private key (PEM text) of the user, and where it is on disk. */
  clientPrivateKey: string;
  clientPrivateKeyFile: string;
  /** The user's writable folder, as the SFTP client sees it, and where it is on this machine. */
  remoteUploadDir: string;
  localUploadDir: string;
  /** What sshd wrote to stderr (with -e), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const sshdBinary = '/usr/sbin/sshd';
const baseDir = '/run/station-test-sshd';
const chrootUser = 'nobody';

/** Why a real sshd cannot run here, or undefined when it can. */
export function sshdUnavailableReason(): string | undefined {
  if (!existsSync(sshdBinary)) return `${sshdBinary} is missing (Debian package openssh-server)`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'a chrooted sshd needs root';
  try {
    execFileSync('getent', ['passwd', chrootUser]);
  } catch {
    return `no '${chrootUser}' account to chroot`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Makes an ed25519 key pair; returns its files and SHA-256 fingerprint. */
export function makeSshKeyPair(file: string, comment = 'station-test'): { privateKeyFile: string; publicKey: string; sha256: string } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' });
  const sha256 = /SHA256:[A-Za-z0-9+/]+/.exec(fingerprint)?.[0];
  if (!sha256) throw new Error(`cannot read the fingerprint from: ${fingerprint}`);
  return { privateKeyFile: file, publicKey: readFileSync(`${file}.pub`, 'utf8'), sha256 };
}

export async function startTestSshd(): Promise<TestSshd> {
  const reason = sshdUnavailableReason();
  if (reason) throw new Error(`cannot start a test sshd: ${reason}`);
  // sshd's privilege separation needs this empty root-owned directory (the Debian service makes it at boot).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  mkdirSync(baseDir, { recursive: true, mode: 0o755 });
  chmodSync(baseDir, 0o755);
  const dir = join(baseDir, randomBytes(6).toString('hex'));
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const chroot = join(dir, 'chroot');
  const upload = join(chroot, 'upload');
  mkdirSync(upload, { recursive: true, mode: 0o755 });
  chmodSync(chroot, 0o755);
  const uid = Number(execFileSync('id', ['-u', chrootUser], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', chrootUser], { encoding: 'utf8' }).trim());
  chownSync(upload, uid, gid);

  const hostKey = makeSshKeyPair(join(dir, 'ssh_host_ed25519_key'), 'station-test-host');
  const client = makeSshKeyPair(join(dir, 'client_ed25519'), 'station-test-client');
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, client.publicKey, { mode: 0o644 });

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const configFile = join(dir, 'sshd_config');
    writeFileSync(configFile, [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey.privateKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin no',
      `AllowUsers ${chrootUser}`,
      'LogLevel VERBOSE',
      'Subsystem sftp internal-sftp',
      `Match User ${chrootUser}`,
      `  ChrootDirectory ${chroot}`,
      '  ForceCommand internal-sftp -d /upload',
      '  AllowTcpForwarding no',
      '  X11Forwarding no',
      '',
    ].join('\n'));
    let stderr = '';
    const child: ChildProcess = spawn(sshdBinary, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (c) => { stderr += c.toString(); });
    let exited = false;
    child.once('exit', () => { exited = true; });
    for (let i = 0; i < 100 && !exited; i++) {
      if (await canConnect(port)) {
        return {
          host: '127.0.0.1',
          port,
          username: chrootUser,
          hostKeySha256: hostKey.sha256,
          clientPrivateKey: readFileSync(client.privateKeyFile, 'utf8'),
          clientPrivateKeyFile: client.privateKeyFile,
          remoteUploadDir: '/upload',
          localUploadDir: upload,
          log: () => stderr,
          stop: async () => {
            if (!exited) {
              const done = new Promise((r) => child.once('exit', r));
              child.kill('SIGTERM');
              await done;
            }
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) child.kill('SIGKILL');
    lastError = stderr;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`sshd did not start: ${lastError}`);
}
