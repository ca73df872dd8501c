// Types for projectNode.mjs (plain JavaScript so that it runs, and explains, on any old Node).
export interface NodeRange { range: string; major: number; minimum: number[] }
export function parseNodeRange(range: string): NodeRange;
export const projectNode: NodeRange;
export const projectNodeBinary: string;
export const projectNodeDir: string;
export function unsupportedNodeReason(version: string, execPath?: string): string | null;
export function requireProjectNode(): void;
