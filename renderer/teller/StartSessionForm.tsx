import { useEffect, useRef, useState } from 'react';
import type { DocumentSignaturePlaces, InboxItem, PdfRectPoints, SignaturePlacementChoice } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { SignatureBoxPicker, SignatureFieldPreview } from '../components/SignatureBoxPicker';
import { ExtraSignersFieldset, type ExtraSigners } from './ExtraSigners';
import { buildSittingPlan } from './sittingPlanFromForm';
import { problemWords } from './stationWords';
import { format, useTellerText } from './tellerText';

type IdType = 'passport' | 'national-id' | 'driving-licence' | 'other';
/** The form's inputs are full width; a radio button is not. */
const radioStyle = { width: 'auto', flex: 'none' } as const;
/** 'field:<name>', the station's default, or a box drawn on a page. */
type PlaceChoice = `field:${string}` | 'default' | 'box';

/**
 * Preparing a signing: who signs, and how the teller checked who they are (ID type, the last
 * digits of its number, checked by whom) — the station's record of physical identification.
 * The signer's name is shown to the customer on every step, so it must be right here.
 */
export function StartSessionForm(props: { api: StationApi; item: InboxItem; teller: string; onClose: () => void; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { item } = props;
  const t = useTellerText();
  const [signerName, setSignerName] = useState(item.signerName ?? '');
  const [idType, setIdType] = useState<IdType>('national-id');
  const [lastDigits, setLastDigits] = useState('');
  const [checkedBy, setCheckedBy] = useState(props.teller);
  const [requireReadToEnd, setRequireReadToEnd] = useState(item.pageCount > 1);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [item.id]);
  const [places, setPlaces] = useState<DocumentSignaturePlaces>();
  const [placesProblem, setPlacesProblem] = useState<string>();
  const [choice, setChoice] = useState<PlaceChoice>('default');
  const [box, setBox] = useState<{ page: number; rect: PdfRectPoints }>();
  const [extra, setExtra] = useState<ExtraSigners>({});
  // A plan from the sender (API, print) or a package: the station follows it; the teller checks identities.
  const fixedPlan = Boolean(item.plan || item.packageId);
  // The sender named several customers: their names come from the plan, the teller checks each identity.
  const severalCustomers = (item.plan?.signers.filter((x) => x.role === 'customer').length ?? 0) > 1;

  // The document's own signature fields come first: the first empty one is chosen unless the teller picks another.
  useEffect(() => {
    let cancelled = false;
    props.api.call('document.signaturePlaces', { documentId: item.id }).then(
      (p) => {
        if (cancelled) return;
        setPlaces(p);
        const firstEmpty = p.fields.find((f) => f.usable);
        if (firstEmpty) setChoice(`field:${firstEmpty.name}`);
      },
      (err) => !cancelled && setPlacesProblem(problemWords(err, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [props.api, item.id]);

  const placement = (): SignaturePlacementChoice | undefined => {
    if (choice === 'box') return box;
    if (choice.startsWith('field:')) return { field: choice.slice('field:'.length) };
    return undefined;
  };
  const usableFields = places?.fields.filter((f) => f.usable) ?? [];
  const otherFields = places?.fields.filter((f) => !f.usable) ?? [];
  const chosenField = choice.startsWith('field:') ? usableFields.find((f) => `field:${f.name}` === choice) : undefined;

  return (
    <form
      className="start-form"
      aria-labelledby="start-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.act(async () => {
          if (choice === 'box' && !box) throw new Error(t.drawBoxFirst);
          const identification = { idType, lastDigits, checkedBy };
          const plan = !fixedPlan && (extra.second || extra.countersign) ? buildSittingPlan(item.id, signerName, placement(), extra) : undefined;
          await props.api.call('session.start', {
            requestId: item.id, signerName: severalCustomers ? undefined : signerName, requireReadToEnd,
            identification, placement: plan ? undefined : placement(), plan,
            identifications: plan && extra.second ? { 'customer-2': { ...identification, lastDigits: extra.second.lastDigits } } : undefined,
          });
        });
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
    >
      <h2 id="start-title">{format(t.prepareTitle, { title: item.title })}</h2>
      {item.interrupted && <p className="notice" role="alert" data-testid="interrupted-open">{t.interruptedOpen}</p>}
      {severalCustomers ? (
        <p data-testid="plan-signers">{format(t.signersInOrder, { list: item.plan!.signers.slice().sort((a, b) => a.order - b.order).map((x) => x.name ?? format(x.mark === 'seal' ? t.youSeal : t.youCountersign, { name: props.teller })).join(', ') })}</p>
      ) : (
        <label>
          {t.signerFullName}
          <input ref={first} required maxLength={120} value={signerName} onChange={(e) => setSignerName(e.target.value)} autoComplete="off" />
        </label>
      )}
      <fieldset className="identification">
        <legend>{t.identificationChecked}</legend>
        <label>
          {t.idType}
          <select value={idType} onChange={(e) => setIdType(e.target.value as IdType)}>
            <option value="national-id">{t.idTypes['national-id']}</option>
            <option value="passport">{t.idTypes.passport}</option>
            <option value="driving-licence">{t.idTypes['driving-licence']}</option>
            <option value="other">{t.idTypeOther}</option>
          </select>
        </label>
        <label>
          {t.lastDigits}
          <input required value={lastDigits} onChange={(e) => setLastDigits(e.target.value.toUpperCase())} pattern="[A-Za-z0-9]{2,6}" title={t.digitsHint} maxLength={6} autoComplete="off" />
        </label>
        <label>
          {t.checkedBy}
          <input required maxLength={80} value={checkedBy} onChange={(e) => setCheckedBy(e.target.value)} autoComplete="off" />
        </label>
      </fieldset>
      <fieldset className="signature-place-choice" style={{ display: 'grid', gridTemplateColumns: '1fr' }}>
        <legend>{t.whereSigns}</legend>
        {!places && !placesProblem && <p className="small muted" role="status">{t.readingFields}</p>}
        {placesProblem && <p className="small" role="status">{format(t.usualPlaceUsed, { problem: placesProblem })}</p>}
        {places?.problem && <p className="notice" role="alert">{t.station[places.problem]}</p>}
        {usableFields.map((f) => (
          <label className="inline" key={f.name}>
            <input type="radio" style={radioStyle} name="signature-place" checked={choice === `field:${f.name}`} onChange={() => setChoice(`field:${f.name}`)} />
            {format(t.fieldOnPage, { name: f.name, page: f.page })}
          </label>
        ))}
        {otherFields.map((f) => (
          <label className="inline muted" key={f.name}>
            <input type="radio" style={radioStyle} name="signature-place" disabled checked={false} onChange={() => undefined} />
            {format(f.filled ? t.fieldAlreadySigned : t.fieldCannotShow, { name: f.name })}
          </label>
        ))}
        {usableFields.length === 0 && (
          <label className="inline">
            <input type="radio" style={radioStyle} name="signature-place" checked={choice === 'default'} onChange={() => setChoice('default')} />
            {places?.default
              ? format(places.default.kind === 'field' ? t.usualPlaceField : t.usualPlaceBlank, { page: places.default.page, name: places.default.field ?? '' })
              : t.usualPlace}
          </label>
        )}
        <label className="inline">
          <input type="radio" style={radioStyle} name="signature-place" checked={choice === 'box'} onChange={() => setChoice('box')} />
          {t.drawBox}
        </label>
        {chosenField && <SignatureFieldPreview key={chosenField.name} api={props.api} documentId={item.id} page={chosenField.page} rect={chosenField.rect} name={chosenField.name} />}
        {choice === 'box' && <SignatureBoxPicker api={props.api} documentId={item.id} pageCount={item.pageCount} onChange={setBox} />}
      </fieldset>
      {item.plan && (
        <p className="small" data-testid="sender-plan">
          {format(t.senderPlan, { places: item.plan.places.length === 1 ? t.onePlace : format(t.manyPlaces, { n: item.plan.places.length }), signers: item.plan.signers.map((x) => x.name ?? (x.role === 'staff' ? (x.mark === 'seal' ? t.planYouSeal : t.planYou) : t.planCustomer)).join(t.planThen) })}
        </p>
      )}
      {!fixedPlan && <ExtraSignersFieldset places={places} value={extra} onChange={setExtra} />}
      <label className="inline">
        <input type="checkbox" checked={requireReadToEnd} onChange={(e) => setRequireReadToEnd(e.target.checked)} /> {t.mustReachLastPage}
      </label>
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>{t.close}</button>
        <button type="submit" className="primary">{t.prepare}</button>
      </div>
    </form>
  );
}
