import { z } from 'zod';
import { windowRoles } from './contractBasics';
import { callResultSchema } from './callResult';

/**
 * Browser mode's wire format: the messages of one WebSocket between a window and the station,
 * declared once for both ends (main/web/webSocketBinding.ts and renderer/bridge/webSocketStationApi.ts).
 * The payloads inside are the contract's and are validated against it (parseRequest, parseResponse,
 * parseEvent); these schemas only check the envelope.
 *
 *   page → station  {type:'hello', token} · {type:'call', id, name, payload}        (text frames only)
 *   station → page  {type:'welcome', role} · {type:'result', id, ok, payload|error} · {type:'event', name, payload}
 *
 * A result whose payload holds bytes (a document's PDF) travels as one binary frame instead of
 * text, so the bytes are neither base64-encoded nor parsed as JSON:
 *   [header length: uint32, big-endian][header: the result as JSON (UTF-8), each bytes field
 *   written as {"$bytes": length}][each bytes field, in the header's order — nothing else]
 * The page reads such a frame back into the same result, the fields as Uint8Array again.
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

/** A binary frame's header: a successful result whose payload's bytes fields are placeholders. */
const binaryHeaderSchema = z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), ok: z.literal(true), payload: z.record(z.string(), z.unknown()) });
const bytesPlaceholderSchema = z.object({ $bytes: z.number().int().nonnegative() }).strict();

/** Why the station closed a socket (WebSocket close codes); the page does not retry 'badToken' or 'foreignOrigin'. */
export const wireCloseCodes = { badToken: 4001, malformed: 4002, foreignOrigin: 4003 } as const;

/** A message from a page, or undefined when it is not JSON or not one of the page's messages. */
export function parsePageMessage(text: string): PageMessage | undefined {
  return parseJson(text, pageMessageSchema);
}

/** A message from the station (a text frame, or a binary frame's bytes), or undefined when it is not one of the station's messages. */
export function parseStationMessage(frame: string | ArrayBuffer | Uint8Array): StationMessage | undefined {
  if (typeof frame === 'string') return parseJson(frame, stationMessageSchema);
  return parseBinaryResult(frame instanceof Uint8Array ? frame : new Uint8Array(frame));
}

/** Serialises a page's message for the wire; typed, so a page cannot send what the station does not read. */
export const wireText = (message: PageMessage): string => JSON.stringify(message);

/** Serialises a station message: text, or one binary frame when its payload carries bytes. */
export function wireFrame(message: StationMessage): string | Uint8Array {
  if (message.type !== 'result' || !message.ok || !isRecord(message.payload)) return JSON.stringify(message);
  const parts: Uint8Array[] = [];
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.payload)) {
    if (value instanceof Uint8Array) parts.push(value);
    payload[key] = value instanceof Uint8Array ? { $bytes: value.byteLength } : value;
  }
  if (parts.length === 0) return JSON.stringify(message);
  const header = new TextEncoder().encode(JSON.stringify({ ...message, payload }));
  const frame = new Uint8Array(4 + header.byteLength + parts.reduce((n, p) => n + p.byteLength, 0));
  new DataView(frame.buffer).setUint32(0, header.byteLength);
  frame.set(header, 4);
  let offset = 4 + header.byteLength;
  for (const part of parts) {
    frame.set(part, offset);
    offset += part.byteLength;
  }
  return frame;
}

function parseBinaryResult(frame: Uint8Array): StationMessage | undefined {
  if (frame.byteLength < 4) return undefined;
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  if (headerLength > frame.byteLength - 4) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headerLength));
  } catch {
    return undefined;
  }
  const header = parseJson(text, binaryHeaderSchema);
  if (!header) return undefined;
  let offset = 4 + headerLength;
  let fields = 0;
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(header.payload)) {
    const placeholder = bytesPlaceholderSchema.safeParse(value);
    if (!placeholder.success) {
      payload[key] = value;
      continue;
    }
    const end = offset + placeholder.data.$bytes;
    if (end > frame.byteLength) return undefined;
    // A copy with its own buffer: pdf.js takes (detaches) the buffer it is given, and the frame's goes with it.
    payload[key] = new Uint8Array(frame.subarray(offset, end));
    offset = end;
    fields++;
  }
  // Exactly the bytes the header names: a frame with none, or with bytes left over, is not the station's.
  return fields > 0 && offset === frame.byteLength ? { ...header, payload } : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

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
