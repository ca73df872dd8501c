import type { StationDocumentSealer } from '../documents/stationDocumentSealer';
import type { DocumentSealer } from '../signing/signingPorts';
import { toDocumentsPlacement } from './signaturePlacesFinder';

/**
 * The documents area's sealer as the session's DocumentSealer port. The session counts pages from
 * 1 (as the windows do), the documents area from 0: the one place the two numberings meet.
 */
export function sessionSealer(documents: StationDocumentSealer): DocumentSealer {
  return {
    get demoCredentials() {
      return documents.demoCredentials;
    },
    refusal: documents.refusal,
    async seal(r) {
      const sealed = await documents.seal({ ...r, placement: toDocumentsPlacement(r.placement) });
      return { ...sealed, page: sealed.page + 1 };
    },
  };
}
