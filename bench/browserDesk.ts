import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startStationProcess, type RunningStation } from '../test/support/stationProcess';

/**
 * A real station (`station serve` as a child process) with both windows open in Debian's headless
 * Chromium and the teller signed in, for the benchmarks that time what a person sees. Waits are
 * for states on the screens, never for time.
 */
export interface BenchDesk {
  station: RunningStation;
  browser: Browser;
  teller: Page;
  customer: Page;
  close(): Promise<void>;
}

export async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${String(v)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sessionState = (teller: Page) => teller.locator('.session-state').getAttribute('data-state');
export const customerState = (customer: Page) => customer.locator('.customer-screen').getAttribute('data-state');

/** `root`: another checkout whose station (and renderer build) to run, for a before/after in one run. */
export async function openBenchDesk(options: { root?: string; env?: Record<string, string>; browser?: Browser } = {}): Promise<BenchDesk> {
  const [station, browser] = await Promise.all([
    startStationProcess({ STATION_DESK_THANK_YOU_SECONDS: '1', ...options.env }, { root: options.root }),
    options.browser ?? launchChromium(),
  ]);
  const tellerContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [teller, customer] = await Promise.all([tellerContext.newPage(), customerContext.newPage()]);
  await teller.goto(station.tellerUrl);
  await customer.goto(station.customerUrl);
  await customer.waitForSelector('[data-state="idle"]', { timeout: 60_000 });
  await teller.getByLabel('User name').fill('demo');
  await teller.getByLabel('PIN or password').fill('1234');
  await teller.getByRole('button', { name: /^(Sign in|Unlock)$/ }).click();
  await teller.getByRole('heading', { name: 'Queue' }).waitFor({ timeout: 60_000 });
  return {
    station, browser, teller, customer,
    close: async () => {
      if (options.browser) await Promise.all([tellerContext.close(), customerContext.close()]);
      else await browser.close();
      await station.stop();
    },
  };
}

/** Adds a PDF file through the teller's file input (or the demo document) and prepares its signing. */
export async function addAndPrepare(teller: Page, file?: string): Promise<void> {
  if (file) await teller.getByTestId('pdf-file-input').setInputFiles(file);
  else await teller.getByRole('button', { name: 'Add demo document' }).click();
  await teller.getByLabel("Signer's full name").fill('Astrid Lindqvist');
  await teller.getByLabel('Last digits of the ID number').fill('4821');
  await teller.getByRole('button', { name: 'Prepare signing' }).click();
  await waitFor('prepared', () => sessionState(teller), (s) => s === 'prepared');
}

/** The customer reads to the end, continues and consents: the session is in 'signing'. */
export async function readAndConsent(customer: Page, pages: number): Promise<void> {
  await waitFor('all pages', () => customer.locator('.pdf-pages').getAttribute('data-pages'), (p) => p === String(pages));
  // A page counts as read only when all of it has been on screen: scroll through, each screen drawn before the next.
  const view = customer.locator('.pdf-pages');
  await view.evaluate((el) => el.scrollTo(0, 0));
  for (;;) {
    await waitFor('pages on screen drawn', () => view.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll<HTMLElement>('.pdf-page')].every((p) => {
        const r = p.getBoundingClientRect();
        return r.bottom <= box.top || r.top >= box.bottom || p.dataset.drawn === 'true';
      });
    }), (drawn) => drawn);
    const atBottom = await view.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += el.clientHeight * 0.8;
      return false;
    });
    if (atBottom) break;
  }
  await waitFor('last page', () => customer.getByTestId('page-indicator').getAttribute('data-page'), (p) => p === String(pages));
  await customer.getByRole('button', { name: 'Continue' }).click();
  await waitFor('consent', () => customerState(customer), (s) => s === 'consent');
  await customer.getByRole('button', { name: /I agree/ }).click();
  await waitFor('signing', () => customerState(customer), (s) => s === 'signing');
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
