import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { listenOn } from '../../net/listenOn';
import { parseClientAllowList } from '../clientAllowList';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';
import { createIppEndpoint, printerPath } from './ippEndpoint';
import { createIppJobTable, type IppJobRecord } from './ippJobTable';
import { createIppOperations } from './ippOperations';

/**
 * "Print to Tab": the station as an IPP/2.0 printer at ipp://host:port/ipp/print. A hotel's
 * property-management system (or any PC: Windows adds it by URL, CUPS with `lpadmin -v ipp://…`)
 * prints a PDF, and the document appears in the teller's signing queue with the job's name and
 * originating user.
 *
 * The printer is a job table (ippJobTable), its operations apart from HTTP (ippOperations, with
 * the rules as pure functions in ippOperationRules) and an HTTP endpoint (ippEndpoint).
 *
 * A job is "completed" the moment its document is safely in the queue: the printer's part is done,
 * and a print spooler waiting for completion is not held up until a customer signs. Nothing of the
 * document stays in the printer; it keeps only a short job history (ids, names, states) for Get-Jobs.
 */
export interface IppPrinterConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The printer's name, shown in print dialogs. Default 'Signing Station'. */
  name?: string;
  location?: string;
  /** Largest accepted document. Default 50 MiB. */
  maxDocumentBytes?: number;
  /** Client addresses allowed to print ("10.1.2.0/24, 192.168.5.7"); empty: all that reach the port. */
  allowFrom?: string;
  /**
   * Printed documents that may wait unsigned in the teller's queue at once (default 50): a print loop in
   * a property-management system must not bury the teller. Beyond it the printer answers server-error-busy
   * and the spooler retries later. Jobs created (Create-Job) and still waiting for their document are held
   * to the same number: beyond it Create-Job answers server-error-too-many-jobs.
   */
  maxWaiting?: number;
  /** Bytes of one request's attributes (default 64 KiB); and the whole body of a request that carries no document. */
  maxAttributeBytes?: number;
  /** Attribute values in one request (default 1000). */
  maxAttributeValues?: number;
  /** PEM files: with both, the printer speaks IPP over TLS (ipps://), so documents do not cross the LAN in clear. */
  tlsCert?: string;
  tlsKey?: string;
}

export type { IppJobRecord } from './ippJobTable';

export interface RunningIppPrinter {
  /** ipp://host:port/ipp/print */
  url: string;
  port: number;
  jobs(): IppJobRecord[];
  close(): Promise<void>;
}

export interface IppPrinterOptions {
  config: IppPrinterConfig;
  inbox: SigningRequestInbox;
  log: LogWriter;
  now?: () => Date;
}

export async function startIppPrinter(options: IppPrinterOptions): Promise<RunningIppPrinter> {
  const { config, inbox, log } = options;
  const now = options.now ?? (() => new Date());
  const maxDocumentBytes = config.maxDocumentBytes ?? 50 * 1024 * 1024;
  // Anyone who can print here can put a document in front of a customer: limit who may, off loopback.
  const allowList = parseClientAllowList(config.allowFrom ?? '');
  if (!allowList.restricted && !['127.0.0.1', '::1', 'localhost'].includes(config.host)) {
    log.warn('IPP printer open to every client on the network; set print.allowFrom to the systems that may print', { host: config.host });
  }
  const tls = Boolean(config.tlsCert && config.tlsKey);
  const identity = {
    name: config.name ?? 'Signing Station',
    info: 'Documents printed here appear on the signing station for the customer to sign',
    location: config.location ?? '',
    makeAndModel: 'Signing Station Print to Tab',
  };
  const jobs = createIppJobTable(now);
  const operations = createIppOperations({ jobs, inbox, log, now, identity, tls, maxDocumentBytes, maxWaiting: config.maxWaiting ?? 50 });
  let port = config.port;
  const handler = createIppEndpoint({
    operations,
    log,
    allowList,
    printerName: identity.name,
    tls,
    fallbackHost: () => `${config.host}:${port}`,
    maxDocumentBytes,
    parseLimits: { maxAttributeBytes: config.maxAttributeBytes ?? 64 * 1024, maxValues: config.maxAttributeValues ?? 1000 },
  });
  const server = tls
    ? createTlsServer({ cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!), minVersion: 'TLSv1.2' }, handler)
    : createServer(handler);
  server.requestTimeout = 300_000;
  const listening = await listenOn(server, config.host, config.port);
  port = listening.port;
  const url = `${tls ? 'ipps' : 'ipp'}://${listening.urlHost}:${port}${printerPath}`;
  log.info('IPP printer listening', { url });
  return {
    url,
    port,
    jobs: () => jobs.all().map((j) => structuredClone(j)),
    close: () =>
      new Promise<void>((resolve) => {
        operations.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
