import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real three-level PKI for the long-term-validation tests, made with OpenSSL in a temp dir:
 *
 *   root CA ──CRL──▶ issuing CA ──OCSP + CRL──▶ seal certificate, TSA certificate
 *
 * The leaf certificates carry an AIA OCSP URL pointing at a real `openssl ocsp -port` responder
 * (signed by a delegated responder certificate with id-pkix-ocsp-nocheck) and a CRL distribution
 * point on a small HTTP server that serves the CRLs `openssl ca -gencrl` writes. Both listen on
 * 127.0.0.1 free ports. `revoke()` revokes a certificate in the CA database, regenerates the CRL
 * and the responder sees it on its next request (OpenSSL reloads a changed index).
 */
const run = promisify(execFile);

export interface IssuedCertificate {
  certPath: string;
  keyPath: string;
  /** PKCS#12 with the key, the certificate and the issuing CA + root (password `p12Password`). */
  p12Path: string;
  certPem: string;
}

export interface LocalPki {
  dir: string;
  rootPem: string;
  issuingPem: string;
  /** root + issuing CA PEMs, for `openssl … -CAfile`. */
  caFile: string;
  /** A second file with only the root (trust anchor) and the issuing CA as untrusted. */
  rootFile: string;
  issuingFile: string;
  ocspUrl: string;
  crlBaseUrl: string;
  p12Password: string;
  /** Issues a leaf from the issuing CA with the OCSP and CRL URLs (extendedKeyUsage e.g. 'timeStamping'). */
  issue(name: string, opts?: { extendedKeyUsage?: string; ec?: boolean; /** Validity in days (default the CA's 30). */ days?: number }): Promise<IssuedCertificate>;
  revoke(certPath: string, reason?: string): Promise<void>;
  /** How many CRL downloads were answered. */
  served(): { crl: number };
  /** Stop / start the OCSP responder and the CRL server (the same ports), to test "unreachable". */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('openssl', args, { cwd });
  return stdout;
}

const caConfig = (dir: string, name: string) => `
[ ca ]
default_ca = ca_${name}
[ ca_${name} ]
dir = ${dir}/${name}
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/ca.crt
private_key = $dir/ca.key
default_md = sha256
default_days = 30
default_crl_days = 7
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
`;

async function makeCaDir(dir: string, name: string) {
  await run('mkdir', ['-p', join(dir, name, 'new')]);
  await writeFile(join(dir, name, 'index.txt'), '');
  await writeFile(join(dir, name, 'index.txt.attr'), 'unique_subject = no\n');
  await writeFile(join(dir, name, 'serial'), name === 'root' ? '1000\n' : '2000\n');
  await writeFile(join(dir, name, 'crlnumber'), '01\n');
  await writeFile(join(dir, `${name}.cnf`), caConfig(dir, name));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

/** Starts `openssl ocsp -port` and resolves with the port it reports (ACCEPT …:port). */
function startResponder(dir: string, port: number): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('openssl', ['ocsp', '-port', String(port), '-index', join(dir, 'issuing', 'index.txt'), '-CA', join(dir, 'issuing', 'ca.crt'),
      '-rsigner', join(dir, 'ocsp.crt'), '-rkey', join(dir, 'ocsp.key'), '-nmin', '60', '-ignore_err'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ACCEPT .*:(\d+)/.exec(out);
      if (m) {
        proc.stdout!.off('data', onData);
        proc.stderr!.off('data', onData);
        resolve({ proc, port: Number(m[1]) });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`openssl ocsp exited (${code}): ${out}`)));
    proc.once('error', reject);
  });
}

export async function startLocalPki(): Promise<LocalPki> {
  const dir = await mkdtemp(join(tmpdir(), 'station-pki-'));
  const p12Password = 'station-test';
  const counts = { crl: 0 };
  await makeCaDir(dir, 'root');
  await makeCaDir(dir, 'issuing');

  // CRLs over HTTP first: its port goes into every certificate below.
  let crlServer = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\//, '');
    if (!/^(root|issuing)\.crl$/.test(name)) return void res.writeHead(404).end();
    readFile(join(dir, name)).then((body) => {
      counts.crl++;
      res.writeHead(200, { 'content-type': 'application/pkix-crl', 'content-length': body.length }).end(body);
    }, () => res.writeHead(404).end());
  });
  const crlPort = await listen(crlServer);
  const crlBaseUrl = `http://127.0.0.1:${crlPort}`;

  // The root (self-signed) and the issuing CA (from the root, with the root's CRL URL).
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root/ca.key', '-out', 'root/ca.crt', '-days', '60',
    '-subj', '/O=Signing Station tests/CN=Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash'], dir);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'issuing/ca.key', '-out', 'issuing/ca.csr', '-subj', '/O=Signing Station tests/CN=Test Issuing CA'], dir);
  await writeFile(join(dir, 'issuing.ext'), `basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:${crlBaseUrl}/root.crl\n`);
  await openssl(['ca', '-batch', '-config', 'root.cnf', '-in', 'issuing/ca.csr', '-out', 'issuing/ca.crt', '-extfile', 'issuing.ext', '-notext', '-days', '60'], dir);

  // The OCSP responder's own certificate (delegated, ocsp-nocheck) and the responder itself.
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ocsp.key', '-out', 'ocsp.csr', '-subj', '/O=Signing Station tests/CN=Test OCSP responder'], dir);
  await writeFile(join(dir, 'ocsp.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,OCSPSigning\nnoCheck=ignored\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  await openssl(['ca', '-batch', '-config', 'issuing.cnf', '-in', 'ocsp.csr', '-out', 'ocsp.crt', '-extfile', 'ocsp.ext', '-notext'], dir);
  let responder = await startResponder(dir, 0);
  const ocspPort = responder.port;
  const ocspUrl = `http://127.0.0.1:${ocspPort}`;

  const gencrl = async () => {
    await openssl(['ca', '-config', 'root.cnf', '-gencrl', '-out', 'root.pem.crl'], dir);
    await openssl(['crl', '-in', 'root.pem.crl', '-outform', 'DER', '-out', 'root.crl'], dir);
    await openssl(['ca', '-config', 'issuing.cnf', '-gencrl', '-out', 'issuing.pem.crl'], dir);
    await openssl(['crl', '-in', 'issuing.pem.crl', '-outform', 'DER', '-out', 'issuing.crl'], dir);
  };
  await gencrl();

  const rootPem = await readFile(join(dir, 'root', 'ca.crt'), 'utf8');
  const issuingPem = await readFile(join(dir, 'issuing', 'ca.crt'), 'utf8');
  await writeFile(join(dir, 'cafile.pem'), rootPem + issuingPem);
  await writeFile(join(dir, 'rootfile.pem'), rootPem);
  await writeFile(join(dir, 'issuingfile.pem'), issuingPem);

  // The responder reloads its index when the file's mtime changes, which has one-second resolution:
  // give every change its own distinct mtime so that a revocation is seen on the very next request.
  let indexVersion = 0;
  // It checks before it waits for the next request, so one throw-away request makes it look now.
  const touchIndex = async () => {
    await utimes(join(dir, 'issuing', 'index.txt'), 1_000_000_000 + ++indexVersion, 1_000_000_000 + indexVersion);
    await openssl(['ocsp', '-issuer', join(dir, 'issuing', 'ca.crt'), '-serial', '0x1', '-url', ocspUrl, '-noverify'], dir);
  };
  await touchIndex();
  let n = 0;
  const pki: LocalPki = {
    dir, rootPem, issuingPem, caFile: join(dir, 'cafile.pem'), rootFile: join(dir, 'rootfile.pem'), issuingFile: join(dir, 'issuingfile.pem'),
    ocspUrl, crlBaseUrl, p12Password,
    async issue(name, opts = {}) {
      const stem = `leaf${++n}`;
      const keyArgs = opts.ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
      await openssl(['req', ...keyArgs, '-nodes', '-keyout', `${stem}.key`, '-out', `${stem}.csr`, '-subj', `/O=Signing Station tests/CN=${name}`], dir);
      const eku = opts.extendedKeyUsage ? `extendedKeyUsage=critical,${opts.extendedKeyUsage}\n` : '';
      const ku = opts.extendedKeyUsage === 'timeStamping' ? 'digitalSignature' : 'digitalSignature,nonRepudiation';
      await writeFile(join(dir, `${stem}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,${ku}\n${eku}subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`
        + `authorityInfoAccess=OCSP;URI:${ocspUrl}\ncrlDistributionPoints=URI:${crlBaseUrl}/issuing.crl\n`);
      await openssl(['ca', '-batch', '-config', 'issuing.cnf', '-in', `${stem}.csr`, '-out', `${stem}.crt`, '-extfile', `${stem}.ext`, '-notext', ...(opts.days ? ['-days', String(opts.days)] : [])], dir);
      await openssl(['pkcs12', '-export', '-inkey', `${stem}.key`, '-in', `${stem}.crt`, '-certfile', 'cafile.pem', '-passout', `pass:${p12Password}`, '-out', `${stem}.p12`], dir);
      await touchIndex();
      return { certPath: join(dir, `${stem}.crt`), keyPath: join(dir, `${stem}.key`), p12Path: join(dir, `${stem}.p12`), certPem: await readFile(join(dir, `${stem}.crt`), 'utf8') };
    },
    async revoke(certPath, reason = 'keyCompromise') {
      await openssl(['ca', '-config', 'issuing.cnf', '-revoke', certPath, '-crl_reason', reason], dir);
      await touchIndex();
      await gencrl();
    },
    served: () => {
      return { ...counts };
    },
    async goOffline() {
      const proc = responder.proc;
      if (proc.exitCode === null) await new Promise<void>((resolve) => { proc.once('exit', () => resolve()); proc.kill(); });
      await new Promise<void>((resolve) => crlServer.close(() => resolve()));
    },
    async goOnline() {
      responder = await startResponder(dir, ocspPort);
      const next = createServer(crlServer.listeners('request')[0] as Parameters<typeof createServer>[1]);
      await new Promise<void>((resolve, reject) => { next.once('error', reject); next.listen(crlPort, '127.0.0.1', () => resolve()); });
      crlServer = next;
    },
    async close() {
      responder.proc.removeAllListeners('exit');
      if (responder.proc.exitCode === null) await new Promise<void>((resolve) => { responder.proc.once('exit', () => resolve()); responder.proc.kill(); });
      if (crlServer.listening) await new Promise<void>((resolve) => crlServer.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return pki;
}
