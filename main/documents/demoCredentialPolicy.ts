import type { StationConfig } from '../config/stationConfigSchema';

/** The only tenant that may seal with the station-made demo seal and demo escrow key by default. */
export const DEMO_TENANT = 'demo';

/** Which demo credentials a configuration falls back to (from the settings alone; nothing is read or made). */
export function demoCredentialsInUse(docs: StationConfig['documents']): { seal: boolean; escrow: boolean } {
  return { seal: !docs.sealKmsKeyId && !docs.sealP12, escrow: !docs.escrowPublicKey };
}

/**
 * What the station says about demo credentials for this configuration. Outside the `demo` tenant
 * they are refused: the demo seal is self-signed (verifiers trust nothing it seals) and the demo
 * escrow private key lies in the storage folder, beside the documents whose biometric data it
 * opens. `documents.allowDemoCredentials` lets a real tenant use them anyway (training rooms,
 * acceptance tests) and is then announced as a warning wherever the station reports its state.
 */
export function demoCredentialsVerdict(config: Pick<StationConfig, 'station' | 'documents'>): { refusal?: string; warning?: string } {
  const inUse = demoCredentialsInUse(config.documents);
  if (!inUse.seal && !inUse.escrow) return {};
  const tenant = config.station.tenant;
  if (tenant === DEMO_TENANT) return {};
  const missing = [
    ...(inUse.seal ? ['no sealing key (set documents.sealP12 and documents.sealP12Password, or documents.sealKmsKeyId and documents.sealCertificate)'] : []),
    ...(inUse.escrow ? ['no escrow key (set documents.escrowPublicKey to the escrow holder\'s public key)'] : []),
  ].join(' and ');
  const what = [inUse.seal ? 'the self-signed DEMO seal' : '', inUse.escrow ? 'the DEMO escrow key (its private half lies in the storage folder)' : ''].filter(Boolean).join(' and ');
  if (config.documents.allowDemoCredentials) {
    return { warning: `documents.allowDemoCredentials is on for tenant '${tenant}': documents are sealed with ${what}. Never for real customers — ${missing}.` };
  }
  return { refusal: `tenant '${tenant}' has ${missing}. Outside the '${DEMO_TENANT}' tenant the station does not seal with ${what}; documents.allowDemoCredentials = true overrides this, for training and tests only.` };
}

/** Thrown where a document would be sealed with demo credentials the configuration does not allow. */
export class DemoCredentialsRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoCredentialsRefused';
  }
}
