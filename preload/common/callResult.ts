import { z } from 'zod';
import { parseResponse, type RequestName, type ResponseOf } from './contract';
import { ContractError, contractErrorSchema } from './contractError';

/** The outcome of one request, as both bindings carry it (the IPC invoke result, the socket's result message). */
export const callResultSchema = z.union([
  z.object({ ok: z.literal(true), payload: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);
export type CallResult = z.infer<typeof callResultSchema>;

/**
 * The window side of a request's outcome, the same for both bindings: the response checked against
 * the contract, or the station's refusal thrown as a ContractError (its code and words kept).
 */
export function responseOf<N extends RequestName>(name: N, result: unknown): ResponseOf<N> {
  const parsed = callResultSchema.safeParse(result);
  if (!parsed.success) throw new ContractError('bad-response', `${name}: the station's answer is not a call result`);
  if (!parsed.data.ok) throw new ContractError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.text);
  return parseResponse(name, parsed.data.payload);
}
