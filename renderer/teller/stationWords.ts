import type { StationText } from '../../preload/common/contract';
import type { TellerMessages } from '../i18n/tellerMessages';
import { format } from '../i18n/customerMessages';

/** A signature's refusal code in the teller's words. */
export const refusalWords = { 'too-short': 'refusalTooShort', 'too-small': 'refusalTooSmall', 'too-simple': 'refusalTooSimple' } as const;

/** What a station text says, in the desk's language; its coded parameters (a refusal, a queue status, a role) worded too. */
export function stationWords(text: StationText, t: TellerMessages): string {
  const params: Record<string, string | number> = { ...text.params };
  const refusal = params.refusal as keyof typeof refusalWords | undefined;
  if (refusal && refusal in refusalWords) params.refusal = t[refusalWords[refusal]];
  const status = params.status as keyof TellerMessages['statuses'] | undefined;
  if (status && status in t.statuses) params.status = t.statuses[status];
  const role = params.role as keyof TellerMessages['roles'] | undefined;
  if (role && role in t.roles) params.role = t.roles[role];
  const sentence = format(t.station[text.key], params);
  // A package's document is named first (its title is data, as its sender gave it).
  return params.document !== undefined ? `${params.document}: ${sentence}` : sentence;
}

/**
 * A failed request in the desk's language: the station's text when it sent one, else a sentence for
 * its code. An error the window made itself (no code) already speaks the desk's language.
 */
export function problemWords(err: unknown, t: TellerMessages): string {
  const e = err as { code?: unknown; message?: unknown; text?: StationText };
  if (e?.text) return stationWords(e.text, t);
  if (typeof e?.code !== 'string') return typeof e?.message === 'string' ? e.message : String(err);
  if (e.code === 'internal' || e.code === 'disconnected') return t.errorCodes[e.code];
  return format(t.errorCodes.other, { code: e.code });
}
