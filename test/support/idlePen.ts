import type { PenInput } from '../../main/signing/signingPorts';

/**
 * For unit tests of the signing session only: a pen that is connected and never writes (there is
 * no physical pen here). Samples reach the session through `clientSamples`, as from a customer page;
 * the real pen path is tested with the pen service and the simulated pen (main/pen).
 */
export const idlePen: PenInput = {
  status: () => ({ connected: true, source: 'simulated', device: 'test pen', profile: 'test' }),
  onSamples: () => () => undefined,
  beginCapture: async () => undefined,
  endCapture: async () => undefined,
  clearCapture: () => undefined,
  onStatus: () => () => undefined,
  simulateSignature: async () => undefined,
  close: async () => undefined,
};
