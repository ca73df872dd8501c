import {
  ContractError,
  isRequestName,
  parseRequest,
  parseResponse,
  type RequestName,
  type ResponseOf,
  type WindowRole,
} from '../../preload/common/contract';
import type { z } from 'zod';
import type { CallResult } from '../../preload/common/callResult';
import type { requests } from '../../preload/common/contract';

export type RequestHandlers = {
  [N in RequestName]: (payload: z.infer<(typeof requests)[N]['request']>, role: WindowRole) => Promise<ResponseOf<N>> | ResponseOf<N>;
};

/**
 * The single entry point both bindings call with (role, name, payload). The role comes from the
 * binding (which window, which token), never from the message. Requests and responses are validated
 * against the contract; any failure becomes a {code, message} the window can show.
 */
export function createContractHost(handlers: RequestHandlers, onUnexpected: (name: string, err: unknown) => void) {
  return async function dispatch(role: WindowRole, name: unknown, payload: unknown): Promise<CallResult> {
    try {
      if (!isRequestName(name)) throw new ContractError('unknown-request', `unknown request '${String(name).slice(0, 64)}'`);
      const parsed = parseRequest(name, role, payload);
      const handler = handlers[name] as (p: unknown, r: WindowRole) => Promise<unknown> | unknown;
      const result = await handler(parsed, role);
      return { ok: true, payload: parseResponse(name, result) };
    } catch (err) {
      if (err instanceof ContractError) return { ok: false, error: { code: err.code, message: err.message, ...(err.text ? { text: err.text } : {}) } };
      onUnexpected(String(name), err);
      return { ok: false, error: { code: 'internal', message: 'The station could not complete this action. It has been logged.' } };
    }
  };
}

export type Dispatch = ReturnType<typeof createContractHost>;
