import { useState } from 'react';
import type { TellerSessionView } from '../../preload/common/contract';
import { useTellerText } from './tellerText';

type Identification = NonNullable<TellerSessionView['identification']>;
type IdType = Identification['idType'];
const idTypes: IdType[] = ['national-id', 'passport', 'driving-licence', 'other'];

/**
 * Corrects the customer's name and identification after preparing (a typo seen by the customer,
 * the wrong ID noted): only what changed is sent; the services record which fields were corrected.
 */
export function CorrectSignerForm(props: { session: TellerSessionView; onSave: (c: { name?: string; identification?: Identification }) => void; onClose: () => void }) {
  const t = useTellerText();
  const current = props.session.identification;
  const [name, setName] = useState(props.session.signerName ?? '');
  const [idType, setIdType] = useState<IdType>(current?.idType ?? 'national-id');
  const [lastDigits, setLastDigits] = useState(current?.lastDigits ?? '');
  const [checkedBy, setCheckedBy] = useState(current?.checkedBy ?? '');
  return (
    <form
      className="correction-form"
      data-testid="correct-form"
      aria-labelledby="correct-title"
      onSubmit={(e) => {
        e.preventDefault();
        const identification = { idType, lastDigits, checkedBy };
        const idChanged = !current || current.idType !== idType || current.lastDigits !== lastDigits || current.checkedBy !== checkedBy;
        props.onSave({
          name: name.trim() !== (props.session.signerName ?? '') ? name.trim() : undefined,
          identification: idChanged ? identification : undefined,
        });
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <h3 id="correct-title">{t.correctTitle}</h3>
      <p className="small">{t.correctHint}</p>
      <div className="field">
        <label htmlFor="correct-name">{t.signerFullName}</label>
        <input id="correct-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="correct-id-type">{t.idType}</label>
          <select id="correct-id-type" value={idType} onChange={(e) => setIdType(e.target.value as IdType)}>
            {idTypes.map((k) => <option key={k} value={k}>{t.idTypes[k]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="correct-digits">{t.lastDigits}</label>
          <input id="correct-digits" required pattern="[A-Za-z0-9]{2,6}" title={t.digitsHint} maxLength={6} value={lastDigits} onChange={(e) => setLastDigits(e.target.value.toUpperCase())} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="correct-checked-by">{t.checkedBy}</label>
          <input id="correct-checked-by" required maxLength={80} value={checkedBy} onChange={(e) => setCheckedBy(e.target.value)} autoComplete="off" />
        </div>
      </div>
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>{t.cancelEdit}</button>
        <button type="submit" className="primary">{t.saveCorrection}</button>
      </div>
    </form>
  );
}
