#!/usr/bin/env node
// Runs @doyensec/electronegativity, which requires `commander` without declaring it and breaks on
// the commander 11 that npm hoists (options are no longer properties). Resolve it to commander 5,
// the version it was written for (shipped under @electron/asar), and force the en-US catalogue
// (it otherwise tries to download translations named after $LANG and loses every option).
const Module = require('node:module');
const { dirname } = require('node:path');
const commander5 = require.resolve('commander', { paths: [dirname(require.resolve('@electron/asar/package.json'))] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'commander' ? commander5 : resolve.call(this, request, ...rest);
};
process.env.LANG = 'en-US';
require('@doyensec/electronegativity/dist/index.js');
