import { z } from 'zod';
import { idSchema as id, languageSchema, type WindowRole } from './contractBasics';
import { customerViewSchema } from './customerView';
import { ContractError } from './contractError';
import { deskAccessSchema } from './deskAccess';
import { inboxItemSchema } from './inboxItem';
import { clientPenDeviceSchema, clientPenSampleSchema, inkPointSchema, penCalibrationSchema } from './penMessages';
import { customerSessionViewSchema, identificationSchema, tellerSessionViewSchema } from './sessionViews';
import { signaturePlacementSchema } from './placeTarget';
import { documentSignaturePlacesSchema } from './signaturePlaces';
import { signerKeySchema, sittingPlanSchema } from './signingPlan';
import { stationStatusSchema } from './stationStatus';
import { stopAttemptRequestSchema } from './tellerCorrections';
import { customerScreenRequests } from './customerScreenState';

/**
 * The one contract between the services and the two windows. Every request, response and event
 * is declared here once, with a schema; both bindings (Electron IPC and the browser-mode WebSocket)
 * validate every message against it on both sides. The renderer sees only the typed API built from
 * this table (see stationApi.ts), never a transport.
 *
 * Each request names the window roles that may send it: the customer's screen can never call a
 * teller function, whatever the transport.
 *
 * The schemas live beside it by idea (stationStatus, inboxItem, placeTarget, signaturePlaces,
 * sessionViews, penMessages, customerView, deskAccess); this file is the table that puts them together.
 */

export * from './contractBasics';
export * from './contractError';
export * from './customerView';
export * from './deskAccess';
export * from './inboxItem';
export * from './penMessages';
export * from './placeTarget';
export * from './sessionViews';
export * from './signaturePlaces';
export * from './stationText';
export * from './stationStatus';

/** The largest PDF a teller window may send (base64 characters): the biggest message the contract allows. */
export const maxImportBase64Chars = 70_000_000;
/** The largest PDF the station hands a window (bytes): the largest one it accepts. */
export const maxDocumentBytes = Math.floor((maxImportBase64Chars * 3) / 4);
/** A PDF's bytes as they reach a window: Uint8Array through Electron's IPC (structured clone) and browser mode's binary frame alike. */
const pdfBytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'not bytes').refine((b) => b.byteLength <= maxDocumentBytes, 'the document is larger than the station accepts');

const empty = z.object({});
const ok = z.object({ ok: z.literal(true) });

function request<Req extends z.ZodType, Res extends z.ZodType>(from: readonly WindowRole[], req: Req, res: Res) {
  return { from, request: req, response: res };
}

export const requests = {
  'auth.current': request(['teller'], empty, deskAccessSchema),
  'auth.signIn': request(['teller'], z.object({ username: z.string().trim().min(1).max(64), secret: z.string().min(1).max(256) }), deskAccessSchema),
  'auth.lock': request(['teller'], empty, deskAccessSchema),
  'auth.signOut': request(['teller'], empty, deskAccessSchema),
  /** The teller is at the desk (keys, pointer): postpones the inactivity lock. */
  'auth.activity': request(['teller'], empty, ok),
  'station.status': request(['teller', 'customer'], empty, stationStatusSchema),
  'inbox.list': request(['teller'], empty, z.array(inboxItemSchema)),
  'inbox.importPdf': request(['teller'], z.object({ fileName: z.string().max(255), base64: z.string().max(maxImportBase64Chars) }), z.object({ id })),
  'inbox.addDemo': request(['teller'], empty, z.object({ id })),
  /** Demo and training: two documents as one package, signed in one sitting. */
  'inbox.addDemoPackage': request(['teller'], empty, z.object({ ids: z.array(id) })),
  /** The PDF bytes to render. The customer may only read the document of the current session. */
  'document.bytes': request(['teller', 'customer'], z.object({ documentId: id }), z.object({ bytes: pdfBytesSchema })),
  /** The document's signature fields and the station's default place, for the teller to choose where the customer signs. */
  'document.signaturePlaces': request(['teller'], z.object({ documentId: id }), documentSignaturePlacesSchema),
  'session.current': request(['teller'], empty, tellerSessionViewSchema),
  'session.start': request(['teller'], z.object({
    requestId: id,
    /** The customer, when the plan is the usual one (one customer; the document's package, if any). */
    signerName: z.string().trim().min(1).max(120).optional(),
    identification: identificationSchema.optional(),
    requireReadToEnd: z.boolean().default(false),
    /** Absent: the station's default place (see 'document.signaturePlaces'). */
    placement: signaturePlacementSchema.optional(),
    /** A whole plan (several customers, a countersignature, several documents); requestId must be one of its documents. */
    plan: sittingPlanSchema.optional(),
    /** How the teller checked each customer of the plan, by signer key ('identification' is used for those not listed). */
    identifications: z.record(signerKeySchema, identificationSchema).optional(),
  }), tellerSessionViewSchema),
  /** The teller skips the open place (only an optional one). */
  'session.skipPlace': request(['teller'], empty, tellerSessionViewSchema),
  /** The teller applies the bank's seal to the open staff place marked 'seal' (nobody draws for it). */
  'session.applyBankSeal': request(['teller'], empty, tellerSessionViewSchema),
  /** The teller cancels the open document of a package; the documents signed already and the rest of the package go on. */
  'session.cancelDocument': request(['teller'], z.object({ reason: z.string().trim().min(1).max(200) }), tellerSessionViewSchema),
  'session.sendToCustomer': request(['teller'], empty, tellerSessionViewSchema),
  'session.takeBack': request(['teller'], empty, tellerSessionViewSchema),
  /** Demo and training: the simulated pen writes a recorded signature into the open signing box. */
  'pen.simulateSignature': request(['teller'], empty, ok),
  /** The teller shows the four-point pen calibration on the customer's screen (only while no signing is open there). */
  'pen.calibrate': request(['teller'], empty, ok),
  /** The stored calibration of the customer's pen display for this window size, if any. */
  'pen.calibration': request(['customer'], penCalibrationSchema.pick({ device: true, window: true }), z.object({ calibration: penCalibrationSchema.optional() })),
  /** The result of a calibration the teller started; refused when none was asked for. */
  'pen.saveCalibration': request(['customer'], penCalibrationSchema, ok),
  'session.cancel': request(['teller'], z.object({ reason: z.string().trim().min(1).max(200) }), tellerSessionViewSchema),
  /** After signing: the teller is done with this customer; the sealed copy leaves the window's reach. */
  'session.finish': request(['teller'], empty, tellerSessionViewSchema),
  /** The sealed PDF of the session just signed, to show or print for the customer. */
  'session.signedPdf': request(['teller'], empty, z.object({ bytes: pdfBytesSchema, fileName: z.string() })),
  /** The ink of the open signature so far, for a window that (re)connects or unlocks mid-signature. */
  'ink.current': request(['teller', 'customer'], empty, z.object({ sessionId: z.string(), strokes: z.array(z.array(inkPointSchema)) })),
  'customer.session': request(['customer'], empty, customerSessionViewSchema),
  'customer.view': request(['customer'], customerViewSchema, ok),
  'customer.setLanguage': request(['customer', 'teller'], z.object({ language: languageSchema }), ok),
  /** The customer has read the document and wants to go on to the information and consent step. */
  'customer.readDone': request(['customer'], empty, ok),
  'customer.consent': request(['customer'], z.object({ agreed: z.literal(true), language: languageSchema }), ok),
  'customer.penSamples': request(['customer'], z.object({
    source: z.enum(['pointer-events', 'webhid']),
    device: z.string().max(120).optional(),
    /** What the raw values mean (ranges, size in mm and pixels): the WebHID decoding profile's, or the Pointer Events box's; for the record's provenance and geometry. */
    deviceInfo: clientPenDeviceSchema.optional(),
    samples: z.array(clientPenSampleSchema).max(20_000),
  }), ok),
  'customer.clearInk': request(['customer'], empty, ok),
  'customer.confirmSignature': request(['customer'], empty, ok),
  'customer.cancel': request(['customer'], empty, ok),
  ...customerScreenRequests,

  // ── Corrections without losing the document (schemas in tellerCorrections.ts) ──
  /** Stops the attempt on the customer screen; ink and samples are dropped, the document stays prepared. */
  'session.stopAttempt': request(['teller'], stopAttemptRequestSchema, tellerSessionViewSchema),
  /** Corrects a customer's name or identification while the signing is prepared. */
  'session.correctSigner': request(['teller'], z.object({ signerKey: signerKeySchema.optional(), name: z.string().trim().min(1).max(120).optional(), identification: identificationSchema.optional() }), tellerSessionViewSchema),
  /** The prepared signing goes back to the queue, its document kept. */
  'session.returnToQueue': request(['teller'], empty, tellerSessionViewSchema),
  /** The signed-in teller's window language, kept with their account. */
  'auth.setLanguage': request(['teller'], z.object({ language: languageSchema }), deskAccessSchema),
} as const;

export const events = {
  'auth.changed': { to: ['teller'], payload: deskAccessSchema },
  'status.changed': { to: ['teller', 'customer'], payload: stationStatusSchema },
  'inbox.changed': { to: ['teller'], payload: z.array(inboxItemSchema) },
  'session.changed': { to: ['teller'], payload: tellerSessionViewSchema },
  'customer.sessionChanged': { to: ['customer'], payload: customerSessionViewSchema },
  /** Ink as it is drawn, batched per frame; both windows draw it (the teller's is the mirror). */
  'ink.points': { to: ['teller', 'customer'], payload: z.object({ sessionId: z.string(), strokes: z.array(z.array(inkPointSchema)), continuesLastStroke: z.boolean() }) },
  'ink.cleared': { to: ['teller', 'customer'], payload: z.object({ sessionId: z.string() }) },
  /** The teller asked for a pen calibration: the customer's screen shows the four targets. */
  'pen.calibrationRequested': { to: ['customer'], payload: empty },
  /** A calibration was stored (device, quality figure in window pixels). */
  'pen.calibrationSaved': { to: ['teller'], payload: z.object({ device: z.string(), maxErrorPx: z.number() }) },
  /** The customer's page and scroll position, for the teller's live mirror. */
  'mirror.view': { to: ['teller'], payload: customerViewSchema },
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<N extends RequestName> = z.input<(typeof requests)[N]['request']>;
export type ResponseOf<N extends RequestName> = z.infer<(typeof requests)[N]['response']>;
export type EventOf<N extends EventName> = z.infer<(typeof events)[N]['payload']>;


export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Validates a request crossing into the services; throws ContractError('bad-request') naming the field. */
export function parseRequest<N extends RequestName>(name: N, role: WindowRole, payload: unknown): z.infer<(typeof requests)[N]['request']> {
  const def = requests[name];
  if (!def.from.includes(role)) throw new ContractError('forbidden', `${name} is not available to the ${role} window`);
  const parsed = def.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError('bad-request', `${name}: ${issue.path.join('.') || 'request'}: ${issue.message}`);
  }
  return parsed.data as z.infer<(typeof requests)[N]['request']>;
}

export function parseResponse<N extends RequestName>(name: N, payload: unknown): ResponseOf<N> {
  const parsed = requests[name].response.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError('bad-response', `${name}: response ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as ResponseOf<N>;
}

export function parseEvent<N extends EventName>(name: N, payload: unknown): EventOf<N> {
  const parsed = events[name].payload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError('bad-event', `${name}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data as EventOf<N>;
}
