import { z } from 'zod';
import { placeTargetSchema } from './placeTarget';

/**
 * A signing plan: what one sitting at the desk signs, by whom, where and in which order. Shared by
 * the window contract (the teller prepares a plan), the API and the print/hot-folder metadata (an
 * outside system sends one), so a plan means the same thing wherever it comes from.
 *
 * Page numbers are 1-based here, as people count them and as every window and the API show them.
 * Only the documents area (main/documents) counts from 0, inside itself.
 *
 * The order: documents in the order listed; inside a document, places by their signer's `order`
 * (signers with the same order keep the order they are listed in), and a signer's own places in the
 * order listed. So "two customers, then the teller countersigns" is orders 1, 2, 3.
 */

const text = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
/** A name a plan uses to point at one of its signers ("customer-1", "officer"). */
export const signerKeySchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ (up to 40)');

export const placeKinds = ['signature', 'initials'] as const;

export const planPlaceSchema = z.strictObject({
  /** The signer (by key) who signs here. */
  signer: signerKeySchema,
  kind: z.enum(placeKinds).default('signature'),
  /** An optional place may be skipped by the teller; a required one must be signed for the document to be complete. */
  optional: z.boolean().default(false),
  target: placeTargetSchema.optional(),
});
export type PlanPlace = z.infer<typeof planPlaceSchema>;

/**
 * Customers sign with the pen, identified by the teller and consenting once per sitting. Staff is
 * the signed-in teller or a supervisor countersigning: with their own pen signature ('ink'), or with
 * the bank's seal where no ink is wanted ('seal').
 */
export const planSignerSchema = z.strictObject({
  key: signerKeySchema,
  role: z.enum(['customer', 'staff']),
  /** The customer's full name; for staff the signed-in user's name is used when absent. */
  name: text(200).optional(),
  order: z.number().int().min(1).max(100),
  /** Staff only: how they sign. */
  mark: z.enum(['ink', 'seal']).default('ink'),
});
export type PlanSigner = z.infer<typeof planSignerSchema>;

export const planDocumentSchema = z.strictObject({
  places: z.array(planPlaceSchema).min(1).max(20),
});

/** The plan an outside system sends with one document of a package (API, hot folder, print). */
export const documentPlanSchema = z.strictObject({
  signers: z.array(planSignerSchema).min(1).max(8),
  places: z.array(planPlaceSchema).min(1).max(20),
}).superRefine((plan, ctx) => checkSignersAndPlaces(plan.signers, [plan.places], ctx));
export type DocumentPlan = z.infer<typeof documentPlanSchema>;

function checkSignersAndPlaces(signers: PlanSigner[], placeLists: PlanPlace[][], ctx: z.RefinementCtx): void {
  const keys = new Set<string>();
  signers.forEach((s, i) => {
    if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['signers', i, 'key'], message: `the signer key '${s.key}' is used twice` });
    keys.add(s.key);
    if (s.role === 'customer' && !s.name) ctx.addIssue({ code: 'custom', path: ['signers', i, 'name'], message: 'a customer needs a name' });
    if (s.role === 'customer' && s.mark === 'seal') ctx.addIssue({ code: 'custom', path: ['signers', i, 'mark'], message: 'only staff may sign with the bank\'s seal' });
  });
  placeLists.forEach((places, d) => places.forEach((p, i) => {
    if (!keys.has(p.signer)) ctx.addIssue({ code: 'custom', path: placeLists.length > 1 ? ['documents', d, 'places', i, 'signer'] : ['places', i, 'signer'], message: `no signer has the key '${p.signer}'` });
  }));
}

/** One sitting: the documents signed together (a package), each with its places, and the signers. */
export const sittingPlanSchema = z.strictObject({
  signers: z.array(planSignerSchema).min(1).max(8),
  documents: z.array(planDocumentSchema.extend({ requestId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })).min(1).max(10),
}).superRefine((plan, ctx) => {
  checkSignersAndPlaces(plan.signers, plan.documents.map((d) => d.places), ctx);
  const ids = new Set<string>();
  plan.documents.forEach((d, i) => {
    if (ids.has(d.requestId)) ctx.addIssue({ code: 'custom', path: ['documents', i, 'requestId'], message: 'a document appears twice in the sitting' });
    ids.add(d.requestId);
  });
});
export type SittingPlan = z.infer<typeof sittingPlanSchema>;
export type SittingPlanInput = z.input<typeof sittingPlanSchema>;

/** One place to sign in the sitting, in the order it is signed. */
export interface PlanStep {
  /** 0-based positions in the plan's arrays (not page numbers). */
  documentIndex: number;
  placeIndex: number;
  signer: PlanSigner;
  place: PlanPlace;
}

/** The places of a document in signing order (see the order rule above). */
export function documentSteps(plan: Pick<SittingPlan, 'signers'>, places: PlanPlace[], documentIndex: number): PlanStep[] {
  const signers = new Map(plan.signers.map((s, i) => [s.key, { s, i }]));
  return places
    .map((place, placeIndex) => ({ documentIndex, placeIndex, signer: signers.get(place.signer)!.s, place, listed: signers.get(place.signer)!.i }))
    .sort((a, b) => a.signer.order - b.signer.order || a.listed - b.listed || a.placeIndex - b.placeIndex)
    .map(({ listed: _listed, ...step }) => step);
}

/** Every place of the sitting in signing order. */
export function sittingSteps(plan: SittingPlan): PlanStep[] {
  return plan.documents.flatMap((d, i) => documentSteps(plan, d.places, i));
}

/** One place of a document's plan as it ended, as the station reports it to the sender (API, webhooks). */
export interface SignedPlaceReport {
  /** The signer's name. */
  signer: string;
  role: PlanSigner['role'];
  kind: PlanPlace['kind'];
  status: 'signed' | 'skipped';
  /** The signature field that holds the ink (a new one for an anchor text or a box). */
  field?: string;
  /** 1-based. */
  page?: number;
}
