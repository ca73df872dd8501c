// Types for check-layering.mjs.
export const maxLines: number;
export const oversizeExceptions: Set<string>;
export function importedSpecifiers(text: string): string[];
export function fileProblems(file: string, text: string): string[];
export function layeringProblems(root: string): string[];
