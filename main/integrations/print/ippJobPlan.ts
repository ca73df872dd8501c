import { metadataRequestFields, signingRequestMetadataSchema, type MetadataRequestFields } from '../api/signingRequestInput';
import { GroupTag, type IppAttribute, type IppGroup, type IppMessage } from './ippMessage';

/**
 * A print job's signing plan: the station's own job attributes (IPP lets a printer define vendor
 * attributes, RFC 8011 §5.2 and §6.2), sent in the job-attributes group of Print-Job, Create-Job or
 * Validate-Job, and advertised in job-creation-attributes-supported.
 *
 * - `signing-plan` (text or octetString): the same JSON object a hot-folder sidecar holds
 *   (`signers`, `places`, `externalReference`, `packageReference`, …), validated by the same zod schema.
 *   Its size is bounded by print.maxAttributeBytes, like every attribute of the request.
 * - `signing-signer-name` (name or text): the customer of a one-signer document (the sidecar's `signer.name`).
 * - `signing-reference` (name or text): the PMS's reference for the document (the sidecar's `externalReference`).
 *
 * Anything wrong is refused as a whole before a job or a request exists.
 */
export const jobPlanAttributeNames = ['signing-plan', 'signing-signer-name', 'signing-reference'] as const;

export type JobPlanResult =
  | { ok: true; fields: MetadataRequestFields }
  | { ok: false; attribute: IppAttribute; message: string };

/** A string value of the text/name family (with or without language) or an octetString read as UTF-8. */
function stringValue(attribute: IppAttribute): string | undefined {
  if (attribute.values.length !== 1) return undefined;
  const [v] = attribute.values;
  if (typeof v.value === 'string' && (v.tag === 0x41 || v.tag === 0x42)) return v.value;
  if ((v.tag === 0x35 || v.tag === 0x36) && typeof v.value === 'object' && v.value && 'text' in v.value) return v.value.text;
  if (v.tag === 0x30 && v.value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(v.value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The plan a job's attributes carry (none: `fields` is empty, and the job prints as it always did). */
export function readJobPlan(request: IppMessage): JobPlanResult {
  const jobGroup: IppGroup | undefined = request.groups.find((g) => g.tag === GroupTag.job);
  const given = new Map((jobGroup?.attributes ?? []).filter((a) => (jobPlanAttributeNames as readonly string[]).includes(a.name)).map((a) => [a.name, a]));
  if (given.size === 0) return { ok: true, fields: {} };
  const strings = new Map<string, string>();
  for (const [name, attribute] of given) {
    const value = stringValue(attribute);
    if (value === undefined) return { ok: false, attribute, message: `${name} takes one text value (UTF-8)` };
    strings.set(name, value);
  }
  const planAttribute = given.get('signing-plan');
  let metadata: Record<string, unknown> = {};
  if (planAttribute) {
    try {
      metadata = JSON.parse(strings.get('signing-plan')!);
    } catch (err) {
      return { ok: false, attribute: planAttribute, message: `signing-plan is not valid JSON: ${(err as Error).message}` };
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      return { ok: false, attribute: planAttribute, message: 'signing-plan must be a JSON object' };
    }
  }
  // The short attributes fill in the plan's fields; saying the same thing twice is a mistake to point out.
  const shorthands: [string, string, unknown][] = [
    ['signing-signer-name', 'signer', strings.has('signing-signer-name') ? { name: strings.get('signing-signer-name') } : undefined],
    ['signing-reference', 'externalReference', strings.get('signing-reference')],
  ];
  for (const [name, field, value] of shorthands) {
    if (value === undefined) continue;
    if (metadata[field] !== undefined) return { ok: false, attribute: given.get(name)!, message: `${name} and signing-plan's ${field} are both given` };
    metadata = { ...metadata, [field]: value };
  }
  const parsed = signingRequestMetadataSchema.safeParse(metadata);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    // Point at the attribute that holds the faulty field.
    const path = String(parsed.error.issues[0]?.path[0] ?? '');
    const culprit = (path === 'signer' && given.get('signing-signer-name')) || (path === 'externalReference' && given.get('signing-reference')) || planAttribute || [...given.values()][0];
    return { ok: false, attribute: culprit, message: `the signing plan is not valid: ${issues}` };
  }
  return { ok: true, fields: metadataRequestFields(parsed.data) };
}
