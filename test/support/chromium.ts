import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium): Playwright's own browser download cannot work here. */
export function chromiumPath(): string | undefined {
  return ['/usr/bin/chromium', '/usr/lib/chromium/chromium', process.env.CHROMIUM_PATH].find((p): p is string => Boolean(p && existsSync(p)));
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: run .ci/install-system.sh (apt-get install chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
