import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { DocumentPlan } from '../../preload/common/signingPlan';
import type { InboxItem } from '../../preload/common/contract';
import type { SigningRequest } from '../integrations/inbox/signingRequest';
import type { SigningRequestInbox } from '../integrations/inbox/signingRequestInbox';
import { memoryDeskDocumentKeeper, type DeskDocumentKeeper } from './deskDocumentKeeper';
import { readableTitle } from './documentTitle';
import type { MemoryInbox } from './memoryInbox';
import type { DocumentInbox, NewInboxDocument } from './signingPorts';

/**
 * The teller's one queue: documents opened at the desk (memory only) and signing requests that
 * arrived from outside (API, print, hot folder; persisted encrypted by the integrations inbox).
 * The session works on this port and never asks where a document came from; completing or
 * cancelling a request here is what tells its origin (webhook, API status, print job).
 *
 * Which requests are on the customer's screen is written down (the keeper: the vault) as it
 * changes, so that after a station stopped mid-signing the teller is told which ones were
 * interrupted; they are back in the queue, waiting, marked until they are prepared again.
 */
export class CombinedInbox implements DocumentInbox {
  private readonly remote = new Map<string, InboxItem>();
  private readonly listeners = new Set<(items: InboxItem[]) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly onScreen = new Set<string>();
  private readonly interrupted: Set<string>;
  /** Signed document id (the vault's) → the request it completed, for the queue's sync badge. */
  private readonly signedAs = new Map<string, string>();

  private constructor(private readonly local: MemoryInbox, private readonly requests: SigningRequestInbox, private readonly keeper: DeskDocumentKeeper) {
    this.interrupted = new Set(keeper.onScreen());
  }

  static async create(local: MemoryInbox, requests: SigningRequestInbox, keeper: DeskDocumentKeeper = memoryDeskDocumentKeeper()): Promise<CombinedInbox> {
    const inbox = new CombinedInbox(local, requests, keeper);
    for (const r of await requests.list({ status: 'pending' })) await inbox.upsert(r);
    // Only what is still in the queue was interrupted; the rest was signed or withdrawn meanwhile.
    for (const id of inbox.interrupted) if (!inbox.get(id)) inbox.interrupted.delete(id);
    keeper.setOnScreen([]);
    inbox.unsubscribe.push(
      local.onChange(() => inbox.changed()),
      requests.on('arrived', (r) => void inbox.upsert(r).then(() => inbox.changed())),
      requests.on('completed', (r) => inbox.setRemote(r.id, { status: 'signed', syncState: 'queued' })),
      requests.on('cancelled', (r) => inbox.drop(r.id)),
      requests.on('expired', (r) => inbox.drop(r.id)),
    );
    return inbox;
  }

  list(): InboxItem[] {
    return [...this.local.list(), ...[...this.remote.values()].map((i) => ({ ...i }))].map((i) => this.marked(i)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  get(id: string): InboxItem | undefined {
    const r = this.remote.get(id);
    const item = r ? { ...r } : this.local.get(id);
    return item && this.marked(item);
  }

  /** The vault moved a signed document on (queued → uploading → synced): the queue's row says so. */
  syncStateChanged(documentId: string, state: string): void {
    const requestId = this.signedAs.get(documentId);
    if (!requestId || !(state === 'queued' || state === 'uploading' || state === 'synced')) return;
    if (this.remote.has(requestId)) this.setRemote(requestId, { syncState: state });
    else this.local.setSyncState(requestId, state);
  }

  async pdf(id: string): Promise<Uint8Array> {
    if (!this.remote.has(id)) return this.local.pdf(id);
    const bytes = await this.requests.document(id);
    if (!bytes) throw new Error(`the document of request ${id} is no longer held`);
    return bytes;
  }

  add(doc: NewInboxDocument): Promise<InboxItem> {
    return this.local.add(doc);
  }

  markInSession(id: string): void {
    this.interrupted.delete(id);
    this.screen(id, true);
    if (this.remote.has(id)) this.setRemote(id, { status: 'in-session' });
    else this.local.markInSession(id);
  }

  release(id: string): void {
    this.screen(id, false);
    if (this.remote.has(id)) this.setRemote(id, { status: 'waiting' });
    else this.local.release(id);
  }

  async complete(id: string, signed: Parameters<DocumentInbox['complete']>[1]): Promise<void> {
    this.signedAs.set(signed.documentId, id);
    if (this.remote.has(id)) await this.requests.complete(id, signed.pdf, signed.signatures);
    else await this.local.complete(id);
    this.screen(id, false);
  }

  async cancel(id: string, reason: string): Promise<void> {
    this.interrupted.delete(id);
    if (this.remote.has(id)) await this.requests.cancel(id, reason);
    else await this.local.cancel(id);
    this.screen(id, false);
  }

  onChange(listener: (items: InboxItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private marked(item: InboxItem): InboxItem {
    return this.interrupted.has(item.id) ? { ...item, interrupted: true } : item;
  }

  /** Writes down which requests are on the customer's screen (the keeper: the vault). */
  private screen(id: string, on: boolean): void {
    if (on === this.onScreen.has(id)) return;
    if (on) this.onScreen.add(id);
    else this.onScreen.delete(id);
    this.keeper.setOnScreen([...this.onScreen]);
  }

  private async upsert(r: SigningRequest): Promise<void> {
    if (r.status !== 'pending') return;
    let pageCount = 1;
    let pdfTitle: string | undefined;
    try {
      const bytes = await this.requests.document(r.id);
      if (bytes) {
        const pdf = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: false });
        pageCount = pdf.getPageCount();
        pdfTitle = pdf.getTitle();
      }
    } catch {
      // The inbox checked it is a PDF; a page count pdf-lib cannot read is shown as 1.
    }
    this.remote.set(r.id, {
      id: r.id,
      source: r.source,
      title: readableTitle(pdfTitle, r.documentName) || r.documentType || 'Document',
      reference: r.externalReference,
      documentType: r.documentType,
      signerName: r.signerName,
      receivedAt: r.createdAt,
      status: 'waiting',
      pageCount: Math.max(1, pageCount),
      plan: planOfRequest(r),
      // One integration's requests with the same package reference are signed in one sitting.
      packageId: r.packageReference ? createHash('sha256').update(`${r.owner}\u0000${r.packageReference}`).digest('hex').slice(0, 32) : undefined,
    });
  }

  private setRemote(id: string, patch: Partial<InboxItem>): void {
    const item = this.remote.get(id);
    if (!item) return;
    Object.assign(item, patch);
    this.changed();
  }

  private drop(id: string): void {
    if (this.remote.delete(id)) this.changed();
  }

  private changed(): void {
    const items = this.list();
    for (const l of this.listeners) l(items);
  }
}

/**
 * The sender's plan; a request that only names fields to sign (fieldsToSign) means one customer
 * signing each of them, in order.
 */
function planOfRequest(r: SigningRequest): DocumentPlan | undefined {
  if (r.plan) return r.plan;
  if (r.fieldsToSign.length === 0) return undefined;
  return {
    signers: [{ key: 'customer', role: 'customer', name: r.signerName ?? 'Customer', order: 1, mark: 'ink' }],
    places: r.fieldsToSign.map((field) => ({ signer: 'customer', kind: 'signature' as const, optional: false, target: { field } })),
  };
}
