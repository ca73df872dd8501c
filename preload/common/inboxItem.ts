import { z } from 'zod';
import { idSchema } from './contractBasics';
import { documentPlanSchema } from './signingPlan';

/** A row of the teller's queue. */
const inboxSourceSchema = z.enum(['file', 'api', 'print', 'hot-folder', 'demo']);
export const inboxItemSchema = z.object({
  id: idSchema,
  source: inboxSourceSchema,
  title: z.string(),
  reference: z.string().optional(),
  /** The client's document type (retention and export rules follow it). */
  documentType: z.string().optional(),
  signerName: z.string().optional(),
  receivedAt: z.string(),
  status: z.enum(['waiting', 'in-session', 'signed', 'cancelled', 'failed']),
  pageCount: z.number().int().positive(),
  /** After signing: the document's place in the sync queue. */
  syncState: z.enum(['queued', 'uploading', 'synced']).optional(),
  /** Documents that are signed together in one sitting share a package id (API packages, the demo package). */
  packageId: z.string().max(64).optional(),
  /** Who signs where, when the sender said so (API, hot folder, print); absent: the teller decides. */
  plan: documentPlanSchema.optional(),
  /** It was on the customer's screen when the station stopped; back in the queue until prepared again. */
  interrupted: z.boolean().optional(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
