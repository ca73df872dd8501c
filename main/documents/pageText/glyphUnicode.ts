import { Encodings } from '@pdf-lib/standard-fonts';
import { ASCII_GLYPH_NAMES } from './baseEncodings';

/**
 * Glyph name → the text it stands for (the Adobe Glyph List's rules, ISO 32000-1 9.10.2): the
 * names of the Latin, Latin-1 and Latin Extended-A letters and common punctuation, the Greek and
 * mathematical names of the Symbol font, `uniXXXX…` and `uXXXX`, a suffix after `.` or `_` parts
 * (ligatures), and otherwise nothing known (the glyph still takes its width, it just has no text).
 */
/** U+0100 … U+017F in order. */
const LATIN_EXTENDED_A = (
  'Amacron amacron Abreve abreve Aogonek aogonek Cacute cacute Ccircumflex ccircumflex Cdotaccent cdotaccent Ccaron ccaron Dcaron dcaron ' +
  'Dcroat dcroat Emacron emacron Ebreve ebreve Edotaccent edotaccent Eogonek eogonek Ecaron ecaron Gcircumflex gcircumflex Gbreve gbreve ' +
  'Gdotaccent gdotaccent Gcommaaccent gcommaaccent Hcircumflex hcircumflex Hbar hbar Itilde itilde Imacron imacron Ibreve ibreve Iogonek iogonek ' +
  'Idotaccent dotlessi IJ ij Jcircumflex jcircumflex Kcommaaccent kcommaaccent kgreenlandic Lacute lacute Lcommaaccent lcommaaccent Lcaron lcaron Ldot ' +
  'ldot Lslash lslash Nacute nacute Ncommaaccent ncommaaccent Ncaron ncaron napostrophe Eng eng Omacron omacron Obreve obreve ' +
  'Ohungarumlaut ohungarumlaut OE oe Racute racute Rcommaaccent rcommaaccent Rcaron rcaron Sacute sacute Scircumflex scircumflex Scedilla scedilla ' +
  'Scaron scaron Tcommaaccent tcommaaccent Tcaron tcaron Tbar tbar Utilde utilde Umacron umacron Ubreve ubreve Uring uring ' +
  'Uhungarumlaut uhungarumlaut Uogonek uogonek Wcircumflex wcircumflex Ycircumflex ycircumflex Ydieresis Zacute zacute Zdotaccent zdotaccent Zcaron zcaron longs'
).split(' ');

const EXTRA: Record<string, string> = {
  fi: 'fi', fl: 'fl', ff: 'ff', ffi: 'ffi', ffl: 'ffl', dotlessi: '\u0131', dotlessj: '\u0237', nbspace: ' ', nonbreakingspace: ' ',
  fraction: '\u2044', breve: '\u02d8', dotaccent: '\u02d9', ring: '\u02da', hungarumlaut: '\u02dd', ogonek: '\u02db', caron: '\u02c7',
  quoteright: '\u2019', quoteleft: '\u2018', minus: '\u2212', mu: '\u00b5', notequal: '\u2260', infinity: '\u221e', lessequal: '\u2264',
  greaterequal: '\u2265', partialdiff: '\u2202', summation: '\u2211', product: '\u220f', pi: '\u03c0', integral: '\u222b', Omega: '\u2126',
  radical: '\u221a', approxequal: '\u2248', Delta: '\u2206', lozenge: '\u25ca', apple: '\uf8ff', Euro: '\u20ac', sfthyphen: '\u00ad',
  periodcentered: '\u00b7', middot: '\u00b7', commaaccent: '\u0326', Tcedilla: '\u0162', tcedilla: '\u0163', Scommaaccent: '\u0218', scommaaccent: '\u0219',
  Gcedilla: '\u0122', gcedilla: '\u0123', Kcedilla: '\u0136', kcedilla: '\u0137', Lcedilla: '\u013b', lcedilla: '\u013c', Ncedilla: '\u0145', ncedilla: '\u0146',
  Rcedilla: '\u0156', rcedilla: '\u0157', Dslash: '\u0110', dslash: '\u0111', Gdot: '\u0120', gdot: '\u0121', Cdot: '\u010a', cdot: '\u010b',
  Edot: '\u0116', edot: '\u0117', Zdot: '\u017b', zdot: '\u017c', Idot: '\u0130', Ohungarumlaut: '\u0150', afii61289: '\u2113', estimated: '\u212e',
};

let table: Map<string, string> | undefined;

function glyphTable(): Map<string, string> {
  if (table) return table;
  table = new Map<string, string>();
  ASCII_GLYPH_NAMES.forEach((n, i) => table!.set(n, String.fromCharCode(0x20 + i)));
  LATIN_EXTENDED_A.forEach((n, i) => table!.set(n, String.fromCharCode(0x100 + i)));
  for (const encoding of [Encodings.Symbol, Encodings.WinAnsi]) {
    for (const cp of encoding.supportedCodePoints) {
      const { name } = encoding.encodeUnicodeCodePoint(cp);
      // The Symbol font's private-use copies (U+F8xx) are not text; its Greek and maths are.
      if ((cp < 0xe000 || cp > 0xf8ff) && !table.has(name)) table.set(name, String.fromCodePoint(cp));
    }
  }
  for (const [n, s] of Object.entries(EXTRA)) table.set(n, s);
  return table;
}

/** The text of a glyph name, '' when it names nothing known. */
export function unicodeOfGlyphName(name: string): string {
  const known = glyphTable().get(name);
  if (known !== undefined) return known;
  const base = name.split('.')[0];
  if (base !== name && base) return unicodeOfGlyphName(base);
  if (name.includes('_')) return name.split('_').map(unicodeOfGlyphName).join('');
  let m = /^uni((?:[0-9A-F]{4})+)$/.exec(name);
  if (m) return m[1].match(/.{4}/g)!.map((h) => codePointText(parseInt(h, 16))).join('');
  m = /^u([0-9A-F]{4,6})$/.exec(name);
  if (m) return codePointText(parseInt(m[1], 16));
  return '';
}

function codePointText(cp: number): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '';
  return String.fromCodePoint(cp);
}
