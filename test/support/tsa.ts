import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real RFC 3161 time-stamping authority for tests: OpenSSL's `openssl ts -reply` behind a tiny
 * HTTP server on 127.0.0.1 (free port). Its own throw-away CA issues the TSA certificate with the
 * critical timeStamping extended key usage that RFC 3161 requires.
 */
const run = promisify(execFile);

export interface LocalTsa {
  url: string;
  /** PEM of the CA that issued the TSA certificate. */
  caCertPem: string;
  /** How many time-stamps were issued (tests check that B-T really asked). */
  issued(): number;
  close(): Promise<void>;
}

async function openssl(args: string[], cwd: string) {
  await run('openssl', args, { cwd });
}

/** `signer`: a TSA certificate issued elsewhere (test/support/pki.ts, with OCSP and CRL URLs) and its CA chain (PEM). */
export async function startLocalTsa(opts: { signer?: { certPath: string; keyPath: string; chainPath: string } } = {}): Promise<LocalTsa> {
  const dir = await mkdtemp(join(tmpdir(), 'station-tsa-'));
  if (opts.signer) {
    await writeFile(join(dir, 'tsa.crt'), await readFile(opts.signer.certPath));
    await writeFile(join(dir, 'tsa.key'), await readFile(opts.signer.keyPath));
    await writeFile(join(dir, 'ca.crt'), await readFile(opts.signer.chainPath));
  } else await makeOwnTsaCertificate(dir);
  return serveTsa(dir);
}

async function makeOwnTsaCertificate(dir: string) {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Signing Station test TSA root',
    '-days', '3', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Signing Station test TSA'], dir);
  await writeFile(join(dir, 'ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  await openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tsa.crt', '-days', '3', '-extfile', 'ext.cnf'], dir);
}

async function serveTsa(dir: string): Promise<LocalTsa> {
  await writeFile(join(dir, 'tsaserial'), '01\n');
  await writeFile(join(dir, 'tsa.cnf'), `
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = ${dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`);
  let count = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // openssl ts keeps a serial file: one reply at a time.
      queue = queue.then(async () => {
        if (req.method !== 'POST') {
          res.writeHead(405).end();
          return;
        }
        const n = ++count;
        const q = join(dir, `q${n}.tsq`);
        const r = join(dir, `r${n}.tsr`);
        try {
          await writeFile(q, Buffer.concat(chunks));
          await openssl(['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', q, '-out', r], dir);
          const body = await readFile(r);
          res.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': body.length }).end(body);
        } catch (err) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(String((err as Error).message));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('TSA server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/tsa`,
    caCertPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    issued: () => count,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
