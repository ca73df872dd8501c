import { z } from 'zod';
import { windowRoles } from './contractBasics';
import { callResultSchema } from './callResult';

/**
 * Browser mode's wire format: the JSON messages of one WebSocket between a window and the station,
 * declared once for both ends (main/web/webSocketBinding.ts and renderer/bridge/webSocketStationApi.ts).
 * The payloads inside are the contract's and are validated against it (parseRequest, parseResponse,
 * parseEvent); these schemas only check the envelope.
 *
 *   page → station  {type:'hello', token} · {type:'call', id, name, payload}
 *   station → page  {type:'welcome', role} · {type:'result', id, ok, payload|error} · {type:'event', name, payload}
 */

const helloSchema = z.object({ type: z.literal('hello'), token: z.string().max(256) });
const callSchema = z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(128), payload: z.unknown() });
const pageMessageSchema = z.discriminatedUnion('type', [helloSchema, callSchema]);
export type PageMessage = z.infer<typeof pageMessageSchema>;

const welcomeSchema = z.object({ type: z.literal('welcome'), role: z.enum(windowRoles) });
const resultSchema = z.intersection(z.object({ type: z.literal('result'), id: z.number().int().nonnegative() }), callResultSchema);
const eventSchema = z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() });
const stationMessageSchema = z.union([welcomeSchema, resultSchema, eventSchema]);
export type StationMessage = z.infer<typeof stationMessageSchema>;

/** Why the station closed a socket (WebSocket close codes); the page does not retry 'badToken' or 'foreignOrigin'. */
export const wireCloseCodes = { badToken: 4001, malformed: 4002, foreignOrigin: 4003 } as const;

/** A message from a page, or undefined when it is not JSON or not one of the page's messages. */
export function parsePageMessage(text: string): PageMessage | undefined {
  return parseJson(text, pageMessageSchema);
}

/** A message from the station, or undefined when it is not JSON or not one of the station's messages. */
export function parseStationMessage(text: string): StationMessage | undefined {
  return parseJson(text, stationMessageSchema);
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Serialises a message for the wire; typed, so neither end can send what the other does not read. */
export const wireText = (message: PageMessage | StationMessage): string => JSON.stringify(message);
