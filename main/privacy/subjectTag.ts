import { createHmac, randomBytes } from 'node:crypto';
import type { Vault } from '../vault/vault';

/**
 * A data subject's identifier (a name, a customer number, a national id) turned into a tag that
 * finds their records without storing who they are: HMAC-SHA256 under a random station secret that
 * lives sealed in the vault. Without the vault's key the tags reveal nothing, not even by guessing
 * names; with it, the same person always gets the same tag.
 */
const secretKind = 'privacy-key';
const secretId = 'subject-tag';

/** Case, accents' composition, surrounding and repeated spaces do not make another person. */
export function normaliseSubject(subject: string): string {
  return subject.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

export function createSubjectTagger(vault: Pick<Vault, 'openRecord' | 'sealRecord'>): (subject: string) => string {
  // Opened on first use: an audit trail can be created before the tenant key is available.
  let secret: Buffer | undefined;
  return (subject: string) => {
    if (typeof subject !== 'string' || !normaliseSubject(subject)) throw new TypeError('a data subject identifier is a non-empty string');
    secret ??= vault.openRecord(secretKind, secretId);
    if (!secret) {
      secret = randomBytes(32);
      vault.sealRecord(secretKind, secretId, secret);
    }
    return createHmac('sha256', secret).update(normaliseSubject(subject), 'utf8').digest('hex');
  };
}
