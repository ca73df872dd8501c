import { z } from 'zod';
import { languageSchema } from './contractBasics';

/** The teller's desk: who is signed in, or that the window is locked. */
const deskRoleSchema = z.enum(['teller', 'supervisor', 'administrator']);
export const deskAccessSchema = z.object({
  signedIn: z.boolean(),
  user: z.object({ username: z.string(), role: deskRoleSchema, language: languageSchema.optional() }).optional(),
  /** Locked, not signed out: whose work is open behind the lock screen. */
  lockedUser: z.string().optional(),
  /** Seconds of inactivity after which the window locks; 0: only on demand. */
  lockAfterSeconds: z.number().nonnegative(),
  /** A line for the sign-in screen: the demo account on demo stations, or that no accounts exist yet. */
  hint: z.string().optional(),
});
export type DeskAccess = z.infer<typeof deskAccessSchema>;
