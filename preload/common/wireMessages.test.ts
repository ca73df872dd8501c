import { describe, expect, it } from 'vitest';
import { ContractError } from './contractError';
import { responseOf } from './callResult';
import { parsePageMessage, parseStationMessage, wireText } from './wireMessages';

describe('browser mode wire messages', () => {
  it('reads what each end sends, and nothing else', () => {
    expect(parsePageMessage(wireText({ type: 'hello', token: 'abc' }))).toEqual({ type: 'hello', token: 'abc' });
    expect(parsePageMessage(wireText({ type: 'call', id: 3, name: 'auth.current', payload: {} }))).toMatchObject({ type: 'call', id: 3 });
    expect(parsePageMessage('not json')).toBeUndefined();
    expect(parsePageMessage(JSON.stringify({ type: 'call', id: 'x', name: 'auth.current' }))).toBeUndefined();
    expect(parsePageMessage(JSON.stringify({ type: 'hello', token: 7 }))).toBeUndefined();
    // A page cannot speak as the station, nor the station as a page.
    expect(parsePageMessage(wireText({ type: 'welcome', role: 'teller' }))).toBeUndefined();
    expect(parseStationMessage(wireText({ type: 'hello', token: 'abc' }))).toBeUndefined();

    expect(parseStationMessage(wireText({ type: 'welcome', role: 'customer' }))).toEqual({ type: 'welcome', role: 'customer' });
    expect(parseStationMessage(wireText({ type: 'result', id: 1, ok: false, error: { code: 'locked', message: 'Locked' } }))).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(parseStationMessage(JSON.stringify({ type: 'result', id: 1, ok: false }))).toBeUndefined();
    expect(parseStationMessage(wireText({ type: 'welcome', role: 'intruder' as 'teller' }))).toBeUndefined();
  });
});

describe('the window side of a call result', () => {
  it('gives the response as the contract types it', () => {
    expect(responseOf('auth.activity', { ok: true, payload: { ok: true } })).toEqual({ ok: true });
  });

  it("throws the station's refusal as a ContractError with its code", () => {
    const refusal = () => responseOf('auth.activity', { ok: false, error: { code: 'locked', message: 'The desk is locked.' } });
    expect(refusal).toThrow(ContractError);
    expect(refusal).toThrow(expect.objectContaining({ code: 'locked', message: 'The desk is locked.' }));
  });

  it('refuses a response the contract does not allow', () => {
    expect(() => responseOf('auth.activity', { ok: true, payload: { ok: 'yes' } })).toThrow(expect.objectContaining({ code: 'bad-response' }));
    expect(() => responseOf('auth.activity', { nothing: true })).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });
});
