/**
 * What the `doc` and `bio` commands use from the documents area, in one module that doc.ts imports
 * only when one of those commands runs: it pulls in pdf-lib, pdf.js's worker, PKI.js and the AWS
 * KMS client, which `station --help` and the other commands must not pay for at start-up.
 */
export { inspectPdf } from '../../documents/inspectPdf';
export { loadStationSealingCredentials } from '../../documents/stationSealingCredentials';
export { effectiveLevel, signPdfAtLevel } from '../../documents/signAtLevel';
export { ExtendError, extendPdf, padesLevels } from '../../documents/extendPdf';
export { RevocationFetchError } from '../../documents/revocationFetcher';
export { TimestampError } from '../../documents/timestampClient';
export { verifyPdf } from '../../documents/verifyPdf';
export { extractBiometrics } from '../../documents/extractBiometrics';
export { EscrowError } from '../../documents/escrowContainer';
