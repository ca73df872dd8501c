import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { WebSocket } from 'ws';
import type { RequestName, RequestOf, ResponseOf } from '../../preload/common/contract';
import { parseStationMessage } from '../../preload/common/wireMessages';
import { launchChromium } from '../support/chromium';
import { startStationProcess, type RunningStation } from '../support/stationProcess';
import { patient } from '../support/patience';
import { sharedDataLocation } from '../../main/config/sharedData';

/**
 * Drives the two windows of a running station the way people do: the teller with the keyboard
 * and mouse, the customer with pointer input (a pen is a pointer). Shared by the e2e tests.
 */

/**
 * expect.poll with a patience fit for a loaded two-core CI machine (vitest's default is 1 s), its
 * cap scaled by how busy this machine is (test/support/patience.ts). It still fails if the
 * condition never holds; it only waits longer for it.
 */
export const poll: typeof expect.poll = (fn, options) => {
  const given = typeof options === 'string' ? { message: options } : options ?? {};
  return expect.poll(fn, { ...given, timeout: patient(given.timeout ?? 15_000) });
};

export const screenshotsDir = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const axePath = resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
export const sharedPdf = (...parts: string[]) => join(sharedDataLocation(), 'pdf-corpus', ...parts);

export interface Windows {
  teller: Page;
  customer: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens the teller's window (1400×1000) and the customer's pen display (1280×800), each in its own
 * context like two machines. `beforeLoad` runs before either page loads (e.g. to install the fake
 * navigator.hid in the customer's page).
 */
export async function openWindows(browser: Browser, station: RunningStation, beforeLoad?: (pages: { teller: Page; customer: Page }) => Promise<void>): Promise<Windows> {
  const contexts: BrowserContext[] = [
    await browser.newContext({ viewport: { width: 1400, height: 1000 } }),
    await browser.newContext({ viewport: { width: 1280, height: 800 } }),
  ];
  // Short action timeouts: a missing button should fail in seconds, not hold the CI machine.
  for (const c of contexts) c.setDefaultTimeout(patient(10_000));
  const [teller, customer] = await Promise.all(contexts.map((c) => c.newPage()));
  const errors: string[] = [];
  for (const p of [teller, customer]) p.on('pageerror', (e) => errors.push(e.message));
  await beforeLoad?.({ teller, customer });
  await teller.goto(station.tellerUrl);
  await customer.goto(station.customerUrl);
  await customer.waitForSelector('[data-state="idle"]', { timeout: patient(30_000) });
  return { teller, customer, errors, close: async () => void (await Promise.all(contexts.map((c) => c.close()))) };
}

export async function signIn(teller: Page, pin = '1234') {
  await teller.getByLabel('User name').fill('demo');
  await teller.getByLabel('PIN or password').fill(pin);
  await teller.getByRole('button', { name: /^(Sign in|Unlock)$/ }).click();
  await teller.getByRole('heading', { name: 'Queue' }).waitFor({ timeout: patient(30_000) });
}

export interface SignedInDesk {
  station: RunningStation;
  browser: Browser;
  w: Windows;
  /** Closes both windows and the browser, stops the station; its exit code (0 when it stopped cleanly). */
  close(): Promise<number | null>;
}

/**
 * One signed-in desk for a describe block: opened before its tests (handed to `use`), closed after
 * them with the station's exit code checked, then `after` (e.g. closing the PDF parser).
 */
export function useSignedInDesk(use: (desk: SignedInDesk) => void, after?: () => Promise<void>): void {
  let desk: SignedInDesk | undefined;
  beforeAll(async () => {
    desk = await openSignedInDesk();
    use(desk);
  });
  afterAll(async () => {
    if (desk) expect(await desk.close()).toBe(0);
    await after?.();
  });
}

/** A station (`station serve`) and Chromium started side by side, both windows open, the teller signed in as demo. */
export async function openSignedInDesk(env: Record<string, string> = { STATION_DESK_THANK_YOU_SECONDS: '2' }): Promise<SignedInDesk> {
  const [station, browser] = await Promise.all([startStationProcess(env), launchChromium()]);
  const w = await openWindows(browser, station);
  await signIn(w.teller);
  return {
    station, browser, w,
    close: async () => {
      await w.close();
      await browser.close();
      return station.stop();
    },
  };
}

/** Fills the start form of the selected queue row and prepares the signing. */
export async function prepare(teller: Page, signer = 'Astrid Lindqvist') {
  await teller.getByLabel("Signer's full name").fill(signer);
  await teller.getByLabel('Last digits of the ID number').fill('4821');
  await teller.getByRole('button', { name: 'Prepare signing' }).click();
  await poll(() => sessionState(teller)).toBe('prepared');
}

export async function addDemoAndPrepare(teller: Page, signer?: string) {
  await teller.getByRole('button', { name: 'Add demo document' }).click();
  await prepare(teller, signer);
}

export const sessionState = (teller: Page) => teller.locator('.session-state').getAttribute('data-state');
export const customerState = (customer: Page) => customer.locator('.customer-screen').getAttribute('data-state');
export const mirrorState = (teller: Page) => teller.locator('.mirror .customer-screen').getAttribute('data-state');

/**
 * The customer reads the document to its end: every page must have been on screen whole, so the
 * pages are scrolled through a screen at a time (not jumped to the last one).
 */
export async function readToEnd(customer: Page, pages: number) {
  await poll(() => customer.locator('.pdf-pages').getAttribute('data-pages'), { timeout: 30_000 }).toBe(String(pages));
  await scrollThroughDocument(customer);
  await poll(() => customer.getByTestId('page-indicator').getAttribute('data-page')).toBe(String(pages));
  const readState = customer.getByTestId('read-state');
  if (await readState.count()) await poll(() => readState.getAttribute('data-done')).toBe('true');
}

/** True when every page part now on screen has been drawn (coverage counts only drawn pages). */
export const pagesOnScreenDrawn = (customer: Page) => customer.locator('.pdf-pages').evaluate((el) => {
  const view = el.getBoundingClientRect();
  return [...el.querySelectorAll<HTMLElement>('.pdf-page')].every((p) => {
    const r = p.getBoundingClientRect();
    return r.bottom <= view.top || r.top >= view.bottom || p.dataset.drawn === 'true';
  });
});

/** Scrolls the reading view from the top to the bottom, 80 % of a screen at a time, each position drawn before the next. */
export async function scrollThroughDocument(customer: Page) {
  const view = customer.locator('.pdf-pages');
  await view.evaluate((el) => el.scrollTo(0, 0));
  for (;;) {
    await view.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await poll(() => pagesOnScreenDrawn(customer), { timeout: 30_000 }).toBe(true);
    const atBottom = await view.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += el.clientHeight * 0.8;
      return false;
    });
    if (atBottom) return;
  }
}

export async function toSigning(customer: Page, pages: number) {
  await readToEnd(customer, pages);
  await customer.getByRole('button', { name: 'Continue' }).click();
  await poll(() => customerState(customer)).toBe('consent');
  await customer.getByRole('button', { name: /I agree/ }).click();
  await poll(() => customerState(customer)).toBe('signing');
}

/** Draws a signature-like scribble with real pointer input (button down, many moves, up). */
export async function scribble(page: Page, strokes = 3) {
  const box = (await page.getByTestId('signature-box').boundingBox())!;
  for (let s = 0; s < strokes; s++) {
    const x0 = box.x + box.width * (0.1 + 0.28 * s);
    const y0 = box.y + box.height * 0.55;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) {
      await page.mouse.move(x0 + (box.width * 0.22 * i) / 30, y0 - Math.sin((i / 30) * Math.PI * 3) * box.height * 0.25, { steps: 2 });
    }
    await page.mouse.up();
  }
}

/**
 * The customer presses "Done" until the station takes it: while the simulated pen is still writing
 * its recorded signature the station refuses "Done" (it would seal part of it), so the wait is for
 * the session to leave 'signing', not for any time.
 */
export async function pressDoneUntilTaken(w: Windows) {
  await poll(async () => {
    if ((await sessionState(w.teller)) === 'signing') await w.customer.getByRole('button', { name: 'Done' }).click();
    return sessionState(w.teller);
  }, { timeout: 30_000 }).not.toBe('signing');
}

/** Nothing of the customer or the document left on either screen. */
export async function expectBothClean(w: Windows) {
  await poll(() => customerState(w.customer)).toBe('idle').catch(async (e) => {
    if (process.env.E2E_DEBUG_DIR) {
      await w.teller.screenshot({ path: join(process.env.E2E_DEBUG_DIR, 'teller-fail.png') });
      await w.customer.screenshot({ path: join(process.env.E2E_DEBUG_DIR, 'customer-fail.png') });
    }
    throw e;
  });
  await poll(() => sessionState(w.teller)).toBe('idle');
  await poll(() => mirrorState(w.teller)).toBe('idle');
  expect(await w.customer.getByTestId('who-banner').count()).toBe(0);
  expect(await w.customer.locator('.pdf-pages, .ink-canvas, [data-testid="signature-box"]').count()).toBe(0);
  expect(await w.teller.locator('.mirror .ink-canvas, .mirror .pdf-pages').count()).toBe(0);
  await poll(() => w.teller.locator('.queue-table tr[data-status="in-session"]').count()).toBe(0);
}

/**
 * axe-core (the real engine, injected into the page) over the whole screen as it is now. Only
 * serious and critical violations fail; the rest are reported so they are seen.
 */
export async function expectAccessible(page: Page, screen: string) {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy (script-src 'self')
  // rightly refuses an injected <script>, and the test must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !serious.includes(v));
  if (minor.length) console.info(`axe (${screen}): minor findings`, JSON.stringify(minor));
  expect(serious, `axe: serious or critical violations on ${screen}`).toEqual([]);
}

export async function shot(page: Page, name: string) {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

export const hasCorpus = existsSync(sharedPdf('ordinary'));

/**
 * A request as the teller's window makes it, over the station's own WebSocket binding with the
 * teller token from the URL (the desk must be signed in in the browser): for what a test needs to
 * read that the screen only shows as pixels, e.g. the sealed PDF's bytes.
 */
export async function tellerCall<N extends RequestName>(station: RunningStation, name: N, payload: RequestOf<N>): Promise<ResponseOf<N>> {
  const url = new URL(station.tellerUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  const socket = new WebSocket(`ws://${url.host}/ws`);
  try {
    await new Promise<void>((ok, fail) => {
      socket.once('open', () => ok());
      socket.once('error', fail);
    });
    type Message = { type: string; id?: number; ok?: boolean; payload?: unknown; error?: { message: string } };
    // Every message is kept (events may arrive in the same chunk as the reply we wait for).
    const inbox: Message[] = [];
    let wake: (() => void) | undefined;
    socket.on('message', (data, isBinary) => {
      // A result carrying a PDF comes as one binary frame (wireMessages.ts): its bytes as a Uint8Array.
      inbox.push(isBinary ? (parseStationMessage(new Uint8Array(data as Buffer)) as Message) : JSON.parse(String(data)));
      wake?.();
    });
    const closed = new Promise<never>((_, fail) => socket.once('close', (code) => fail(new Error(`the station closed the socket (${code})`))));
    closed.catch(() => undefined); // our own close at the end is not a failure
    const next = async (): Promise<Message> => {
      while (inbox.length === 0) await Promise.race([new Promise<void>((ok) => (wake = ok)), closed]);
      return inbox.shift()!;
    };
    socket.send(JSON.stringify({ type: 'hello', token }));
    expect((await next()).type).toBe('welcome');
    socket.send(JSON.stringify({ type: 'call', id: 1, name, payload }));
    for (;;) {
      const m = await next();
      if (m.type !== 'result' || m.id !== 1) continue;
      if (!m.ok) throw new Error(`${name}: ${m.error?.message}`);
      return m.payload as ResponseOf<N>;
    }
  } finally {
    socket.close();
  }
}
