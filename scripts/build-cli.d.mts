// Types for build-cli.mjs.
export function buildCli(options?: { outDir?: string }): Promise<{ outDir: string; inputs: number }>;
export function nodeBundleOptions(options: { entryPoints: Record<string, string>; outDir: string; writeDir?: string }): import('esbuild').BuildOptions;
export function parserWorkerBundleOptions(options: { outDir: string; writeDir?: string }): import('esbuild').BuildOptions;
export function buildNodeBundle(options: { entryPoints: Record<string, string>; outDir: string; writeDir?: string }): Promise<{ inputs: string[] }>;
