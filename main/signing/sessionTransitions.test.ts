import { describe, expect, it } from 'vitest';
import { sessionStateSchema } from '../../preload/common/contract';
import { allowed, transition, transitions } from './sessionTransitions';

describe('the session transition table', () => {
  it('has a row for every state', () => {
    expect(Object.keys(transitions).sort()).toEqual([...sessionStateSchema.options].sort());
  });

  it('the plan decides where reading, a signed place and a skip lead', () => {
    expect(transition('prepared', 'send', 'reading')).toBe('reading');
    expect(transition('reading', 'readDone', 'consent')).toBe('consent');
    expect(transition('reading', 'readDone', 'signing')).toBe('signing');
    expect(transition('sealing', 'sealed', 'consent')).toBe('consent');
    expect(transition('sealing', 'sealed', 'reading')).toBe('reading');
    expect(transition('sealing', 'sealed', 'done')).toBe('done');
    expect(transition('signing', 'skipPlace', 'done')).toBe('done');
    expect(() => transition('sealing', 'sealed')).toThrow(/internal/);
  });

  it('after Done the customer reviews: confirm seals, sign again goes back, the teller may stop or cancel', () => {
    expect(transition('signing', 'done')).toBe('review');
    expect(transition('review', 'confirm')).toBe('sealing');
    expect(transition('review', 'signAgain')).toBe('signing');
    expect(transition('review', 'stopAttempt')).toBe('prepared');
    expect(transition('review', 'takeBack')).toBe('prepared');
    expect(transition('review', 'cancel')).toBe('idle');
    expect(transition('review', 'skipPlace', 'done')).toBe('done');
    // Only a signature on screen can be reviewed, and only a review can be signed again.
    expect(() => transition('reading', 'done')).toThrow(expect.objectContaining({ code: 'bad-state' }));
    expect(() => transition('signing', 'signAgain')).toThrow(expect.objectContaining({ code: 'bad-state' }));
    expect(() => transition('review', 'done')).toThrow(expect.objectContaining({ code: 'bad-state' }));
    expect(allowed('sealing', 'signAgain')).toBe(false);
  });

  it('refuses what is not in the table, with the words and codes the windows know', () => {
    expect(() => transition('sealing', 'cancel')).toThrow('The document is being sealed; it cannot be cancelled now.');
    expect(() => transition('idle', 'cancel')).toThrow(expect.objectContaining({ code: 'no-session' }));
    expect(() => transition('signing', 'start')).toThrow(expect.objectContaining({ code: 'session-open' }));
    expect(() => transition('reading', 'finish')).toThrow('There is no signed document to finish; the session is reading.');
    expect(() => transition('consent', 'confirm')).toThrow(expect.objectContaining({ code: 'bad-state' }));
    expect(allowed('sealing', 'takeBack')).toBe(false);
    expect(allowed('done', 'start')).toBe(true);
  });
});
