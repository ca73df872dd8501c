import { randomUUID } from 'node:crypto';
import type { InboxItem } from '../../preload/common/contract';
import { memoryDeskDocumentKeeper, type DeskDocumentKeeper } from './deskDocumentKeeper';
import type { DocumentInbox, NewInboxDocument } from './signingPorts';

/**
 * Documents the teller opened at the desk (a file, the demo), in memory for the screens and kept by
 * the keeper (the station's: sealed in the vault, never in plaintext) until they are signed or
 * discarded, so a station stopped mid-signing finds them again at its next start. Requests that
 * arrive from outside (API, print) live in the integrations inbox, which persists them encrypted;
 * the station combines both (see combinedInbox.ts).
 */
export class MemoryInbox implements DocumentInbox {
  private readonly items = new Map<string, { item: InboxItem; pdf: Uint8Array }>();
  private readonly listeners = new Set<(items: InboxItem[]) => void>();

  constructor(private readonly keeper: DeskDocumentKeeper = memoryDeskDocumentKeeper()) {
    // Whatever was on screen or waiting when the station stopped waits again.
    for (const { item, pdf } of keeper.load()) this.items.set(item.id, { item: { ...item, status: 'waiting' }, pdf });
  }

  list(): InboxItem[] {
    return [...this.items.values()].map((e) => ({ ...e.item }));
  }

  get(id: string): InboxItem | undefined {
    const e = this.items.get(id);
    return e && { ...e.item };
  }

  async pdf(id: string): Promise<Uint8Array> {
    const e = this.items.get(id);
    if (!e) throw new Error(`no document ${id}`);
    return e.pdf;
  }

  async add(doc: NewInboxDocument): Promise<InboxItem> {
    const item: InboxItem = {
      id: randomUUID(),
      source: doc.source,
      title: doc.title,
      reference: doc.reference,
      signerName: doc.signerName,
      packageId: doc.packageId,
      ...(doc.plan ? { plan: doc.plan } : {}),
      receivedAt: new Date().toISOString(),
      status: 'waiting',
      pageCount: doc.pageCount,
    };
    this.keeper.keep(item, doc.pdf);
    this.items.set(item.id, { item, pdf: doc.pdf });
    this.changed();
    return { ...item };
  }

  markInSession(id: string): void {
    this.setStatus(id, 'in-session');
  }

  release(id: string): void {
    this.setStatus(id, 'waiting');
  }

  async complete(id: string): Promise<void> {
    const e = this.items.get(id);
    if (!e) return;
    e.item.status = 'signed';
    e.item.syncState = 'queued';
    // The unsigned original is no longer needed; the signed one lives in the vault's queue.
    e.pdf = new Uint8Array(0);
    this.keeper.forget(id);
    this.changed();
  }

  async cancel(id: string): Promise<void> {
    const e = this.items.get(id);
    if (!e) return;
    e.pdf.fill(0);
    this.keeper.forget(id);
    this.items.delete(id);
    this.changed();
  }

  /** Lets the vault's sync progress show in the queue ("queued" → "synced"). */
  setSyncState(id: string, state: NonNullable<InboxItem['syncState']>): void {
    const e = this.items.get(id);
    if (!e || e.item.syncState === state) return;
    e.item.syncState = state;
    this.changed();
  }

  onChange(listener: (items: InboxItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(id: string, status: InboxItem['status']): void {
    const e = this.items.get(id);
    if (!e) return;
    e.item.status = status;
    this.changed();
  }

  private changed(): void {
    const items = this.list();
    for (const l of this.listeners) l(items);
  }
}
