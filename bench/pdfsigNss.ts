import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An NSS database for poppler's `pdfsig -add-signature` with an RSA-3072 self-signed certificate
 * (nickname "bench"), the same key size as the station's demo seal, so both tools sign alike.
 * Returns the `-nssdir` argument.
 */
export function makePdfsigNss(work: string): string {
  const nss = join(work, 'nss');
  mkdirSync(nss);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:3072', '-nodes', '-keyout', join(work, 'k.pem'), '-out', join(work, 'c.pem'), '-subj', '/CN=pdfsig bench', '-days', '2'], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(work, 'k.pem'), '-in', join(work, 'c.pem'), '-name', 'bench', '-passout', 'pass:bench', '-out', join(work, 'b.p12')], { stdio: 'ignore' });
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password'], { stdio: 'ignore' });
  execFileSync('pk12util', ['-i', join(work, 'b.p12'), '-d', `sql:${nss}`, '-W', 'bench'], { stdio: 'ignore' });
  return `sql:${nss}`;
}
