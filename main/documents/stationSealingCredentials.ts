import type { StationConfig } from '../config/stationConfigSchema';
import { DemoCredentialsRefused, demoCredentialsVerdict } from './demoCredentialPolicy';
import { loadOrCreateSealingCredentials, type SealingCredentials } from './sealingCredentials';

/**
 * The sealing credentials of this station's configuration, held to the demo-credentials policy:
 * outside the `demo` tenant the demo seal and escrow key are refused before anything is made
 * (no demo private key is written beside a real tenant's documents) unless
 * documents.allowDemoCredentials is on, which then leads the notices. Every station path that
 * seals (`doc sign`, the desk, `doctor`) loads its credentials here.
 */
export function loadStationSealingCredentials(config: StationConfig, kmsCredentials?: { accessKeyId: string; secretAccessKey: string }): SealingCredentials {
  const verdict = demoCredentialsVerdict(config);
  if (verdict.refusal) throw new DemoCredentialsRefused(verdict.refusal);
  const creds = loadOrCreateSealingCredentials(config.storage.dir, config.documents, {
    region: config.keys.kmsRegion, endpoint: config.keys.kmsEndpoint || undefined, credentials: kmsCredentials,
  });
  return verdict.warning ? { ...creds, notices: [`WARNING: ${verdict.warning}`, ...creds.notices] } : creds;
}
