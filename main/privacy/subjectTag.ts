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

export function createSubjectTagger(vault: Pick<Vault, 'openRecord' | 'sealRecord' | 'transaction'>): (subject: string) => string {
  // Opened on first use: an audit trail can be created before the tenant key is available.
  let secret: Buffer | undefined;
  return (subject: string) => {
    if (typeof subject !== 'string' || !normaliseSubject(subject)) throw new TypeError('a data subject identifier is a non-empty string');
    // Made once per station, inside an IMMEDIATE transaction: two processes starting together
    // (the app and the CLI) must not each make their own, or the same person would get two tags.
    secret ??= vault.transaction(() => {
      const existing = vault.openRecord(secretKind, secretId);
      if (existing) return existing;
      const made = randomBytes(32);
      vault.sealRecord(secretKind, secretId, made);
      return made;
    });
    return createHmac('sha256', secret).update(normaliseSubject(subject), 'utf8').digest('hex');
  };
}
