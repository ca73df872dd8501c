import { z } from 'zod';
import { stationTextSchema, type StationText } from './stationText';

/**
 * A refusal that crosses the contract: a stable code, what the window words for the teller (a
 * station text: a key and its parameters), and an English sentence for logs, the CLI and the API.
 */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string(), text: stationTextSchema.optional() });

export class ContractError extends Error {
  constructor(readonly code: string, message: string, readonly text?: StationText) {
    super(message);
    this.name = 'ContractError';
  }
}
