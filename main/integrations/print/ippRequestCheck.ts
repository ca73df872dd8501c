import { IppError } from './ippError';
import { GroupTag, stringOf, type IppMessage } from './ippMessage';
import { Operation, Status } from './ippPrinterDescription';

/** The checks every request must pass before its operation runs (RFC 8011 §4.1). */
export function checkIppRequest(request: IppMessage, printerPath: string): void {
  const [major] = request.version;
  if (major !== 1 && major !== 2) throw new IppError(Status.versionNotSupported, `IPP version ${request.version.join('.')} is not supported`);
  if (request.requestId <= 0) throw new IppError(Status.badRequest, 'request-id must be positive');
  const op = request.groups[0];
  if (!op || op.tag !== GroupTag.operation) throw new IppError(Status.badRequest, 'the operation attributes group must come first');
  const [charset, language] = op.attributes;
  if (charset?.name !== 'attributes-charset' || language?.name !== 'attributes-natural-language') {
    throw new IppError(Status.badRequest, 'attributes-charset and attributes-natural-language must be the first two attributes');
  }
  const cs = String(charset.values[0]?.value ?? '').toLowerCase();
  if (cs !== 'utf-8' && cs !== 'us-ascii') throw new IppError(Status.charsetNotSupported, `charset '${cs}' is not supported`);
  const isJobOperation = [Operation.sendDocument, Operation.cancelJob, Operation.getJobAttributes].includes(request.code as never);
  const printerUri = stringOf(op, 'printer-uri');
  if (printerUri === undefined && !(isJobOperation && stringOf(op, 'job-uri'))) throw new IppError(Status.badRequest, 'printer-uri is required');
  if (printerUri !== undefined) {
    let path: string;
    try {
      path = new URL(printerUri).pathname;
    } catch {
      throw new IppError(Status.badRequest, `printer-uri '${printerUri}' is not a URI`);
    }
    if (path !== printerPath && path !== '/') throw new IppError(Status.notFound, `no printer at ${path}; use ${printerPath}`);
  }
}
