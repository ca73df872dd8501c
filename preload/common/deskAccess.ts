import { z } from 'zod';
import { languageSchema } from './contractBasics';

/** The teller's desk: who is signed in, or that the window is locked. */
const deskRoleSchema = z.enum(['teller', 'supervisor', 'administrator']);
export const deskHintSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo'), username: z.string(), pin: z.string() }),
  z.object({ kind: z.literal('no-accounts') }),
]);
export type DeskHint = z.infer<typeof deskHintSchema>;
export const deskAccessSchema = z.object({
  signedIn: z.boolean(),
  user: z.object({ username: z.string(), role: deskRoleSchema, language: languageSchema.optional() }).optional(),
  /** Locked, not signed out: whose work is open behind the lock screen. */
  lockedUser: z.string().optional(),
  /** Seconds of inactivity after which the window locks; 0: only on demand. */
  lockAfterSeconds: z.number().nonnegative(),
  /** A line for the sign-in screen, worded there: the demo account on demo stations, or that no accounts exist yet. */
  hint: deskHintSchema.optional(),
});
export type DeskAccess = z.infer<typeof deskAccessSchema>;
