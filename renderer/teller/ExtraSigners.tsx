import type { DocumentSignaturePlaces } from '../../preload/common/contract';

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
  const fields = props.places?.fields.filter((f) => f.usable) ?? [];
  const placeSelect = (id: string, label: string, current: string, set: (field: string) => void) => (
    <label htmlFor={id}>
      {label}
      <select id={id} value={current} onChange={(e) => set(e.target.value)}>
        {fields.map((f) => <option key={f.name} value={f.name}>Signature field “{f.name}” on page {f.page}</option>)}
        <option value={USUAL}>The station's usual place</option>
      </select>
    </label>
  );
  const defaultField = (skip: number) => fields[skip]?.name ?? USUAL;
  return (
    <fieldset className="extra-signers" style={{ display: 'grid', gridTemplateColumns: '1fr' }}>
      <legend>More signers at this sitting</legend>
      <label className="inline">
        <input type="checkbox" style={{ width: 'auto', flex: 'none' }} checked={Boolean(value.second)} onChange={(e) => onChange({ ...value, second: e.target.checked ? { name: '', lastDigits: '', field: defaultField(1) } : undefined })} />
        A second customer signs after the first
      </label>
      {value.second && (
        <>
          <label>
            Second customer's full name
            <input required maxLength={120} value={value.second.name} onChange={(e) => onChange({ ...value, second: { ...value.second!, name: e.target.value } })} autoComplete="off" />
          </label>
          <label>
            Last digits of the second customer's ID
            <input required pattern="[A-Za-z0-9]{2,6}" title="2 to 6 letters or digits" maxLength={6} value={value.second.lastDigits} onChange={(e) => onChange({ ...value, second: { ...value.second!, lastDigits: e.target.value.toUpperCase() } })} autoComplete="off" />
          </label>
          {placeSelect('second-place', 'The second customer signs in', value.second.field, (field) => onChange({ ...value, second: { ...value.second!, field } }))}
        </>
      )}
      <label className="inline">
        <input type="checkbox" style={{ width: 'auto', flex: 'none' }} checked={Boolean(value.countersign)} onChange={(e) => onChange({ ...value, countersign: e.target.checked ? { field: value.second ? defaultField(2) : defaultField(1) } : undefined })} />
        I countersign with my own signature, last
      </label>
      {value.countersign && placeSelect('countersign-place', 'I countersign in', value.countersign.field, (field) => onChange({ ...value, countersign: { field } }))}
    </fieldset>
  );
}
