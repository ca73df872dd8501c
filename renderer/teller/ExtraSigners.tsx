import type { DocumentSignaturePlaces } from '../../preload/common/contract';
import { format, useTellerText } from './tellerText';

/** Who else signs the document at this sitting: a second customer (joint holders) and the teller's countersignature. */
export interface ExtraSigners {
  second?: { name: string; lastDigits: string; field: string };
  countersign?: { field: string };
}

/** '' is the station's usual place (a blank spot once the fields are taken). */
const USUAL = '';

/**
 * The start form's part for more than one signer. Each extra signer gets one place: an empty field
 * of the document or the station's usual place. The order is fixed the way banks sign: the first
 * customer, then the second, then the teller countersigns.
 */
export function ExtraSignersFieldset(props: { places?: DocumentSignaturePlaces; value: ExtraSigners; onChange: (v: ExtraSigners) => void }) {
  const { value, onChange } = props;
  const t = useTellerText();
  const fields = props.places?.fields.filter((f) => f.usable) ?? [];
  const placeSelect = (id: string, label: string, current: string, set: (field: string) => void) => (
    <label htmlFor={id}>
      {label}
      <select id={id} value={current} onChange={(e) => set(e.target.value)}>
        {fields.map((f) => <option key={f.name} value={f.name}>{format(t.fieldOnPage, { name: f.name, page: f.page })}</option>)}
        <option value={USUAL}>{t.usualPlace}</option>
      </select>
    </label>
  );
  const defaultField = (skip: number) => fields[skip]?.name ?? USUAL;
  return (
    <fieldset className="extra-signers" style={{ display: 'grid', gridTemplateColumns: '1fr' }}>
      <legend>{t.moreSigners}</legend>
      <label className="inline">
        <input type="checkbox" style={{ width: 'auto', flex: 'none' }} checked={Boolean(value.second)} onChange={(e) => onChange({ ...value, second: e.target.checked ? { name: '', lastDigits: '', field: defaultField(1) } : undefined })} />
        {t.secondSigns}
      </label>
      {value.second && (
        <>
          <label>
            {t.secondName}
            <input required maxLength={120} value={value.second.name} onChange={(e) => onChange({ ...value, second: { ...value.second!, name: e.target.value } })} autoComplete="off" />
          </label>
          <label>
            {t.secondDigits}
            <input required pattern="[A-Za-z0-9]{2,6}" title={t.digitsHint} maxLength={6} value={value.second.lastDigits} onChange={(e) => onChange({ ...value, second: { ...value.second!, lastDigits: e.target.value.toUpperCase() } })} autoComplete="off" />
          </label>
          {placeSelect('second-place', t.secondSignsIn, value.second.field, (field) => onChange({ ...value, second: { ...value.second!, field } }))}
        </>
      )}
      <label className="inline">
        <input type="checkbox" style={{ width: 'auto', flex: 'none' }} checked={Boolean(value.countersign)} onChange={(e) => onChange({ ...value, countersign: e.target.checked ? { field: value.second ? defaultField(2) : defaultField(1) } : undefined })} />
        {t.countersign}
      </label>
      {value.countersign && placeSelect('countersign-place', t.countersignIn, value.countersign.field, (field) => onChange({ ...value, countersign: { field } }))}
    </fieldset>
  );
}
