import { parentPort } from 'node:worker_threads';
import { describePdf, openPdfModel } from './pdfDocumentModel';
import { isPdfRejectedError } from './pdfRejectedError';
import { findAnchorText } from './anchorTextLocator';
import { pageTextBoxes } from './pageTextBoxes';

/**
 * Runs inside a worker thread with a heap limit, so that a hostile PDF (decompression bombs,
 * deep nesting, loops) can only exhaust this thread, which the station then terminates.
 */
export type ParseRequest =
  | { id: number; op: 'inspect'; bytes: Uint8Array; maxBytes: number }
  | { id: number; op: 'anchor'; bytes: Uint8Array; anchor: string }
  | { id: number; op: 'textBoxes'; bytes: Uint8Array; page: number };
export type ParseResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: string; message: string };

parentPort?.on('message', async (req: ParseRequest) => {
  let res: ParseResponse;
  try {
    if (req.op === 'textBoxes') {
      res = { id: req.id, ok: true, result: await pageTextBoxes(req.bytes, req.page) };
    } else if (req.op === 'anchor') {
      // Interpreting page content streams is untrusted work, so it runs here too.
      res = { id: req.id, ok: true, result: (await findAnchorText(req.bytes, req.anchor)) ?? null };
    } else {
      const model = await openPdfModel(req.bytes, req.maxBytes);
      res = { id: req.id, ok: true, result: describePdf(model) };
    }
  } catch (err) {
    if (isPdfRejectedError(err)) res = { id: req.id, ok: false, code: err.code, message: err.message };
    else if (err instanceof RangeError) res = { id: req.id, ok: false, code: 'too-complex', message: 'The PDF is too deeply nested to read safely.' };
    else res = { id: req.id, ok: false, code: 'damaged', message: `The PDF cannot be read (${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 160)}).` };
  }
  parentPort!.postMessage(res);
});
parentPort?.postMessage({ ready: true });
