import type { SignaturePlacementChoice } from '../../preload/common/contract';
import type { PlanPlace, SittingPlanInput } from '../../preload/common/signingPlan';
import type { ExtraSigners } from './ExtraSigners';

/** The start form's choices as a sitting plan: the customer, a second customer, the teller's countersignature — in that order. */
export function buildSittingPlan(requestId: string, customerName: string, placement: SignaturePlacementChoice | undefined, extra: ExtraSigners): SittingPlanInput {
  const at = (field: string): Pick<PlanPlace, 'target'> => (field ? { target: { field } } : {});
  const signers: SittingPlanInput['signers'] = [{ key: 'customer', role: 'customer', name: customerName, order: 1 }];
  const places: SittingPlanInput['documents'][number]['places'] = [{ signer: 'customer', ...(placement ? { target: placement } : {}) }];
  if (extra.second) {
    signers.push({ key: 'customer-2', role: 'customer', name: extra.second.name, order: 2 });
    places.push({ signer: 'customer-2', ...at(extra.second.field) });
  }
  if (extra.countersign) {
    signers.push({ key: 'staff', role: 'staff', order: 3 });
    places.push({ signer: 'staff', ...at(extra.countersign.field) });
  }
  return { signers, documents: [{ requestId, places }] };
}
