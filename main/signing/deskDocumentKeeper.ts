import type { InboxItem } from '../../preload/common/contract';
import type { Vault } from '../vault/vault';

/**
 * Where the teller's queue keeps what must survive a stopped station: documents opened at the desk
 * (a file, the demo) and which requests were on the customer's screen. The station's keeper is the
 * vault: every byte sealed under its own data key, the request id as AAD, deleted (crypto-shredded)
 * as soon as the document is signed or discarded. Tests may keep it in memory.
 */
export interface DeskDocumentKeeper {
  /** The desk documents kept, oldest first, with their bytes. */
  load(): { item: InboxItem; pdf: Uint8Array }[];
  keep(item: InboxItem, pdf: Uint8Array): void;
  forget(id: string): void;
  /** The requests (desk or outside) on the customer's screen when the station last wrote it. */
  onScreen(): string[];
  setOnScreen(ids: string[]): void;
}

const indexKind = 'desk-queue';
const documentKind = 'desk-document';
const onScreenKind = 'desk-on-screen';
const aad = (what: string) => new TextEncoder().encode(`desk:${what}`);

export function vaultDeskDocumentKeeper(vault: Vault): DeskDocumentKeeper {
  const readJson = <T>(kind: string, id: string, fallback: T): T => {
    const plain = vault.openRecord(kind, id, aad(`${kind}:${id}`));
    return plain ? (JSON.parse(plain.toString('utf8')) as T) : fallback;
  };
  const writeJson = (kind: string, id: string, value: unknown) => vault.sealRecord(kind, id, new TextEncoder().encode(JSON.stringify(value)), aad(`${kind}:${id}`));
  const index = () => readJson<InboxItem[]>(indexKind, 'items', []);
  return {
    load() {
      const kept: { item: InboxItem; pdf: Uint8Array }[] = [];
      for (const item of index()) {
        const pdf = vault.openRecord(documentKind, item.id, aad(`${documentKind}:${item.id}`));
        if (pdf) kept.push({ item, pdf: new Uint8Array(pdf) });
      }
      return kept;
    },
    keep(item, pdf) {
      vault.transaction(() => {
        vault.sealRecord(documentKind, item.id, pdf, aad(`${documentKind}:${item.id}`));
        writeJson(indexKind, 'items', [...index().filter((i) => i.id !== item.id), item]);
      });
    },
    forget(id) {
      const items = index();
      if (!items.some((i) => i.id === id)) return;
      vault.transaction(() => writeJson(indexKind, 'items', items.filter((i) => i.id !== id)));
      vault.deleteRecord(documentKind, id);
    },
    onScreen: () => readJson<string[]>(onScreenKind, 'current', []),
    setOnScreen(ids) {
      writeJson(onScreenKind, 'current', ids);
    },
  };
}

/** A keeper that keeps nothing beyond the process (unit tests, stations composed without a vault). */
export function memoryDeskDocumentKeeper(): DeskDocumentKeeper {
  const docs = new Map<string, { item: InboxItem; pdf: Uint8Array }>();
  let screen: string[] = [];
  return {
    load: () => [...docs.values()].map((d) => ({ item: { ...d.item }, pdf: d.pdf })),
    keep: (item, pdf) => void docs.set(item.id, { item: { ...item }, pdf }),
    forget: (id) => void docs.delete(id),
    onScreen: () => [...screen],
    setOnScreen: (ids) => void (screen = [...ids]),
  };
}
