import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellerMessages } from '../../renderer/i18n/tellerMessages';
import { expectAccessible, openSignedInDesk, poll, sessionState, shot, type SignedInDesk } from './deskDriver';

const en = tellerMessages.en;
const de = tellerMessages.de;

/** Every English message of the teller's window that German words differently, as fixed text between its placeholders. */
function englishOnlyChunks(): string[] {
  const chunks = new Set<string>();
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string') {
      if (a === b) return;
      for (const part of a.split(/\{[a-z]+\}/i)) if (part.trim().length >= 3 && !String(b).includes(part.trim())) chunks.add(part.trim());
      return;
    }
    if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) walk(v, (b as Record<string, unknown>)[k]);
  };
  const { languageName: _own, ...rest } = en;
  walk(rest, de);
  return [...chunks];
}

/** The teller's own words on screen now: text and accessible names outside the mirror (which is the customer's screen, in the customer's language). */
const tellerWords = (page: Page) => page.evaluate(() => {
  const words: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement!;
    if (el.closest('.mirror') || !n.textContent?.trim()) continue;
    if (el.tagName !== 'OPTION' && !el.checkVisibility()) continue;
    words.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    if (el.closest('.mirror')) continue;
    for (const a of ['aria-label', 'title']) if (el.getAttribute(a)) words.push(el.getAttribute(a)!);
  }
  return words;
});

async function englishOn(page: Page): Promise<string[]> {
  const words = await tellerWords(page);
  // Whole words only: a document's own names ("CustomerSignature") are not the window's words.
  const asWords = (chunk: string) => new RegExp(`(^|[^\\p{L}])${chunk.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
  const english = englishOnlyChunks().flatMap((chunk) => words.filter((w) => asWords(chunk).test(w)).map((w) => `${chunk} ⟵ “${w}”`));
  return english;
}

/**
 * English sentences the window does not own — a service's words (a refusal, the sign-in hint, the
 * pen's state, a plan's place) — found by English words no German text has. A document's own
 * title and names are data and may be English: the demo's titles have none of these words.
 */
const englishWord = /(^|[^\p{L}])(the|is|are|and|of|with|your|could|cannot|there|this|that|pen|page|field|signature)($|[^\p{L}])/iu;
const englishSentences = async (page: Page) => (await tellerWords(page)).filter((w) => englishWord.test(w));

async function expectNoEnglish(page: Page, screen: string) {
  expect(await englishOn(page), `English teller words left on ${screen}`).toEqual([]);
  expect(await englishSentences(page), `English sentences from the services on ${screen}`).toEqual([]);
  // Long German words stay inside the window: nothing wider than the viewport.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function signInDe(teller: Page, pin: string) {
  await teller.getByLabel(de.userName).fill('demo');
  await teller.getByLabel(de.secret).fill(pin);
  await teller.getByRole('button', { name: de.signIn, exact: true }).click();
}

/**
 * The teller's window speaks the teller's language: chosen in the header, kept with the teller's
 * account (it survives signing out and a browser that forgot it), every screen in it; the sign-in
 * lock-out counts down.
 */
describe('browser mode: the teller window in the teller\'s language', () => {
  let desk: SignedInDesk;

  beforeAll(async () => {
    desk = await openSignedInDesk();
  });

  afterAll(async () => {
    expect(await desk?.close()).toBe(0);
  });

  it('German changes every teller string on the desk, the start form, the session panel, the plan and the discard form', async () => {
    const { teller } = desk.w;
    // The check sees English where there is English (it would fail on an untranslated screen).
    expect((await englishOn(teller)).length).toBeGreaterThan(5);
    expect((await englishSentences(teller)).length, 'the English desk has English sentences').toBeGreaterThan(0);
    await teller.getByLabel(en.deskLanguage).selectOption('de');
    await poll(() => teller.getByRole('heading', { name: de.queue }).count()).toBe(1);
    expect(await teller.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectNoEnglish(teller, 'the empty desk');

    await teller.getByRole('button', { name: de.addDemo }).click();
    await teller.getByRole('button', { name: de.prepare }).waitFor();
    // The taller German header still leaves the form's button in the first screen.
    const button = await teller.getByRole('button', { name: de.prepare }).evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom, viewport: window.innerHeight, scrollY: window.scrollY }));
    expect(button.scrollY).toBe(0);
    expect(button.bottom).toBeLessThanOrEqual(button.viewport);
    await expectNoEnglish(teller, 'the start form');
    await expectAccessible(teller, 'teller start form (de)');
    await shot(teller, 'teller-de-start-form');

    await teller.getByLabel(de.signerFullName).fill('Astrid Lindqvist');
    await teller.getByLabel(de.lastDigits).fill('4821');
    await teller.getByRole('button', { name: de.prepare }).click();
    await poll(() => sessionState(teller)).toBe('prepared');
    await teller.getByRole('button', { name: de.discard }).click();
    await expectNoEnglish(teller, 'the prepared signing with the discard form');
    await expectAccessible(teller, 'teller discard form (de)');
    await shot(teller, 'teller-de-discard');
    await teller.getByLabel(de.reason, { exact: true }).selectOption(de.discardReasonsNotShown[2]);
    await teller.getByRole('button', { name: de.discardNow, exact: true }).click();
    await poll(() => sessionState(teller)).toBe('idle');
    await expectNoEnglish(teller, 'the desk after a discard');

    // A package: the plan list and its controls.
    await teller.getByRole('button', { name: de.addDemoPackage }).click();
    await teller.getByLabel(de.signerFullName).fill('Astrid Lindqvist');
    await teller.getByLabel(de.lastDigits).fill('4821');
    await teller.getByRole('button', { name: de.prepare }).click();
    await poll(() => sessionState(teller)).toBe('prepared');
    await teller.getByTestId('plan-progress').waitFor();
    await expectNoEnglish(teller, 'the plan of a package');
    await shot(teller, 'teller-de-plan');
    await teller.getByRole('button', { name: de.backToQueue }).click();
    await poll(() => sessionState(teller)).toBe('idle');
    expect(desk.w.errors).toEqual([]);
  }, 180_000);

  it('the choice is kept with the account: after signing out, and in a browser that forgot it', async () => {
    const { teller } = desk.w;
    await teller.getByRole('button', { name: de.signOut }).click();
    await poll(() => teller.getByRole('heading', { name: de.signInTitle }).count()).toBe(1);
    await expectNoEnglish(teller, 'the sign-in screen');
    await shot(teller, 'teller-de-sign-in');
    // The browser forgets its last language: the sign-in screen is English, the account still German.
    await teller.evaluate(() => localStorage.clear());
    await teller.reload();
    await poll(() => teller.getByRole('heading', { name: en.signInTitle }).count()).toBe(1);
    // The sign-in screen has the desk's picker: Lithuanian for the screen, its hint and its refusal.
    const lt = tellerMessages.lt;
    await teller.getByLabel(en.deskLanguage).selectOption('lt');
    await poll(() => teller.getByRole('heading', { name: lt.signInTitle }).count()).toBe(1);
    expect(await teller.locator('.sign-in-hint').textContent()).toBe(lt.hintDemo.replace('{username}', 'demo').replace('{pin}', '1234'));
    await teller.getByLabel(lt.userName).fill('demo');
    await teller.getByLabel(lt.secret).fill('9999');
    await teller.getByRole('button', { name: lt.signIn, exact: true }).click();
    await poll(() => teller.getByRole('alert').textContent()).toBe(lt.station['sign-in-wrong']);
    await shot(teller, 'teller-lt-sign-in');
    // After sign-in the account's language (German) takes over, as on the desk.
    await teller.getByLabel(lt.secret).fill('1234');
    await teller.getByRole('button', { name: lt.signIn, exact: true }).click();
    await poll(() => teller.getByRole('heading', { name: de.queue }).count()).toBe(1);
    expect(await teller.getByLabel(de.deskLanguage).inputValue()).toBe('de');
    await expectNoEnglish(teller, 'the desk after signing in again');
    expect(desk.w.errors).toEqual([]);
  }, 180_000);

  it('the sign-in lock-out counts down', async () => {
    const { teller } = desk.w;
    await teller.getByRole('button', { name: de.signOut }).click();
    await poll(() => teller.getByRole('heading', { name: de.signInTitle }).count()).toBe(1);
    const wait = teller.getByTestId('sign-in-wait');
    for (let i = 0; i < 5 && (await wait.count()) === 0; i++) {
      await signInDe(teller, '0000');
      await poll(() => teller.getByRole('alert').count()).toBe(1);
    }
    await wait.waitFor();
    const first = Number(await wait.getAttribute('data-seconds'));
    expect(first).toBeGreaterThan(2);
    expect(await wait.textContent()).toBe(de.tryAgainIn.replace('{n}', String(first)));
    await shot(teller, 'teller-de-sign-in-wait');
    // It ticks on its own: the text changes without any new attempt.
    await poll(() => wait.getAttribute('data-seconds')).not.toBe(String(first));
    const later = Number(await wait.getAttribute('data-seconds'));
    expect(later).toBeLessThan(first);
    expect(await wait.textContent()).toBe(de.tryAgainIn.replace('{n}', String(later)));
    expect(desk.w.errors).toEqual([]);
  }, 120_000);
});
