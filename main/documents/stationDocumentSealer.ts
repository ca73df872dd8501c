import type { StationConfig } from '../config/stationConfigSchema';
import type { BiometricRecord } from '../pen/biometricRecord';
import { demoCredentialsVerdict, DemoCredentialsRefused } from './demoCredentialPolicy';
import type { SealingCredentials } from './sealingCredentials';
import { loadStationSealingCredentials } from './stationSealingCredentials';
import { signPdf, type SignPdfResult } from './signPdf';
import type { SignaturePlacement } from './signaturePlacement';

/**
 * The documents area as the station's signing session uses it (the `DocumentSealer` port of
 * main/signing/signingPorts.ts, matched structurally so that this area does not depend on the
 * session): credentials are loaded (or the demo ones made) once, every seal runs `signPdf`.
 */
export interface StationSealRequest {
  pdf: Uint8Array;
  record?: BiometricRecord;
  /** The bank's seal without ink (signPdf's `sealedBy`). */
  sealedBy?: string;
  signerName: string;
  place: string;
  signedAt: Date;
  placement?: SignaturePlacement;
}

export interface StationDocumentSealer {
  seal(request: StationSealRequest): Promise<SignPdfResult>;
  readonly demoCredentials: boolean;
  /** Why this station refuses to seal (demo credentials outside the demo tenant), if it does. */
  readonly refusal?: string;
  /** Plain-language lines for `station doctor` (demo seal, demo escrow key and where its private half is). */
  readonly notices: string[];
}

/**
 * Offline first: at B-LT/B-LTA the desk seals B-B at once (no TSA round trip while the customer
 * waits) and the sync queue adds the time-stamp and validation data before upload
 * (main/sync/documentAugmentation.ts). B-T keeps its signature time-stamp at the desk.
 */
function deskTsaUrl(docs: StationConfig['documents']): string | undefined {
  if (docs.level === 'B-LT' || docs.level === 'B-LTA' || docs.level === 'B-B') return undefined;
  return docs.tsaUrl || undefined;
}

export function createStationDocumentSealer(config: StationConfig, kmsCredentials?: { accessKeyId: string; secretAccessKey: string }): StationDocumentSealer {
  let creds: SealingCredentials | undefined;
  const load = () => (creds ??= loadStationSealingCredentials(config, kmsCredentials));
  // A refused configuration still lets the station start (the teller sees why, doctor reports it);
  // only sealing, and preparing a signing that would need it, are refused.
  const { refusal } = demoCredentialsVerdict(config);
  return {
    refusal,
    get demoCredentials() {
      if (refusal) return true;
      const c = load();
      return c.sealer.demo || c.escrowIsDemo;
    },
    get notices() {
      return refusal ? [refusal] : load().notices;
    },
    async seal(r) {
      if (refusal) throw new DemoCredentialsRefused(refusal);
      const c = load();
      return signPdf({
        pdf: r.pdf, record: r.record, sealedBy: r.sealedBy, signer: { name: r.signerName }, place: r.place || undefined, signedAt: r.signedAt,
        placement: r.placement, anchorText: config.documents.anchorText || undefined,
        sealer: c.sealer, escrowPublicKeyPem: c.escrowPublicKeyPem, tsaUrl: deskTsaUrl(config.documents),
        maxBytes: config.documents.maxBytes, fontPath: config.documents.inkFont || undefined,
      });
    },
  };
}
