import { z } from 'zod';

/** What the station tells both windows about itself: pen, sync, storage. */

/** The pen service's state, which the teller's window words (penStates in tellerMessages). */
export const penStatusCodes = ['searching', 'ready', 'simulated', 'unplugged', 'unplugged-during-capture', 'different-pen', 'access-denied', 'open-failed', 'no-pen', 'paused', 'resumed', 'capture-full', 'stopped'] as const;

const penStatusSchema = z.object({
  connected: z.boolean(),
  source: z.enum(['usb-hid', 'webhid', 'wacom-stu', 'pointer-events', 'simulated']),
  device: z.string(),
  profile: z.string(),
  /** What is wrong, as a code the teller's window words ("unplugged": plug it back in to continue). */
  code: z.enum(penStatusCodes).optional(),
  /** The same in English, for the logs and the doctor; no window shows it. */
  message: z.string().optional(),
});

const syncStatusSchema = z.object({
  enabled: z.boolean(),
  online: z.boolean(),
  waiting: z.number().int().nonnegative(),
  uploading: z.number().int().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  bytesDone: z.number().nonnegative(),
  lastError: z.string().optional(),
  lastSyncAt: z.string().optional(),
});

const storageStatusSchema = z.object({
  /** The storage folder (vault, logs, keys). */
  dir: z.string(),
  freeBytes: z.number().nonnegative(),
  /** Warn below this (storage.freeSpaceMarginMB: about a day of signings). */
  marginBytes: z.number().nonnegative(),
  /** What one more signed document needs; below it no new signing starts. */
  oneDocumentBytes: z.number().nonnegative(),
  level: z.enum(['ok', 'low', 'full']),
  /** Audit entries held in memory because the disk was full (written first when space returns). */
  heldAuditEntries: z.number().int().nonnegative(),
  /** English words when level is not ok, for the doctor and the logs; the teller's window words the level itself. */
  message: z.string().optional(),
});

export const stationStatusSchema = z.object({
  stationId: z.string(),
  branch: z.string(),
  tenant: z.string(),
  pen: penStatusSchema,
  sync: syncStatusSchema,
  /** Free space of the storage folder (absent on stations composed without a vault). */
  storage: storageStatusSchema.optional(),
  /** Demo credentials (self-signed seal, demo escrow key) are in use: never for production. */
  demoCredentials: z.boolean(),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;
