import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { loadCustomerScreenSettings } from './customerScreenSettings';

const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (desk: Record<string, unknown>, tenant = 'demo') => stationConfigSchema.parse({ station: { tenant }, desk });

describe('customer screen settings from the station config', () => {
  it('defaults: the demo brand, built-in notice, 10 minutes, 6 seconds', () => {
    expect(loadCustomerScreenSettings(config({}))).toEqual({ branding: { name: 'Demo Bank', logoUrl: undefined }, consentNotices: undefined, inactivityTimeoutMs: 600_000, doneScreenMs: 6000, defaultLanguage: 'en',
      reviewSignature: true, farewellMs: 4000, signatureMinimums: { durationMs: 300, points: 20, strokes: 1, extent: 0.1, thickness: 0.05 } });
    expect(loadCustomerScreenSettings(config({ brandName: 'Šiaulių bankas' }, 'sb')).branding.name).toBe('Šiaulių bankas');
  });

  it("reads the tenant's notice per language and the logo as a data URL", () => {
    const notice = join(dir, 'notice.json');
    writeFileSync(notice, JSON.stringify({ en: { title: 'Your data', body: 'Example Bank AB is the controller of …' }, de: { title: 'Ihre Daten', body: 'Die Example Bank AB ist Verantwortliche …' } }));
    const logo = join(dir, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const s = loadCustomerScreenSettings(config({ consentNotice: notice, brandLogo: logo }));
    expect(s.consentNotices?.de?.title).toBe('Ihre Daten');
    expect(s.branding.logoUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('refuses a malformed notice or logo with a message naming the setting', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ sv: { title: 'Dina uppgifter', body: 'Banken AB är personuppgiftsansvarig …' } }));
    expect(() => loadCustomerScreenSettings(config({ consentNotice: bad }))).toThrow(/desk.consentNotice: .*English/);
    writeFileSync(bad, JSON.stringify({ en: { title: '', body: 'x' } }));
    expect(() => loadCustomerScreenSettings(config({ consentNotice: bad }))).toThrow(/desk.consentNotice: .*en.title/);
    writeFileSync(bad, '{not json');
    expect(() => loadCustomerScreenSettings(config({ consentNotice: bad }))).toThrow(/desk.consentNotice: cannot read/);
    expect(() => loadCustomerScreenSettings(config({ brandLogo: join(dir, 'logo.gif') }))).toThrow(/desk.brandLogo: .*png/);
    expect(() => loadCustomerScreenSettings(config({ brandLogo: join(dir, 'missing.png') }))).toThrow(/desk.brandLogo: cannot read/);
  });
});
