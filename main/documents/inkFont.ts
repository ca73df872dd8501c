import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The TrueType font for the caption under the ink. Names in a bank's branches are Lithuanian,
 * Swedish, German…: the PDF standard fonts (WinAnsi) cannot write "Žemaitė" or "Łukasz", and
 * PDF/A forbids non-embedded fonts, so a real font is embedded (subset). Search order: the
 * configured file, the project's resources/fonts, then common system fonts.
 */
const candidates = [
  fileURLToPath(new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url)),
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  'C:\\Windows\\Fonts\\arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  '/Library/Fonts/Arial.ttf',
];

const cache = new Map<string, Uint8Array>();

export function findInkFont(configured = ''): { path: string; bytes: Uint8Array } | undefined {
  const list = configured ? [configured] : candidates;
  for (const path of list) {
    const hit = cache.get(path);
    if (hit) return { path, bytes: hit };
    if (existsSync(path)) {
      const bytes = new Uint8Array(readFileSync(path));
      cache.set(path, bytes);
      return { path, bytes };
    }
  }
  if (configured) throw new Error(`documents.inkFont: font file not found: ${configured}`);
  return undefined;
}
