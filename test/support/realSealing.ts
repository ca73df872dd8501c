import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PenSample } from '../../native/pen/penSample';
import { signPdf } from '../../main/documents/signPdf';
import { demoCredentials } from './documentTestKit';
import { toDocumentsPlacement } from '../../main/station/signaturePlacesFinder';
import type { DocumentSealer } from '../../main/signing/signingPorts';

/**
 * For tests of signing plans: the real sealer (signPdf with the station's demo credentials, pages
 * converted as the station does) and the escrow private key that opens its containers.
 */
export function realSealer(): { sealer: DocumentSealer; escrowPrivateKeyPath: string } {
  const creds = demoCredentials();
  return {
    escrowPrivateKeyPath: creds.escrowPrivateKeyPath!,
    sealer: {
      demoCredentials: true,
      seal: async (r) => {
        const sealed = await signPdf({
          pdf: r.pdf, record: r.record, sealedBy: r.sealedBy, signer: { name: r.signerName }, place: r.place, signedAt: r.signedAt,
          placement: toDocumentsPlacement(r.placement), sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem,
        });
        return { ...sealed, page: sealed.page + 1 };
      },
    },
  };
}

/** A stroke across the box at height `y` (0..1), one per signer so each container's ink is told apart. */
export function strokeAt(y: number, n = 24): PenSample[] {
  return Array.from({ length: n }, (_, i) => ({ t: i * 5, x: i, y: i, pressure: 0.5, nx: 0.1 + (0.8 * i) / n, ny: y, np: 0.5, inRange: true, tip: i < n - 1, buttons: 0 }));
}

/** `mutool sign -v`, per signature: MuPDF says its bytes are intact, and whether later revisions followed it. */
export function mutoolVerify(pdf: Uint8Array): { object: number; valid: boolean; editedSince: boolean; text: string }[] {
  const file = join(mkdtempSync(join(tmpdir(), 'station-mutool-')), 'doc.pdf');
  writeFileSync(file, pdf);
  const r = spawnSync('mutool', ['sign', '-v', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`mutool cannot run (apt package mupdf-tools): ${r.error.message}`);
  return (r.stdout + r.stderr).split(/^Verifying signature /m).slice(1).map((block) => ({
    object: Number.parseInt(block, 10),
    valid: /The signature is valid|The document is unchanged since signing/.test(block),
    editedSince: /edits since signing/.test(block),
    text: block.trim(),
  }));
}
