// The globals that Node, the sandboxed preload and the browser window all provide, and that
// native/ and preload/common/ may therefore use (tsconfig.portable.json has neither Node's types nor
// the DOM's). Add a global here only if every one of those runtimes has it.
declare var performance: { now(): number };
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
