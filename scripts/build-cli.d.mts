// Types for build-cli.mjs.
export function buildCli(options?: { outDir?: string }): Promise<{ outDir: string; inputs: number }>;
