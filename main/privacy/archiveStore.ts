import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

/**
 * What GDPR export and erasure need from the archive (S3): every version of an object, reading the
 * current one, and deleting versions for good. With versioning on, a plain DELETE only adds a
 * delete marker and the data stay: erasure deletes each version (and each delete marker) by id.
 */
export interface ArchiveStore {
  /** All versions and delete markers of exactly this key. */
  versions(key: string): Promise<{ key: string; versionId: string | undefined; deleteMarker: boolean }[]>;
  /** The current object, or undefined if there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** The first `bytes` bytes of the current object (fewer if it is shorter), or undefined if there is none. */
  getStart(key: string, bytes: number): Promise<Buffer | undefined>;
  /** Deletes every version and delete marker of the key; returns how many were removed. */
  erase(key: string): Promise<number>;
  /** Current object keys under a prefix. */
  list(prefix: string): Promise<string[]>;
}

export function createS3ArchiveStore(client: S3Client, bucket: string): ArchiveStore {
  const store: ArchiveStore = {
    async versions(key) {
      const out: { key: string; versionId: string | undefined; deleteMarker: boolean }[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      do {
        const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
        for (const v of page.Versions ?? []) if (v.Key === key) out.push({ key, versionId: v.VersionId, deleteMarker: false });
        for (const m of page.DeleteMarkers ?? []) if (m.Key === key) out.push({ key, versionId: m.VersionId, deleteMarker: true });
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return out;
    },
    get: (key) => read(key),
    getStart: (key, bytes) => read(key, `bytes=0-${bytes - 1}`),
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async erase(key) {
      const versions = await store.versions(key);
      // One DELETE per version (no request body, so no checksum quirks with S3-compatible servers).
      for (const v of versions) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: v.versionId ?? 'null' }));
      if (versions.length === 0) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      return versions.length;
    },
  };
  async function read(key: string, range?: string): Promise<Buffer | undefined> {
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey' || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }
  return store;
}
