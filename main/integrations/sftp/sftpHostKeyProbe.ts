import ssh2 from 'ssh2';
import { sshKeyFingerprint } from './sftpExporter';

const { Client } = ssh2;

/**
 * Connects only as far as the key exchange, notes the server's host key fingerprint, and hangs up
 * before authenticating: what an administrator needs to pin `sftp.hostKeySha256` the first time
 * (and compare with what the archive's operator reads from `ssh-keygen -l -f` on the server).
 */
export function probeSftpHostKey(host: string, port: number, timeoutMs = 15_000): Promise<{ hostKeySha256: string; serverIdent: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let found: string | undefined;
    let serverIdent = '';
    client.on('handshake', () => {
      serverIdent = (client as unknown as { _remoteVer?: string })._remoteVer ?? '';
    });
    client.once('error', (err) => {
      if (found) resolve({ hostKeySha256: found, serverIdent });
      else reject(err);
    });
    client.once('close', () => {
      if (found) resolve({ hostKeySha256: found, serverIdent });
    });
    client.connect({
      host,
      port,
      username: 'probe',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        found = sshKeyFingerprint(key);
        return false; // refuse on purpose: nothing is sent, no credentials leave the station
      },
    });
  });
}
