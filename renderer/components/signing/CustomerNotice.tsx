import type { CustomerSessionView } from '../../../preload/common/contract';
import type { SignatureRefusal } from '../../../preload/common/customerScreenState';
import type { CustomerMessages } from '../../i18n/customerMessages';

const noticeKey: Record<NonNullable<CustomerSessionView['notice']>, keyof CustomerMessages> = {
  'pen-unplugged': 'penUnplugged',
  'pen-left-box': 'penLeftBox',
  'read-to-end': 'readToEnd',
  'sealing-failed': 'sealingFailed',
  'disk-full': 'savingWaits',
};

const refusalKey: Record<SignatureRefusal, keyof CustomerMessages> = {
  empty: 'signatureEmpty',
  'too-short': 'refusedTooShort',
  'too-small': 'refusedTooSmall',
  'too-simple': 'refusedTooSimple',
};

/** The session's word for the customer (a notice, or why "Done" did not take the signature), in their language; the same in the mirror. */
export function CustomerNotice({ view, t }: { view: CustomerSessionView; t: CustomerMessages }) {
  const key = view.notice ? noticeKey[view.notice] : view.signatureRefusal ? refusalKey[view.signatureRefusal] : undefined;
  if (!key) return null;
  return <p className="notice" role="status" data-testid="customer-notice" data-refusal={view.signatureRefusal}>{t[key]}</p>;
}
