import { useState } from 'react';
import { useTellerText } from './tellerText';

/**
 * A short form that asks why (stop an attempt, discard a document). It opens empty every time —
 * the parent mounts a new one per opening — and has no default reason: the teller chooses one, or
 * writes another, before the button does anything.
 */
export function ReasonForm(props: {
  id: string;
  title: string;
  hint: string;
  reasons: readonly string[];
  keepLabel: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const t = useTellerText();
  const [reason, setReason] = useState('');
  const [otherReason, setOtherReason] = useState('');
  const other = reason === 'other';
  return (
    <form
      className={`correction-form${props.danger ? ' danger-form' : ''}`}
      data-testid={`${props.id}-form`}
      aria-labelledby={`${props.id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = other ? otherReason.trim() : reason;
        if (chosen) props.onConfirm(chosen);
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <p className="small">{props.hint}</p>
      <div className="field">
        <label htmlFor={`${props.id}-reason`}>{t.reason}</label>
        <select id={`${props.id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
          <option value="" disabled>{t.chooseReason}</option>
          {props.reasons.map((r) => <option key={r} value={r}>{r}</option>)}
          <option value="other">{t.otherReasonOption}</option>
        </select>
      </div>
      {other && (
        <div className="field">
          <label htmlFor={`${props.id}-other`}>{t.otherReason}</label>
          <input id={`${props.id}-other`} required maxLength={200} value={otherReason} onChange={(e) => setOtherReason(e.target.value)} autoComplete="off" />
        </div>
      )}
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>{props.keepLabel}</button>
        <button type="submit" className={props.danger ? 'danger' : 'primary'}>{props.confirmLabel}</button>
      </div>
    </form>
  );
}
