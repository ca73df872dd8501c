import { PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import { decodeStreamBounded } from './boundedStreamDecode';
import { openEscrowContainer, type EscrowHeader, type EscrowPayload } from './escrowContainer';
import { inspectPdf } from './inspectPdf';
import { openPdfModel } from './pdfDocumentModel';
import { ESCROW_KEY } from './signPdf';

export interface ExtractedBiometrics {
  fieldName: string;
  header: EscrowHeader;
  payload: EscrowPayload;
}

/**
 * Examiner side: decrypts every sealed biometric container in a signed PDF with the escrow holder's
 * private key. Throws EscrowError with one clear message for a wrong key or an altered container.
 */
export async function extractBiometrics(pdf: Uint8Array, escrowPrivateKeyPem: string): Promise<ExtractedBiometrics[]> {
  await inspectPdf(pdf);
  const model = await openPdfModel(pdf);
  const ctx = model.doc.context;
  const out: ExtractedBiometrics[] = [];
  for (const f of model.signatureFields) {
    const sig = ctx.lookup(f.dict.get(PDFName.of('V')));
    if (!(sig instanceof PDFDict)) continue;
    const stream = ctx.lookup(sig.get(PDFName.of(ESCROW_KEY)));
    if (!(stream instanceof PDFRawStream)) continue;
    const { header, payload } = openEscrowContainer(decodeStreamBounded(stream, 64 << 20, 'biometric container'), escrowPrivateKeyPem);
    out.push({ fieldName: f.name, header, payload });
  }
  return out;
}
