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
// It also fetches translations and Electron's release list over HTTP with `got`, which the build
// machines cannot reach; on Node 24 got's retry after the timeout throws from a timer and kills
// the scan after it has written its report. Answer those requests at once with "offline": the
// tool already handles that (default catalogue, no release-based check), and the scan stays the same.
const offline = () => Promise.reject(new Error('electronegativity runs offline here'));
const tool = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [tool] });
const gotStub = new Module(gotPath);
gotStub.exports = Object.assign(offline, { head: offline, get: offline });
gotStub.loaded = true;
require.cache[gotPath] = gotStub;
require('@doyensec/electronegativity/dist/index.js');
