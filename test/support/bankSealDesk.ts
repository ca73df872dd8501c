import { readFileSync } from 'node:fs';
import { EventHub } from '../../main/contract/eventHub';
import { silentLogger } from '../../main/logging/logger';
import { createSignaturePlacesFinder } from '../../main/station/signaturePlacesFinder';
import { MemoryInbox } from '../../main/signing/memoryInbox';
import { SigningSession } from '../../main/signing/signingSession';
import type { PenInput, SignedDocumentToStore } from '../../main/signing/signingPorts';
import { idlePen } from './idlePen';
import { realSealer } from './realSealing';

/**
 * For tests of the bank's seal: a real session over a memory inbox with the real sealer, branded
 * "Test Bank", the teller signed in as teller.anna; counts how often the pen was asked to capture.
 */
export function bankSealDesk() {
  const inbox = new MemoryInbox();
  const stored: SignedDocumentToStore[] = [];
  const { sealer, escrowPrivateKeyPath } = realSealer();
  const pen = { ...idlePen, captures: 0 };
  const counting: PenInput = { ...idlePen, beginCapture: async () => void pen.captures++ };
  const session = new SigningSession({
    inbox, pen: counting, sealer, events: new EventHub(), log: silentLogger, place: 'Vilnius',
    places: createSignaturePlacesFinder({}), store: { store: async (d) => void stored.push(d) },
    branding: { name: 'Test Bank' }, staffName: () => 'teller.anna',
  });
  return { inbox, session, stored, pen, escrowKey: () => readFileSync(escrowPrivateKeyPath, 'utf8') };
}
