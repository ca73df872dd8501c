import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import { startLocalPki, type IssuedCertificate, type LocalPki } from './pki';
import { startLocalTsa, type LocalTsa } from './tsa';
import { readDss } from '../../main/documents/dssReader';
import { openPdfModel } from '../../main/documents/pdfDocumentModel';
import { sealerFromPkcs12 } from '../../main/documents/sealingCredentials';
import type { Sealer } from '../../main/documents/sealer';
import { tempDir } from './documentTestKit';

/**
 * The long-term-validation tests' world: a three-level openssl PKI with a real OCSP responder and
 * CRLs over HTTP, a seal certificate and a TSA (openssl ts) whose certificate comes from the same
 * issuing CA, and the independent checks: `openssl ocsp -respin -verify`, `openssl crl -verify`,
 * `openssl ts -verify` for document time-stamps, `mutool sign -v`.
 */
export interface LtvWorld {
  pki: LocalPki;
  tsa: LocalTsa;
  seal: IssuedCertificate;
  sealer: Sealer;
  close(): Promise<void>;
}

export async function startLtvWorld(): Promise<LtvWorld> {
  const pki = await startLocalPki();
  const seal = await pki.issue('Bank seal (test)');
  const tsaCert = await pki.issue('Bank TSA (test)', { extendedKeyUsage: 'timeStamping' });
  const tsa = await startLocalTsa({ signer: { certPath: tsaCert.certPath, keyPath: tsaCert.keyPath, chainPath: pki.caFile } });
  return {
    pki, tsa, seal, sealer: sealedBy(pki, seal),
    close: async () => {
      await tsa.close();
      await pki.close();
    },
  };
}

export function sealedBy(pki: LocalPki, cert: IssuedCertificate): Sealer {
  return sealerFromPkcs12(readFileSync(cert.p12Path), pki.p12Password, cert.p12Path);
}

function tool(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} cannot run: ${r.error.message}`);
  return { status: r.status ?? -1, output: r.stdout + r.stderr };
}

/** Every OCSP response and CRL of the DSS, each checked by openssl against the chain. */
export async function opensslChecksOfDss(pdf: Uint8Array, caFile: string): Promise<{ ocsp: { status: number; output: string }[]; crl: { status: number; output: string }[]; certs: number }> {
  const dss = readDss(await openPdfModel(pdf));
  const dir = tempDir('station-dss-');
  const ocsp = (dss?.ocsps ?? []).map((der, i) => {
    const f = join(dir, `ocsp${i}.der`);
    writeFileSync(f, der);
    return tool('openssl', ['ocsp', '-respin', f, '-CAfile', caFile, '-resp_text']);
  });
  const crl = (dss?.crls ?? []).map((der, i) => {
    const f = join(dir, `crl${i}.der`);
    writeFileSync(f, der);
    return tool('openssl', ['crl', '-inform', 'DER', '-in', f, '-CAfile', caFile, '-noout']);
  });
  return { ocsp, crl, certs: dss?.certs.length ?? 0 };
}

/** `openssl ts -verify` of every document time-stamp: its token against exactly the bytes its /ByteRange covers. */
export async function opensslChecksOfDocumentTimestamps(pdf: Uint8Array, caFile: string): Promise<{ field: string; status: number; output: string }[]> {
  const model = await openPdfModel(pdf);
  const ctx = model.doc.context;
  const dir = tempDir('station-docts-');
  const out: { field: string; status: number; output: string }[] = [];
  for (const f of model.signatureFields.filter((x) => x.filled)) {
    const sig = ctx.lookup(f.dict.get(PDFName.of('V')));
    if (!(sig instanceof PDFDict) || sig.get(PDFName.of('SubFilter')) !== PDFName.of('ETSI.RFC3161')) continue;
    const br = (ctx.lookup(sig.get(PDFName.of('ByteRange'))) as PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const contents = Buffer.from(String(sig.get(PDFName.of('Contents'))).slice(1, -1), 'hex');
    const data = join(dir, `${f.name}.data`);
    const token = join(dir, `${f.name}.tst`);
    writeFileSync(data, Buffer.concat([pdf.subarray(br[0], br[0] + br[1]), pdf.subarray(br[2], br[2] + br[3])]));
    writeFileSync(token, contents);
    out.push({ field: f.name, ...tool('openssl', ['ts', '-verify', '-data', data, '-in', token, '-token_in', '-CAfile', caFile]) });
  }
  return out;
}

/** `mutool sign -v`: one verdict per signature (mutool 1.21 does not check document time-stamps: it says "not signed"). */
export function mutoolVerify(pdf: Uint8Array): string {
  const file = join(tempDir('station-mutool-'), 'doc.pdf');
  writeFileSync(file, pdf);
  return tool('mutool', ['sign', '-v', file]).output;
}

export { tempDir };
