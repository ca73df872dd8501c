import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../preload/common/contract';
import { tellerMessages } from '../../renderer/i18n/tellerMessages';
import { customerState, mirrorState, openSignedInDesk, poll, scribble, sessionState, shot, toSigning, type SignedInDesk } from './deskDriver';

/**
 * Text of the teller's window that does not fit where it is: a box whose content is wider than the
 * box itself (cut, or spilling over its neighbour), or anything reaching past the window's right
 * edge. The mirror is the customer's screen, scaled: not the teller's words.
 */
const overflowing = (page: Page) => page.evaluate(() => {
  const found: string[] = [];
  if (document.documentElement.scrollWidth > window.innerWidth) found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
  for (const el of document.querySelectorAll<HTMLElement>('button, label, legend, th, td, li, p, h1, h2, h3, span, a, select')) {
    // Visually hidden text (for screen readers, 1 px wide) is meant not to show.
    if (el.closest('.mirror') || !el.checkVisibility() || !el.textContent?.trim() || el.clientWidth <= 2) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && (clips || el.tagName === 'BUTTON' || el.tagName === 'SELECT')) found.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 60)}”: ${el.scrollWidth}px of text in ${el.clientWidth}px`);
    if (r.right > window.innerWidth + 1) found.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 60)}” reaches ${Math.round(r.right)}px`);
    // Cut by a box that clips or scrolls (a table wider than its card hides its last column).
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const box = a.getBoundingClientRect();
      if (r.right > box.right + 1 || r.left < box.left - 1) found.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 60)}” is cut by its ${a.tagName.toLowerCase()}.${a.className}`);
      break;
    }
    // A select shows its chosen option on one line: its text must fit beside the arrow.
    if (el instanceof HTMLSelectElement && el.selectedOptions[0]) {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = ctx.measureText(el.selectedOptions[0].text).width;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      if (text > room) found.push(`select “${el.selectedOptions[0].text}”: ${Math.round(text)}px of text in ${Math.round(room)}px`);
    }
  }
  return found;
});

async function expectFits(page: Page, screen: string) {
  expect(await overflowing(page), `text that does not fit on ${screen}`).toEqual([]);
}

/**
 * The teller's screens in Swedish and Lithuanian — sign-in, the desk, the start form, the review of
 * the customer's signature — photographed for a person to look at, and checked for text that is
 * cut or does not fit its box.
 */
describe('browser mode: the teller screens in Swedish and Lithuanian fit', () => {
  let desk: SignedInDesk;
  beforeAll(async () => {
    desk = await openSignedInDesk({ STATION_DESK_REVIEW_SIGNATURE: 'true', STATION_DESK_THANK_YOU_SECONDS: '1' });
  });
  afterAll(async () => {
    expect(await desk?.close()).toBe(0);
  });

  for (const language of ['sv', 'lt'] as const satisfies readonly Language[]) {
    it(`${language}: sign-in, desk, start form and review`, async () => {
      const { teller, customer } = desk.w;
      const t = tellerMessages[language];
      const current = await teller.evaluate(() => document.documentElement.lang) as Language;
      await teller.getByLabel(tellerMessages[current].deskLanguage).selectOption(language);
      await poll(() => teller.getByRole('heading', { name: t.queue }).count()).toBe(1);
      await expectFits(teller, `the empty desk (${language})`);
      await shot(teller, `teller-${language}-desk`);

      await teller.getByRole('button', { name: t.addDemo }).click();
      await teller.getByRole('button', { name: t.prepare }).waitFor();
      await teller.getByTestId('field-preview').getByTestId('placement-box').waitFor();
      await expectFits(teller, `the start form (${language})`);
      await shot(teller, `teller-${language}-start-form`);
      await teller.getByLabel(t.signerFullName).fill('Birutė Jonaitienė');
      await teller.getByLabel(t.lastDigits).fill('4821');
      await teller.getByRole('button', { name: t.prepare }).click();
      await poll(() => sessionState(teller)).toBe('prepared');
      await teller.getByRole('button', { name: t.send }).click();
      await toSigning(customer, 2);
      await scribble(customer);
      await poll(() => teller.locator('.mirror .ink-canvas').getAttribute('data-strokes')).toBe('3');
      await customer.getByRole('button', { name: 'Done' }).click();
      await poll(() => mirrorState(teller)).toBe('review');
      await poll(() => teller.locator('.session-state').textContent()).toBe(t.stateReview);
      await expectFits(teller, `the desk while the customer reviews (${language})`);
      await shot(teller, `teller-${language}-review`);
      await customer.getByRole('button', { name: 'Confirm' }).click();
      await poll(() => sessionState(teller), { timeout: 30_000 }).toBe('done');
      await teller.getByRole('button', { name: t.finish }).click();
      await poll(() => customerState(customer)).toBe('idle');

      await teller.getByRole('button', { name: t.signOut }).click();
      await poll(() => teller.getByRole('heading', { name: t.signInTitle }).count()).toBe(1);
      await expectFits(teller, `the sign-in screen (${language})`);
      await shot(teller, `teller-${language}-sign-in`);
      await teller.getByLabel(t.userName).fill('demo');
      await teller.getByLabel(t.secret).fill('1234');
      await teller.getByRole('button', { name: t.signIn, exact: true }).click();
      await poll(() => teller.getByRole('heading', { name: t.queue }).count()).toBe(1);
      expect(desk.w.errors).toEqual([]);
    }, 240_000);
  }
});
