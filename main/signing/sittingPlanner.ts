import { randomUUID } from 'node:crypto';
import {
  ContractError,
  type DocumentSignaturePlaces,
  type InboxItem,
  type SignaturePlacementChoice,
  type TellerSessionView,
} from '../../preload/common/contract';
import { documentSteps, type PlanPlace, type PlanSigner, type SittingPlan } from '../../preload/common/signingPlan';
import type { Logger } from '../logging/logger';
import { checkSignaturePlacement } from './signaturePlaceCheck';
import type { DocumentInbox, SignaturePlacesFinder } from './signingPorts';
import type { Sitting, SittingPlace } from './sitting';
import { stationText } from '../../preload/common/stationText';

type Identification = NonNullable<TellerSessionView['identification']>;

export interface SittingRequest {
  requestId: string;
  signerName?: string;
  identification?: Identification;
  requireReadToEnd: boolean;
  placement?: SignaturePlacementChoice;
  plan?: SittingPlan;
  identifications?: Record<string, Identification>;
}

/** The key of the one customer of a plan the teller did not spell out. */
export const DEFAULT_CUSTOMER = 'customer';

/**
 * Works out the sitting the teller asked for: which documents (the plan's, else the chosen one and
 * the rest of its package), who signs (the plan's signers, the sender's plan, or the one customer
 * named in the form) and where each place goes — checked against each document now, before anyone
 * signs, so a field that does not exist or a box off the page is refused in one sentence.
 */
export async function planSitting(req: SittingRequest, deps: { inbox: DocumentInbox; places?: SignaturePlacesFinder; staffName: string; log: Logger }): Promise<Sitting> {
  const plan = req.plan ?? planFromQueue(req, deps.inbox);
  if (!plan.documents.some((d) => d.requestId === req.requestId)) throw new ContractError('bad-request', 'The chosen document is not part of the plan.', stationText('not-in-plan'));
  const items = plan.documents.map((d) => requireWaiting(deps.inbox, d.requestId));
  const signers = plan.signers.map((s) => ({
    key: s.key,
    role: s.role,
    mark: s.mark,
    order: s.order,
    name: s.name ?? (s.role === 'staff' ? deps.staffName : ''),
    identification: s.role === 'customer' ? req.identifications?.[s.key] ?? req.identification : undefined,
  }));
  const places: SittingPlace[] = [];
  for (const [documentIndex, d] of plan.documents.entries()) {
    const found = deps.places ? await readPlaces(deps, d.requestId, d.places) : undefined;
    const resolved = resolvePlaces(found, d.places, items.length > 1 ? items[documentIndex].title : undefined).map((r) => withPageTurn(r, found));
    for (const step of documentSteps(plan, d.places, documentIndex)) {
      places.push({
        number: places.length + 1,
        documentIndex,
        signerKey: step.signer.key,
        kind: step.place.kind,
        optional: step.place.optional,
        ...resolved[step.placeIndex],
        status: 'waiting',
      });
    }
  }
  return {
    id: randomUUID(),
    signers,
    documents: items.map((item) => ({
      requestId: item.id,
      title: item.title,
      pageCount: item.pageCount,
      requireReadToEnd: req.requireReadToEnd,
      status: 'waiting',
      read: false,
      reachedEnd: item.pageCount === 1 && !req.requireReadToEnd,
    })),
    places,
    current: 0,
  };
}

/** The request as the queue has it now, refused in words when it is gone or no longer waiting. */
export function requireWaiting(inbox: DocumentInbox, requestId: string): InboxItem {
  const item = inbox.get(requestId);
  if (!item) throw new ContractError('not-found', 'That document is no longer in the queue.', stationText('document-gone'));
  if (item.status !== 'waiting') throw new ContractError('not-waiting', `That document is ${item.status}.`, stationText('document-not-waiting', { status: item.status }));
  return item;
}

/**
 * Where the signature of a document would go: its signature fields and the station's default.
 * Throws ContractError('unreadable') with plain words when the document cannot be read.
 */
export async function documentSignaturePlaces(deps: { inbox: DocumentInbox; places?: SignaturePlacesFinder }, requestId: string): Promise<DocumentSignaturePlaces> {
  if (!deps.places) throw new ContractError('unavailable', 'This station cannot list signature places; the signature goes to the default place.', stationText('places-unlisted'));
  if (!deps.inbox.get(requestId)) throw new ContractError('not-found', 'That document is no longer in the queue.', stationText('document-gone'));
  try {
    return await deps.places.find(await deps.inbox.pdf(requestId));
  } catch (err) {
    throw new ContractError('unreadable', `The document's signature places could not be read: ${err instanceof Error ? err.message : String(err)}`, stationText('places-unreadable'));
  }
}

/** The usual sitting: the chosen document and the rest of its package, with the sender's plan or one customer. */
function planFromQueue(req: SittingRequest, inbox: DocumentInbox): SittingPlan {
  const item = inbox.get(req.requestId);
  if (!item) throw new ContractError('not-found', 'That document is no longer in the queue.', stationText('document-gone'));
  const docs: InboxItem[] = item.packageId
    ? inbox.list().filter((i) => i.packageId === item.packageId && (i.status === 'waiting' || i.id === item.id))
    : [item];
  const signers = new Map<string, PlanSigner>();
  const documents = docs.map((doc) => {
    if (doc.plan) {
      for (const s of doc.plan.signers) signers.set(s.key, signers.get(s.key) ?? s);
      return { requestId: doc.id, places: doc.plan.places };
    }
    const place: PlanPlace = { signer: DEFAULT_CUSTOMER, kind: 'signature', optional: false, ...(doc.id === item.id && req.placement ? { target: req.placement } : {}) };
    return { requestId: doc.id, places: [place] };
  });
  if (documents.some((d) => d.places.some((p) => p.signer === DEFAULT_CUSTOMER)) && !signers.has(DEFAULT_CUSTOMER)) {
    signers.set(DEFAULT_CUSTOMER, { key: DEFAULT_CUSTOMER, role: 'customer', name: req.signerName, order: 1, mark: 'ink' });
  }
  // The teller's spelling of the name wins when the sender's plan has one customer.
  const customers = [...signers.values()].filter((s) => s.role === 'customer');
  if (req.signerName && customers.length === 1) signers.set(customers[0].key, { ...customers[0], name: req.signerName });
  for (const s of signers.values()) {
    if (s.role === 'customer' && !s.name) throw new ContractError('bad-request', "The signer's name is missing.", stationText('signer-name-missing'));
  }
  return { signers: [...signers.values()], documents };
}

async function readPlaces(deps: { inbox: DocumentInbox; places?: SignaturePlacesFinder; log: Logger }, requestId: string, planned: PlanPlace[]): Promise<DocumentSignaturePlaces | undefined> {
  try {
    return await deps.places!.find(await deps.inbox.pdf(requestId));
  } catch (err) {
    const message = `The document's signature places could not be read: ${err instanceof Error ? err.message : String(err)}`;
    // Without a choice the sealer still decides (and refuses a document it cannot read, with its own words).
    if (planned.some((p) => p.target && !('anchor' in p.target))) throw new ContractError('unreadable', message, stationText('places-unreadable'));
    deps.log.warn('signature places not read; the sealer decides', { error: message });
    return undefined;
  }
}

type ResolvedPlace = Pick<SittingPlace, 'placement' | 'view' | 'where'>;

/** The place's page turn goes with it: the customer's pad has the shape the reader sees at once. */
function withPageTurn(r: ResolvedPlace, found: DocumentSignaturePlaces | undefined): ResolvedPlace {
  const rotate = r.view && found?.pages[r.view.page - 1]?.rotate;
  return rotate ? { ...r, view: { ...r.view!, rotate } } : r;
}

/**
 * Each planned place checked against the document. A place without a target takes the first empty
 * field no other place claims, else the station's default spot (once: a second would be the same spot).
 */
function resolvePlaces(found: DocumentSignaturePlaces | undefined, planned: PlanPlace[], title: string | undefined): ResolvedPlace[] {
  const prefix = title ? `${title}: ` : '';
  const claimed = new Set(planned.flatMap((p) => (p.target && 'field' in p.target ? [p.target.field] : [])));
  let defaultUsed = false;
  return planned.map((p): ResolvedPlace => {
    try {
      if (p.target && 'anchor' in p.target) return { placement: { anchor: p.target.anchor }, where: { kind: 'anchor', anchor: p.target.anchor } };
      if (!found) {
        if (p.target) throw new ContractError('placement-refused', 'This station cannot place signatures by choice; prepare the signing without choosing a place.', stationText('places-by-choice-unavailable'));
        return { where: { kind: 'usual' } };
      }
      if (p.target) {
        const view = checkSignaturePlacement(found, p.target);
        return { view, placement: 'field' in p.target ? { field: p.target.field } : { page: view!.page, rect: view!.rect }, where: view!.kind === 'field' ? { kind: 'field', field: view!.field! } : { kind: 'box' } };
      }
      const usual = checkSignaturePlacement(found, undefined);
      const free = found.fields.find((f) => f.usable && !claimed.has(f.name));
      if (free) {
        claimed.add(free.name);
        return { view: { kind: 'field', field: free.name, page: free.page, rect: free.rect, chosenBy: 'default' }, placement: { field: free.name }, where: { kind: 'field', field: free.name } };
      }
      const spot = usual?.kind === 'box' ? usual : found.spare?.kind === 'box' ? found.spare : undefined;
      if (!spot) return { where: { kind: 'usual' } };
      if (defaultUsed) throw new ContractError('placement-refused', 'Two places of this document have no signature field left; give the next one a field, an anchor text or a box.', stationText('two-default-places'));
      defaultUsed = true;
      return { view: spot, placement: { page: spot.page, rect: spot.rect }, where: { kind: 'blank' } };
    } catch (err) {
      if (err instanceof ContractError && prefix) throw new ContractError(err.code, prefix + err.message, err.text && { key: err.text.key, params: { ...err.text.params, document: title! } });
      throw err;
    }
  });
}
