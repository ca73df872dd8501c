#!/usr/bin/env node
// The `station` command runs under plain Node (no Electron): the compiled CLI when it is fresh,
// the TypeScript sources through tsx otherwise (see cliBundle.mjs).
import { requireProjectNode } from './projectNode.mjs';
import { loadCli } from './cliBundle.mjs';
requireProjectNode();
// `station hid decode … | head`: a reader that stops early is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { runCli } = await loadCli();
process.exitCode = await runCli(process.argv.slice(2));
