#!/usr/bin/env node
// The `station` command runs under plain Node (no Electron). TypeScript sources are loaded through
// tsx's loader so that the CLI, the services and the tests all run the very same source files.
import { register } from 'tsx/esm/api';
import { requireProjectNode } from './projectNode.mjs';
requireProjectNode();
register();
// `station hid decode … | head`: a reader that stops early is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { runCli } = await import('../main/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
