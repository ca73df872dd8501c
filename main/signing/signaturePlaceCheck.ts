import {
  ContractError,
  holdsSignature,
  minSignatureBox,
  type DocumentSignaturePlaces,
  type PdfRectPoints,
  type SignaturePlace,
  type SignaturePlacementChoice,
} from '../../preload/common/contract';
import { stationText, type StationText } from '../../preload/common/stationText';

/** The English sentence of a document's problem, for logs and the API (the window words the code). */
export const placesProblemSentence: Record<NonNullable<DocumentSignaturePlaces['problem']>, string> = {
  'document-certified': 'The document carries a certification that forbids any change, so it cannot be signed here; ask the sender for an uncertified copy.',
};

/** A box drawn on screen may overshoot the page edge by rounding; this much is pulled back in, more is refused. */
const EDGE_TOLERANCE = 2;

const refuse = (message: string, text: StationText) => new ContractError('placement-refused', message, text);

/**
 * Checks the teller's choice of signature place against the document, before the customer signs:
 * the signature must land where the teller said, and a choice that cannot work (a field already
 * signed, a box off the page) is refused now, in one sentence, rather than after the customer has
 * signed. No choice: the station's default place (undefined when it could not be worked out; the
 * sealer then decides as before).
 */
export function checkSignaturePlacement(places: DocumentSignaturePlaces, choice: SignaturePlacementChoice | undefined): SignaturePlace | undefined {
  if (places.problem) throw refuse(placesProblemSentence[places.problem], stationText(places.problem));
  if (!choice) return places.default;
  if ('field' in choice) {
    const field = places.fields.find((f) => f.name === choice.field);
    if (!field) {
      const empty = places.fields.filter((f) => f.usable).map((f) => `'${f.name}'`);
      throw refuse(`The document has no signature field named '${choice.field}'${empty.length ? ` (empty fields: ${empty.join(', ')})` : ''}.`, stationText('no-such-field', { field: choice.field }));
    }
    if (field.filled) throw refuse(`The signature field '${field.name}' is already signed; choose an empty field or draw a box.`, stationText('field-signed', { field: field.name }));
    if (!field.usable || field.page < 1) throw refuse(`The signature field '${field.name}' cannot show a signature (it is invisible, too small or on no page); choose another field or draw a box.`, stationText('field-cannot-show', { field: field.name }));
    return { kind: 'field', field: field.name, page: field.page, rect: field.rect, chosenBy: 'teller' };
  }
  const pageCount = places.pages.length;
  if (choice.page > pageCount) throw refuse(`Page ${choice.page} does not exist; the document has ${pageCount} page${pageCount === 1 ? '' : 's'}.`, stationText('no-such-page', { page: choice.page, pages: pageCount }));
  const [bx1, by1, bx2, by2] = places.pages[choice.page - 1].box;
  const [a, b, c, d] = choice.rect;
  const rect: PdfRectPoints = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  const off = rect[0] < bx1 - EDGE_TOLERANCE || rect[1] < by1 - EDGE_TOLERANCE || rect[2] > bx2 + EDGE_TOLERANCE || rect[3] > by2 + EDGE_TOLERANCE;
  if (off) throw refuse(`The signature box lies outside page ${choice.page}; draw it on the page.`, stationText('box-off-page', { page: choice.page }));
  const inside: PdfRectPoints = [Math.max(rect[0], bx1), Math.max(rect[1], by1), Math.min(rect[2], bx2), Math.min(rect[3], by2)];
  if (!holdsSignature(inside)) {
    throw refuse(`The signature box is too small to hold a signature (at least ${minSignatureBox.width} × ${minSignatureBox.height} points); draw a larger one.`, stationText('box-too-small', { width: minSignatureBox.width, height: minSignatureBox.height }));
  }
  return { kind: 'box', page: choice.page, rect: inside, chosenBy: 'teller' };
}
