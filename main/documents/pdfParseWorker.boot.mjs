// Entry of the hostile-input parsing worker. Worker threads do not inherit the tsx loader that the
// CLI and the tests register, so the worker registers it itself before loading the TypeScript code.
import { register } from 'tsx/esm/api';
register();
await import('./pdfParseWorker.ts');
