import type { AuditTrail } from './auditTrail';

/**
 * "Configuration changed" as an audit entry: which settings changed (names in the encrypted
 * details, with old and new values — except secrets, whose values are never recorded, only that
 * they changed). For whoever edits the configuration (settings screen, `station config`).
 */
const secretSetting = /password|secret|token|privatekey|p12/i;

export function configChanges(before: Record<string, Record<string, unknown>>, after: Record<string, Record<string, unknown>>): { setting: string; from?: unknown; to?: unknown; secret: boolean }[] {
  const out: { setting: string; from?: unknown; to?: unknown; secret: boolean }[] = [];
  for (const section of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[section] ?? {};
    const b = after[section] ?? {};
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
      const secret = secretSetting.test(key);
      out.push(secret ? { setting: `${section}.${key}`, secret } : { setting: `${section}.${key}`, from: a[key], to: b[key], secret });
    }
  }
  return out;
}

export function auditConfigChange(audit: AuditTrail, input: { actor: string; from: string; before: object; after: object }): number {
  const changes = configChanges(input.before as Record<string, Record<string, unknown>>, input.after as Record<string, Record<string, unknown>>);
  if (changes.length) audit.append({ actor: input.actor, action: 'config.changed', from: input.from, details: { changes } });
  return changes.length;
}
