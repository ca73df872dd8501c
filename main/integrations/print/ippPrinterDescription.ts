import { createHash } from 'node:crypto';
import { jobPlanAttributeNames } from './ippJobPlan';
import { ipp, type IppAttribute } from './ippMessage';

/** IPP operation ids this printer implements (RFC 8011). */
export const Operation = {
  printJob: 0x0002,
  validateJob: 0x0004,
  createJob: 0x0005,
  sendDocument: 0x0006,
  cancelJob: 0x0008,
  getJobAttributes: 0x0009,
  getJobs: 0x000a,
  getPrinterAttributes: 0x000b,
} as const;

export const Status = {
  ok: 0x0000,
  badRequest: 0x0400,
  forbidden: 0x0401,
  notPossible: 0x0404,
  notFound: 0x0406,
  requestEntityTooLarge: 0x0408,
  documentFormatNotSupported: 0x040a,
  attributesOrValuesNotSupported: 0x040b,
  charsetNotSupported: 0x040d,
  compressionNotSupported: 0x040f,
  compressionError: 0x0410,
  documentFormatError: 0x0411,
  internalError: 0x0500,
  operationNotSupported: 0x0501,
  versionNotSupported: 0x0503,
  notAcceptingJobs: 0x0506,
  busy: 0x0507,
  multipleDocumentJobsNotSupported: 0x0509,
  tooManyJobs: 0x050b,
} as const;

export const JobState = { pending: 3, pendingHeld: 4, processing: 5, processingStopped: 6, canceled: 7, aborted: 8, completed: 9 } as const;

export const supportedDocumentFormats = ['application/pdf', 'application/octet-stream'];
export const supportedCompressions = ['none', 'gzip'];
/** Create-Job waits this long for its Send-Document before the job is aborted. */
export const multipleOperationTimeOutSeconds = 300;

export interface PrinterIdentity {
  name: string;
  info: string;
  location: string;
  makeAndModel: string;
}

/**
 * The printer's description (RFC 8011 §5.4, PWG 5100.12 §6.2). The station "prints" onto the
 * customer's screen: one sided, one copy, A4 or Letter as the document says, in colour.
 */
export function printerDescription(input: {
  identity: PrinterIdentity;
  printerUri: string;
  moreInfoUrl: string;
  tls: boolean;
  upTime: number;
  queuedJobCount: number;
  now: Date;
  acceptingJobs: boolean;
}): IppAttribute[] {
  const { identity, printerUri } = input;
  const a = ipp.attr;
  const uuid = createHash('sha256').update(`signing-station-printer:${identity.name}`).digest('hex');
  const printerUuid = `urn:uuid:${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-5${uuid.slice(13, 16)}-a${uuid.slice(17, 20)}-${uuid.slice(20, 32)}`;
  return [
    a('charset-configured', ipp.charset('utf-8')),
    a('charset-supported', ipp.charset('utf-8'), ipp.charset('us-ascii')),
    a('color-supported', ipp.boolean(true)),
    a('compression-supported', ...supportedCompressions.map(ipp.keyword)),
    a('copies-default', ipp.integer(1)),
    a('copies-supported', ipp.range(1, 1)),
    a('document-format-default', ipp.mime('application/pdf')),
    a('document-format-supported', ...supportedDocumentFormats.map(ipp.mime)),
    a('finishings-default', ipp.enum(3)),
    a('finishings-supported', ipp.enum(3)),
    a('generated-natural-language-supported', ipp.language('en')),
    a('ipp-versions-supported', ipp.keyword('1.0'), ipp.keyword('1.1'), ipp.keyword('2.0')),
    // PWG 5100.11: the job attributes a client may send; the signing-* ones carry a signing plan (ippJobPlan.ts).
    a('job-creation-attributes-supported', ...['copies', 'media', 'sides', ...jobPlanAttributeNames].map(ipp.keyword)),
    a('job-sheets-default', ipp.keyword('none')),
    a('job-sheets-supported', ipp.keyword('none')),
    a('media-default', ipp.keyword('iso_a4_210x297mm')),
    a('media-ready', ipp.keyword('iso_a4_210x297mm'), ipp.keyword('na_letter_8.5x11in')),
    a('media-supported', ipp.keyword('iso_a4_210x297mm'), ipp.keyword('na_letter_8.5x11in')),
    a('multiple-document-jobs-supported', ipp.boolean(false)),
    a('multiple-operation-time-out', ipp.integer(multipleOperationTimeOutSeconds)),
    a('natural-language-configured', ipp.language('en')),
    a('number-up-default', ipp.integer(1)),
    a('number-up-supported', ipp.integer(1)),
    a('operations-supported', ...Object.values(Operation).map(ipp.enum)),
    a('orientation-requested-default', ipp.enum(3)),
    a('orientation-requested-supported', ipp.enum(3), ipp.enum(4)),
    a('output-bin-default', ipp.keyword('face-up')),
    a('output-bin-supported', ipp.keyword('face-up')),
    a('pages-per-minute', ipp.integer(60)),
    a('pages-per-minute-color', ipp.integer(60)),
    // PWG 5100.14: tells driverless clients (Windows' IPP class driver, CUPS "everywhere") to send PDF as is.
    a('pdf-versions-supported', ...['adobe-1.3', 'adobe-1.4', 'adobe-1.5', 'adobe-1.6', 'adobe-1.7', 'iso-32000-1_2008', 'iso-32000-2_2017'].map(ipp.keyword)),
    a('pdl-override-supported', ipp.keyword('not-attempted')),
    a('print-quality-default', ipp.enum(4)),
    a('print-quality-supported', ipp.enum(4)),
    a('printer-current-time', ipp.dateTime(input.now)),
    // IEEE 1284 device id: how Windows and CUPS pick a driver (here: send PDF).
    a('printer-device-id', ipp.text('MFG:Signing Station;MDL:Print to Tab;CMD:PDF;CLS:PRINTER;')),
    a('printer-info', ipp.text(identity.info)),
    a('printer-is-accepting-jobs', ipp.boolean(input.acceptingJobs)),
    a('printer-location', ipp.text(identity.location)),
    a('printer-make-and-model', ipp.text(identity.makeAndModel)),
    a('printer-more-info', ipp.uri(input.moreInfoUrl)),
    a('printer-name', ipp.name(identity.name)),
    a('printer-resolution-default', ipp.resolution(150, 150)),
    a('printer-resolution-supported', ipp.resolution(150, 150)),
    a('printer-state', ipp.enum(3)),
    a('printer-state-message', ipp.text(input.acceptingJobs ? 'Ready: documents go to the teller\'s signing queue' : 'Not accepting jobs')),
    a('printer-state-reasons', ipp.keyword('none')),
    a('printer-up-time', ipp.integer(input.upTime)),
    a('printer-uri-supported', ipp.uri(printerUri)),
    a('printer-uuid', ipp.uri(printerUuid)),
    a('queued-job-count', ipp.integer(input.queuedJobCount)),
    a('sides-default', ipp.keyword('one-sided')),
    a('sides-supported', ipp.keyword('one-sided')),
    a('uri-authentication-supported', ipp.keyword('none')),
    a('uri-security-supported', ipp.keyword(input.tls ? 'tls' : 'none')),
  ];
}
