import { Font, type IFontNames } from '@pdf-lib/standard-fonts';

/**
 * Glyph widths of the standard 14 fonts (their AFM metrics, from @pdf-lib/standard-fonts), which a
 * simple font may use without /Widths, also under the names office programs give them (Arial for
 * Helvetica, Times New Roman for Times, Courier New for Courier).
 */
const loaded = new Map<string, Font | undefined>();

const FAMILIES: [RegExp, string][] = [
  [/^(helvetica|arial|arialmt|liberationsans|nimbussans)/, 'Helvetica'],
  [/^(times|timesnewroman|timesnewromanps|liberationserif|nimbusroman)/, 'Times'],
  [/^(courier|couriernew|couriernewps|liberationmono|nimbusmono)/, 'Courier'],
  [/^symbol/, 'Symbol'],
  [/^zapfdingbats|^dingbats/, 'ZapfDingbats'],
];

/** The standard font a BaseFont names (subset prefix, style suffixes and aliases understood), if any. */
export function standardFontName(baseFont: string | undefined): IFontNames | undefined {
  if (!baseFont) return undefined;
  const name = baseFont.replace(/^[A-Z]{6}\+/, '');
  const flat = name.toLowerCase().replace(/[\s,_-]/g, '');
  const family = FAMILIES.find(([re]) => re.test(flat))?.[1];
  if (!family) return undefined;
  if (family === 'Symbol' || family === 'ZapfDingbats') return family;
  const bold = /bold|black|heavy|semibold/.test(flat);
  const italic = /italic|oblique/.test(flat);
  if (family === 'Times') return (bold && italic ? 'Times-BoldItalic' : bold ? 'Times-Bold' : italic ? 'Times-Italic' : 'Times-Roman');
  return `${family}${bold && italic ? '-BoldOblique' : bold ? '-Bold' : italic ? '-Oblique' : ''}` as IFontNames;
}

/** The width (1/1000 em) of a glyph of a standard font, undefined when the font has no such glyph. */
export function standardGlyphWidth(font: IFontNames, glyphName: string): number | undefined {
  if (!loaded.has(font)) {
    try {
      loaded.set(font, Font.load(font));
    } catch {
      loaded.set(font, undefined);
    }
  }
  const w = loaded.get(font)?.getWidthOfGlyph(glyphName);
  return typeof w === 'number' ? w : undefined;
}
