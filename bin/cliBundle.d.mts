// Types for cliBundle.mjs (plain JavaScript: it runs before any TypeScript loader).
export const projectRoot: string;
export const cliBundleDir: string;
export const cliBundleEntry: string;
export function cliBundleStaleReason(dir?: string): string | null;
export function loadCli(env?: NodeJS.ProcessEnv): Promise<{ runCli(argv: string[]): Promise<number> }>;
