import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { z } from 'zod';
import { languages, type Language } from '../../preload/common/contract';
import type { StationConfig } from '../config/stationConfigSchema';
import type { SignatureMinimums } from '../signing/signatureQuality';

export interface CustomerScreenSettings {
  branding: { name: string; logoUrl?: string };
  consentNotices?: Partial<Record<Language, { title: string; body: string }>>;
  inactivityTimeoutMs: number;
  doneScreenMs: number;
  defaultLanguage: Language;
  reviewSignature: boolean;
  farewellMs: number;
  signatureMinimums: SignatureMinimums;
}

const noticeSchema = z.strictObject({ title: z.string().trim().min(1).max(200), body: z.string().trim().min(20).max(20_000) });
const noticesSchema = z.partialRecord(z.enum(languages), noticeSchema);

const logoTypes: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml' };
const maxLogoBytes = 512 * 1024;

/**
 * The tenant's customer-screen settings (desk.* in the station config) turned into what the
 * signing session shows. Files are read once at start-up; a missing or malformed file stops the
 * station with a message naming the setting, rather than showing a customer a half-configured
 * privacy notice.
 */
export function loadCustomerScreenSettings(config: StationConfig): CustomerScreenSettings {
  const desk = config.desk;
  return {
    branding: {
      name: desk.brandName || (config.station.tenant === 'demo' ? 'Demo Bank' : config.station.tenant),
      logoUrl: desk.brandLogo ? logoDataUrl(desk.brandLogo) : undefined,
    },
    consentNotices: desk.consentNotice ? readConsentNotices(desk.consentNotice) : undefined,
    inactivityTimeoutMs: desk.customerTimeoutMinutes * 60_000,
    doneScreenMs: desk.thankYouSeconds * 1000,
    defaultLanguage: desk.language,
    reviewSignature: desk.reviewSignature,
    farewellMs: desk.farewellSeconds * 1000,
    signatureMinimums: {
      durationMs: config.signing.minDurationMs,
      points: config.signing.minPoints,
      strokes: config.signing.minStrokes,
      extent: config.signing.minExtent,
      thickness: config.signing.minThickness,
    },
  };
}

function logoDataUrl(file: string): string {
  const path = resolve(file);
  const type = logoTypes[extname(path).toLowerCase()];
  if (!type) throw new Error(`desk.brandLogo: ${path} must be a .png, .jpg or .svg file`);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new Error(`desk.brandLogo: cannot read ${path}`);
  }
  if (size > maxLogoBytes) throw new Error(`desk.brandLogo: ${path} is larger than ${maxLogoBytes / 1024} KiB`);
  // A data: URL: the pages' Content-Security-Policy allows no other image origin, and the logo
  // travels in the customer view the customer window already receives.
  return `data:${type};base64,${readFileSync(path).toString('base64')}`;
}

function readConsentNotices(file: string): CustomerScreenSettings['consentNotices'] {
  const path = resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`desk.consentNotice: cannot read ${path} as JSON (${(err as Error).message})`);
  }
  const parsed = noticesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`desk.consentNotice: ${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  if (!parsed.data.en) throw new Error(`desk.consentNotice: ${path} needs at least the English ("en") notice`);
  return parsed.data;
}
