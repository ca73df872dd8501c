import { decodeEnvelope, envelopeMagic, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { ArchiveStore } from '../privacy/archiveStore';
import { documentSectionOf, legacyMetadataKey, type ArchivedDocumentMetadata } from './archiveObject';

/**
 * Reads a signed document's description back from the archive, in either shape: the one object
 * this station writes (the description in the envelope header, archiveObject.ts), or the two
 * objects older stations wrote (the envelope, and a `.json` beside it). Both stay readable for as
 * long as the bank keeps its archive.
 */
export interface ArchivedDocument {
  shape: 'one-object' | 'two-objects';
  header: EnvelopeHeader;
  metadata: ArchivedDocumentMetadata | undefined;
}

/** Enough for any header this station writes (ids, key references, the signer details envelope). */
const headerProbeBytes = 64 * 1024;

/** The description of the document at `objectKey`; undefined when no object is there. */
export async function readArchivedDocument(store: Pick<ArchiveStore, 'get' | 'getStart'>, objectKey: string, envelope?: Buffer): Promise<ArchivedDocument | undefined> {
  const header = envelope ? decodeEnvelope(envelope).header : await readHeader(store, objectKey);
  if (!header) return undefined;
  const inHeader = documentSectionOf(header);
  if (inHeader) return { shape: 'one-object', header, metadata: inHeader };
  const json = await store.get(legacyMetadataKey(objectKey));
  return { shape: 'two-objects', header, metadata: json ? (JSON.parse(json.toString('utf8')) as ArchivedDocumentMetadata) : undefined };
}

/** The envelope header alone: the object's first bytes, the whole object only for a very long header. */
async function readHeader(store: Pick<ArchiveStore, 'get' | 'getStart'>, key: string): Promise<EnvelopeHeader | undefined> {
  const start = await store.getStart(key, headerProbeBytes);
  if (!start) return undefined;
  const fixed = envelopeMagic.length + 4;
  // Not an envelope (or too short to be one): decodeEnvelope says which, in words.
  if (start.length < fixed || !start.subarray(0, envelopeMagic.length).equals(envelopeMagic)) return decodeEnvelope(start).header;
  const needed = fixed + start.readUInt32BE(envelopeMagic.length);
  const bytes = needed <= start.length ? start.subarray(0, needed) : await store.get(key);
  return bytes ? decodeEnvelope(bytes).header : undefined;
}

/**
 * Erases every version of a document's archive objects: the envelope, and the `.json` beside it
 * where an older station wrote one (only then: deleting a key that never was would leave a delete
 * marker in a versioned bucket). Returns how many versions went.
 */
export async function eraseArchivedDocument(store: Pick<ArchiveStore, 'erase' | 'versions'>, objectKey: string): Promise<number> {
  let erased = await store.erase(objectKey);
  const legacy = legacyMetadataKey(objectKey);
  if ((await store.versions(legacy)).length) erased += await store.erase(legacy);
  return erased;
}
