import { z } from 'zod';

/** A refusal that crosses the contract: a stable code and a message fit for the teller. */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string() });

export class ContractError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ContractError';
  }
}
