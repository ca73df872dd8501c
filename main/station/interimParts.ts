// TEMPORARY: stand-ins used only until the pen service, the document sealer and the vault land
// (issues 3, 4, 5). Deleted at integration; nothing outside main/station.ts may import this.
import { createHash } from 'node:crypto';
import { PDFDocument, rgb } from 'pdf-lib';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { DocumentSealer, PenInput, PenStatusInfo, SealRequest, SignedDocumentStore, SignedDocumentToStore } from '../signing/signingPorts';
import { strokesOf } from '../pen/biometricRecord';

export function createInterimPen(): PenInput {
  const listeners = new Set<(s: PenSample[]) => void>();
  const device: PenDeviceInfo = { source: 'simulated', profile: 'synthetic', xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] };
  const status: PenStatusInfo = { connected: true, source: 'simulated', device: 'Simulated pen', profile: 'synthetic' };
  return {
    status: () => status,
    device: () => device,
    onSamples: (l) => (listeners.add(l), () => listeners.delete(l)),
    onStatus: () => () => undefined,
    async simulateSignature() {
      const samples: PenSample[] = [];
      for (let i = 0; i <= 200; i++) {
        const u = i / 200;
        const nx = 0.1 + 0.8 * u;
        const ny = 0.5 + 0.25 * Math.sin(u * Math.PI * 6) * (1 - u * 0.5);
        const np = 0.4 + 0.4 * Math.sin(u * Math.PI);
        samples.push({ t: i * 5, x: nx, y: ny, pressure: np, nx, ny, np, inRange: true, tip: i < 200, buttons: 0 });
      }
      for (let i = 0; i < samples.length; i += 20) for (const l of listeners) l(samples.slice(i, i + 20));
    },
    async close() {},
  };
}

export function createInterimSealer(): DocumentSealer {
  return {
    demoCredentials: true,
    async seal(r: SealRequest) {
      const doc = await PDFDocument.load(r.pdf);
      const page = doc.getPages().at(-1)!;
      for (const stroke of strokesOf(r.record.samples)) {
        for (let i = 1; i < stroke.length; i++) {
          page.drawLine({ start: { x: 64 + stroke[i - 1].nx * 260, y: 630 - stroke[i - 1].ny * 110 }, end: { x: 64 + stroke[i].nx * 260, y: 630 - stroke[i].ny * 110 }, thickness: 0.6 + stroke[i].np * 1.6, color: rgb(0.05, 0.1, 0.4) });
        }
      }
      const pdf = await doc.save();
      return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
    },
  };
}

export function createInterimStore(): SignedDocumentStore & { stored: SignedDocumentToStore[] } {
  const stored: SignedDocumentToStore[] = [];
  return { stored, async store(doc) { stored.push(doc); } };
}
