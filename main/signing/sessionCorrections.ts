import { ContractError, type TellerSessionView } from '../../preload/common/contract';
import { currentPlace, signerOf, type Sitting, type SittingSigner } from './sitting';
import { stationText } from '../../preload/common/stationText';

type Identification = NonNullable<TellerSessionView['identification']>;

/** What the teller may correct after preparing: a customer's name and how they were identified. */
export interface SignerCorrection {
  /** The plan's signer key; absent: the customer of the open place (else the first customer). */
  signerKey?: string;
  name?: string;
  identification?: Identification;
}

/**
 * Applies a correction to the prepared sitting. Only customers can be corrected (a staff signer is
 * whoever is signed in) and only one who has signed nothing yet: a sealed signature carries the
 * name it was made with. Returns what changed, for the audit trail (field names only).
 */
export function correctSigner(s: Sitting, c: SignerCorrection): { signer: SittingSigner; changed: ('name' | 'identification')[] } {
  const place = currentPlace(s);
  const open = place ? signerOf(s, place) : undefined;
  const signer = c.signerKey
    ? s.signers.find((x) => x.key === c.signerKey)
    : open?.role === 'customer' ? open : s.signers.find((x) => x.role === 'customer');
  if (!signer) throw new ContractError('not-found', 'There is no such signer in this signing.', stationText('signer-not-found'));
  if (signer.role !== 'customer') throw new ContractError('bad-request', 'Only a customer can be corrected; a staff place is signed by whoever is signed in.', stationText('only-customer-corrected'));
  if (s.places.some((p) => p.signerKey === signer.key && p.status === 'signed')) {
    throw new ContractError('already-signed', `${signer.name} has already signed a place of this sitting; discard it and prepare it again to change the signer.`, stationText('signer-already-signed', { name: signer.name }));
  }
  const changed: ('name' | 'identification')[] = [];
  if (c.name !== undefined && c.name.trim() && c.name.trim() !== signer.name) {
    signer.name = c.name.trim();
    changed.push('name');
  }
  if (c.identification && JSON.stringify(c.identification) !== JSON.stringify(signer.identification)) {
    signer.identification = { ...c.identification };
    changed.push('identification');
  }
  // A different person consents for themselves: a consent given by the wrong signer does not carry over.
  if (changed.includes('name')) signer.consentAt = undefined;
  return { signer, changed };
}
