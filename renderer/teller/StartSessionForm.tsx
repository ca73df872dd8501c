import { useEffect, useRef, useState } from 'react';
import type { InboxItem } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';

type IdType = 'passport' | 'national-id' | 'driving-licence' | 'other';

/**
 * Preparing a signing: who signs, and how the teller checked who they are (ID type, the last
 * digits of its number, checked by whom) — the station's record of physical identification.
 * The signer's name is shown to the customer on every step, so it must be right here.
 */
export function StartSessionForm(props: { api: StationApi; item: InboxItem; teller: string; onClose: () => void; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { item } = props;
  const [signerName, setSignerName] = useState(item.signerName ?? '');
  const [idType, setIdType] = useState<IdType>('national-id');
  const [lastDigits, setLastDigits] = useState('');
  const [checkedBy, setCheckedBy] = useState(props.teller);
  const [requireReadToEnd, setRequireReadToEnd] = useState(item.pageCount > 1);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [item.id]);

  return (
    <form
      className="start-form"
      aria-labelledby="start-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.act(() => props.api.call('session.start', { requestId: item.id, signerName, requireReadToEnd, identification: { idType, lastDigits, checkedBy } }));
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <h2 id="start-title">Prepare signing: {item.title}</h2>
      <label>
        Signer's full name
        <input ref={first} required maxLength={120} value={signerName} onChange={(e) => setSignerName(e.target.value)} autoComplete="off" />
      </label>
      <fieldset>
        <legend>Identification checked</legend>
        <label>
          ID type
          <select value={idType} onChange={(e) => setIdType(e.target.value as IdType)}>
            <option value="national-id">National ID card</option>
            <option value="passport">Passport</option>
            <option value="driving-licence">Driving licence</option>
            <option value="other">Other</option>
          </select>
        </label>
        <label>
          Last digits of the ID number
          <input required value={lastDigits} onChange={(e) => setLastDigits(e.target.value.toUpperCase())} pattern="[A-Za-z0-9]{2,6}" title="2 to 6 letters or digits" maxLength={6} autoComplete="off" />
        </label>
        <label>
          Checked by
          <input required maxLength={80} value={checkedBy} onChange={(e) => setCheckedBy(e.target.value)} autoComplete="off" />
        </label>
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={requireReadToEnd} onChange={(e) => setRequireReadToEnd(e.target.checked)} /> The customer must reach the last page before signing
      </label>
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>Close</button>
        <button type="submit" className="primary">Prepare signing</button>
      </div>
    </form>
  );
}
