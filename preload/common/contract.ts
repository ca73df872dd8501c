import { z } from 'zod';
import { customerStepSchema, planProgressSchema } from './planProgress';
import { documentPlanSchema, sittingPlanSchema, signerKeySchema } from './signingPlan';
import { attemptStopSchema, signerCorrectionDoneSchema, stopAttemptRequestSchema } from './tellerCorrections';
import { customerScreenFields, customerScreenRequests } from './customerScreenState';

/**
 * The one contract between the services and the two windows. Every request, response and event
 * is declared here once, with a schema; both bindings (Electron IPC and the browser-mode WebSocket)
 * validate every message against it on both sides. The renderer sees only the typed API built from
 * this table (see stationApi.ts), never a transport.
 *
 * Each request names the window roles that may send it: the customer's screen can never call a
 * teller function, whatever the transport.
 */

export const windowRoles = ['teller', 'customer'] as const;
export type WindowRole = (typeof windowRoles)[number];

export const languages = ['en', 'sv', 'lt', 'de'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const penStatusSchema = z.object({
  connected: z.boolean(),
  source: z.enum(['usb-hid', 'webhid', 'wacom-stu', 'pointer-events', 'simulated']),
  device: z.string(),
  profile: z.string(),
  /** Plain words for the teller when something is wrong ("Pen unplugged — plug it back in to continue"). */
  message: z.string().optional(),
});

export const syncStatusSchema = z.object({
  enabled: z.boolean(),
  online: z.boolean(),
  waiting: z.number().int().nonnegative(),
  uploading: z.number().int().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  bytesDone: z.number().nonnegative(),
  lastError: z.string().optional(),
  lastSyncAt: z.string().optional(),
});

export const storageStatusSchema = z.object({
  /** The storage folder (vault, logs, keys). */
  dir: z.string(),
  freeBytes: z.number().nonnegative(),
  /** Warn below this (storage.freeSpaceMarginMB: about a day of signings). */
  marginBytes: z.number().nonnegative(),
  /** What one more signed document needs; below it no new signing starts. */
  oneDocumentBytes: z.number().nonnegative(),
  level: z.enum(['ok', 'low', 'full']),
  /** Audit entries held in memory because the disk was full (written first when space returns). */
  heldAuditEntries: z.number().int().nonnegative(),
  /** Plain words for the teller when level is not ok. */
  message: z.string().optional(),
});

export const stationStatusSchema = z.object({
  stationId: z.string(),
  branch: z.string(),
  tenant: z.string(),
  pen: penStatusSchema,
  sync: syncStatusSchema,
  /** Free space of the storage folder (absent on stations composed without a vault). */
  storage: storageStatusSchema.optional(),
  /** Demo credentials (self-signed seal, demo escrow key) are in use: never for production. */
  demoCredentials: z.boolean(),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;

export const inboxSourceSchema = z.enum(['file', 'api', 'print', 'hot-folder', 'demo']);
export const inboxItemSchema = z.object({
  id,
  source: inboxSourceSchema,
  title: z.string(),
  reference: z.string().optional(),
  /** The client's document type (retention and export rules follow it). */
  documentType: z.string().optional(),
  signerName: z.string().optional(),
  receivedAt: z.string(),
  status: z.enum(['waiting', 'in-session', 'signed', 'cancelled', 'failed']),
  pageCount: z.number().int().positive(),
  /** After signing: the document's place in the sync queue. */
  syncState: z.enum(['queued', 'uploading', 'synced']).optional(),
  /** Documents that are signed together in one sitting share a package id (API packages, the demo package). */
  packageId: z.string().max(64).optional(),
  /** Who signs where, when the sender said so (API, hot folder, print); absent: the teller decides. */
  plan: documentPlanSchema.optional(),
  /** It was on the customer's screen when the station stopped; back in the queue until prepared again. */
  interrupted: z.boolean().optional(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const identificationSchema = z.object({
  idType: z.enum(['passport', 'national-id', 'driving-licence', 'other']),
  lastDigits: z.string().regex(/^[A-Za-z0-9]{2,6}$/),
  checkedBy: z.string().min(1).max(80),
});

export const sessionStateSchema = z.enum(['idle', 'prepared', 'reading', 'consent', 'signing', 'review', 'sealing', 'done', 'error']);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** A rectangle in a page's PDF user space, [x1, y1, x2, y2] in points (origin bottom-left), as pdf.js's convertToPdfPoint gives. */
export const pdfRectSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type PdfRectPoints = z.infer<typeof pdfRectSchema>;

/**
 * Where the teller wants the signature: an empty signature field of the document by its name, or a
 * box on a page (1-based, like every page number the windows see) in PDF points. Checked against
 * the document when the signing is prepared: a filled field or a box off the page is refused there,
 * before the customer signs, not when sealing.
 */
export const signaturePlacementSchema = z.union([
  z.object({ field: z.string().min(1).max(500) }).strict(),
  z.object({ page: z.number().int().positive().max(100_000), rect: pdfRectSchema }).strict(),
]);
export type SignaturePlacementChoice = z.infer<typeof signaturePlacementSchema>;

/** The place a signing will use, as the teller's window shows it. */
export const signaturePlaceSchema = z.object({
  kind: z.enum(['field', 'box']),
  /** 1-based page the signature goes on. */
  page: z.number().int().positive(),
  rect: pdfRectSchema,
  /** The signature field's name (kind 'field'). */
  field: z.string().optional(),
  /** How it was chosen: by the teller, or the station's default (first empty field, anchor text, blank spot on the last page). */
  chosenBy: z.enum(['teller', 'default']),
});
export type SignaturePlace = z.infer<typeof signaturePlaceSchema>;

/** A document's signature fields and pages, and the place the station would use when the teller chooses none. */
export const documentSignaturePlacesSchema = z.object({
  pages: z.array(z.object({
    /** The page's visible box (CropBox, else MediaBox) in PDF points. */
    box: pdfRectSchema,
    rotate: z.number().int(),
  })),
  fields: z.array(z.object({
    name: z.string(),
    /** 1-based; 0 when the field's widget is on no page. */
    page: z.number().int().nonnegative(),
    rect: pdfRectSchema,
    filled: z.boolean(),
    /** Empty, visible and big enough to hold a signature: the teller may choose it. */
    usable: z.boolean(),
  })),
  default: signaturePlaceSchema.optional(),
  /** The station's place once every empty field is taken (the anchor text, or a blank spot on the last page). */
  spare: signaturePlaceSchema.optional(),
  /** Plain words when the document cannot be signed at all (e.g. a certification that forbids changes). */
  problem: z.string().optional(),
});
export type DocumentSignaturePlaces = z.infer<typeof documentSignaturePlacesSchema>;

/** What the customer's screen may know about the session: no teller-side details. */
export const customerSessionViewSchema = z.object({
  sessionId: z.string(),
  state: sessionStateSchema,
  document: z.object({ id, title: z.string(), pageCount: z.number().int().positive() }).optional(),
  signerName: z.string().optional(),
  requireReadToEnd: z.boolean(),
  reachedEnd: z.boolean(),
  language: languageSchema,
  /** Which page the signature goes on (1-based), for the "you are signing" banner. */
  signaturePage: z.number().int().positive().optional(),
  inkPointCount: z.number().int().nonnegative(),
  /** Where the customer is in the plan ("Signature 2 of 3 — page 4"), while a place is open. */
  step: customerStepSchema.optional(),
  /** A gentle message for the customer, as a message key (translated on screen). */
  notice: z.enum(['pen-unplugged', 'pen-left-box', 'read-to-end', 'sealing-failed', 'disk-full']).optional(),
  /** Tenant branding for idle and thank-you screens. */
  branding: z.object({ name: z.string(), logoUrl: z.string().optional() }),
  /** The tenant's GDPR Art. 13 notice in the screen's language; absent: the built-in notice. */
  consentNotice: z.object({ title: z.string().max(200), body: z.string().max(20_000) }).optional(),
  ...customerScreenFields,
});
export type CustomerSessionView = z.infer<typeof customerSessionViewSchema>;

export const tellerSessionViewSchema = customerSessionViewSchema.extend({
  requestId: z.string().optional(),
  identification: identificationSchema.optional(),
  cancelReason: z.string().optional(),
  error: z.string().optional(),
  /** After sealing: the signed document's id and hash, for "show" and "print". */
  signedDocument: z.object({ id: z.string(), sha256: z.string() }).optional(),
  /** Who cancelled the last session and why, until the next one starts (plain words for the teller). */
  /** What the customer's screen shows right now (the mirror draws this). */
  customerState: sessionStateSchema.optional(),
  /** Where the signature goes in the document (chosen by the teller, or the station's default). */
  signaturePlace: signaturePlaceSchema.optional(),
  lastCancel: z.object({ by: z.enum(['teller', 'customer', 'timeout', 'origin']), reason: z.string() }).optional(),
  /** Every document and place of the sitting, with its progress. */
  plan: planProgressSchema.optional(),
  /** The last attempt stopped in this sitting (the document kept): by whom, why, when. */
  lastStop: attemptStopSchema.optional(),
  /** The last correction of the signer or identification after preparing (which fields). */
  lastCorrection: signerCorrectionDoneSchema.optional(),
});
export type TellerSessionView = z.infer<typeof tellerSessionViewSchema>;

/** A point of ink in signature-box coordinates (0..1 across and down), pressure 0..1, time in ms. */
export const inkPointSchema = z.object({ x: z.number(), y: z.number(), p: z.number().min(0).max(1), t: z.number() });

/** Samples the customer's page captured itself (Pointer Events or WebHID), already in box coordinates. */
export const clientPenSampleSchema = z.object({
  t: z.number(),
  x: z.number(),
  y: z.number(),
  pressure: z.number(),
  nx: z.number().min(-0.5).max(1.5),
  ny: z.number().min(-0.5).max(1.5),
  np: z.number().min(0).max(1),
  tiltX: z.number().optional(),
  tiltY: z.number().optional(),
  azimuth: z.number().optional(),
  altitude: z.number().optional(),
  twist: z.number().optional(),
  inRange: z.boolean(),
  tip: z.boolean(),
  buttons: z.number().int(),
});

/** The largest PDF a teller window may send (base64 characters): the biggest message the contract allows. */
export const maxImportBase64Chars = 70_000_000;

/** What the customer's page knows of its pen (WebHID profile, or the Pointer Events surface): the PenDeviceInfo fields, without the source. */
const range = z.tuple([z.number(), z.number()]);
export const clientPenDeviceSchema = z.object({
  profile: z.string().max(60),
  vendorId: z.number().int().min(0).max(0xffff).optional(),
  productId: z.number().int().min(0).max(0xffff).optional(),
  product: z.string().max(120).optional(),
  xRange: range,
  yRange: range,
  pressureRange: range,
  widthMm: z.number().positive().optional(),
  heightMm: z.number().positive().optional(),
  /** Pixels of the surface the raw range covers (the signature box, the window of a pen display): with the ranges, x and y in one unit. */
  widthPx: z.number().positive().max(100_000).optional(),
  heightPx: z.number().positive().max(100_000).optional(),
  sampleRateHz: z.number().positive().optional(),
});

export const customerViewSchema = z.object({
  page: z.number().int().positive(),
  scrollFraction: z.number().min(0).max(1),
  zoom: z.number().min(0.25).max(8),
  reachedEnd: z.boolean(),
  /** Where the signature box sits on the customer's screen (0..1 of the screen), so that a pen
   *  display's digitizer coordinates can be mapped into the box. Absent while no box is shown. */
  signatureBox: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).optional(),
  /** The customer screen's size in CSS pixels, so the teller's mirror can be an exact, scaled replica. */
  screen: z.object({ width: z.number().int().min(200).max(10_000), height: z.number().int().min(200).max(10_000) }).optional(),
});
export type CustomerView = z.infer<typeof customerViewSchema>;

/** A pen display's four-point calibration (device → window homography), stored per device ('vid:pid'). */
const finite = z.number().refine(Number.isFinite, 'a finite number');
export const penCalibrationSchema = z.object({
  device: z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/),
  window: z.object({ width: z.number().int().min(200).max(10_000), height: z.number().int().min(200).max(10_000) }),
  matrix: z.tuple([finite, finite, finite, finite, finite, finite, finite, finite, finite]),
  maxErrorPx: z.number().nonnegative(),
  createdAt: z.string().max(40),
});
export type PenCalibration = z.infer<typeof penCalibrationSchema>;

/** The teller's desk: who is signed in, or that the window is locked. */
export const deskRoleSchema = z.enum(['teller', 'supervisor', 'administrator']);
export const deskAccessSchema = z.object({
  signedIn: z.boolean(),
  user: z.object({ username: z.string(), role: deskRoleSchema, language: languageSchema.optional() }).optional(),
  /** Locked, not signed out: whose work is open behind the lock screen. */
  lockedUser: z.string().optional(),
  /** Seconds of inactivity after which the window locks; 0: only on demand. */
  lockAfterSeconds: z.number().nonnegative(),
  /** A line for the sign-in screen: the demo account on demo stations, or that no accounts exist yet. */
  hint: z.string().optional(),
});
export type DeskAccess = z.infer<typeof deskAccessSchema>;

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
  'document.bytes': request(['teller', 'customer'], z.object({ documentId: id }), z.object({ base64: z.string() })),
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
  'session.signedPdf': request(['teller'], empty, z.object({ base64: z.string(), fileName: z.string() })),
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

/** A refusal that crosses the contract: a stable code and a message fit for the teller. */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ContractErrorShape = z.infer<typeof contractErrorSchema>;

export class ContractError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ContractError';
  }
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
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
