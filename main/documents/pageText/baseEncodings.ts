import { Encodings } from '@pdf-lib/standard-fonts';

/**
 * The predefined simple-font encodings (ISO 32000-1 Annex D) as code → glyph name: WinAnsi (from
 * @pdf-lib/standard-fonts, which pdf-lib embeds with), MacRoman, Standard, and the built-in
 * encodings of Symbol and ZapfDingbats.
 */
export type BaseEncodingName = 'WinAnsiEncoding' | 'MacRomanEncoding' | 'StandardEncoding' | 'Symbol' | 'ZapfDingbats';

/** The glyph names of codes 32–126 in every Latin encoding. */
export const ASCII_GLYPH_NAMES = (
  'space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright asterisk plus comma hyphen period slash ' +
  'zero one two three four five six seven eight nine colon semicolon less equal greater question at ' +
  'A B C D E F G H I J K L M N O P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave ' +
  'a b c d e f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde'
).split(' ');

const MAC_ROMAN_HIGH = (
  'Adieresis Aring Ccedilla Eacute Ntilde Odieresis Udieresis aacute agrave acircumflex adieresis atilde aring ccedilla eacute egrave ' +
  'ecircumflex edieresis iacute igrave icircumflex idieresis ntilde oacute ograve ocircumflex odieresis otilde uacute ugrave ucircumflex udieresis ' +
  'dagger degree cent sterling section bullet paragraph germandbls registered copyright trademark acute dieresis notequal AE Oslash ' +
  'infinity plusminus lessequal greaterequal yen mu partialdiff summation product pi integral ordfeminine ordmasculine Omega ae oslash ' +
  'questiondown exclamdown logicalnot radical florin approxequal Delta guillemotleft guillemotright ellipsis space Agrave Atilde Otilde OE oe ' +
  'endash emdash quotedblleft quotedblright quoteleft quoteright divide lozenge ydieresis Ydieresis fraction currency guilsinglleft guilsinglright fi fl ' +
  'daggerdbl periodcentered quotesinglbase quotedblbase perthousand Acircumflex Ecircumflex Aacute Edieresis Egrave Iacute Icircumflex Idieresis Igrave Oacute Ocircumflex ' +
  'apple Ograve Uacute Ucircumflex Ugrave dotlessi circumflex tilde macron breve dotaccent ring cedilla hungarumlaut ogonek caron'
).split(' ');

const STANDARD_HIGH: Record<number, string> = {
  161: 'exclamdown', 162: 'cent', 163: 'sterling', 164: 'fraction', 165: 'yen', 166: 'florin', 167: 'section', 168: 'currency',
  169: 'quotesingle', 170: 'quotedblleft', 171: 'guillemotleft', 172: 'guilsinglleft', 173: 'guilsinglright', 174: 'fi', 175: 'fl',
  177: 'endash', 178: 'dagger', 179: 'daggerdbl', 180: 'periodcentered', 182: 'paragraph', 183: 'bullet', 184: 'quotesinglbase',
  185: 'quotedblbase', 186: 'quotedblright', 187: 'guillemotright', 188: 'ellipsis', 189: 'perthousand', 191: 'questiondown',
  193: 'grave', 194: 'acute', 195: 'circumflex', 196: 'tilde', 197: 'macron', 198: 'breve', 199: 'dotaccent', 200: 'dieresis',
  202: 'ring', 203: 'cedilla', 205: 'hungarumlaut', 206: 'ogonek', 207: 'caron', 208: 'emdash', 225: 'AE', 227: 'ordfeminine',
  232: 'Lslash', 233: 'Oslash', 234: 'OE', 235: 'ordmasculine', 241: 'ae', 245: 'dotlessi', 248: 'lslash', 249: 'oslash', 250: 'oe', 251: 'germandbls',
};

const cache = new Map<BaseEncodingName, readonly (string | undefined)[]>();

function fromStandardFonts(encoding: typeof Encodings.WinAnsi): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(256).fill(undefined);
  for (const cp of encoding.supportedCodePoints) {
    const { code, name } = encoding.encodeUnicodeCodePoint(cp);
    if (code >= 0 && code < 256 && out[code] === undefined) out[code] = name;
  }
  return out;
}

function build(name: BaseEncodingName): (string | undefined)[] {
  if (name === 'WinAnsiEncoding') return fromStandardFonts(Encodings.WinAnsi);
  if (name === 'Symbol') return fromStandardFonts(Encodings.Symbol);
  if (name === 'ZapfDingbats') return fromStandardFonts(Encodings.ZapfDingbats);
  const out: (string | undefined)[] = new Array(256).fill(undefined);
  ASCII_GLYPH_NAMES.forEach((n, i) => (out[0x20 + i] = n));
  if (name === 'MacRomanEncoding') {
    MAC_ROMAN_HIGH.forEach((n, i) => (out[0x80 + i] = n));
    out[0xca] = 'space';
  } else {
    out[0x27] = 'quoteright';
    out[0x60] = 'quoteleft';
    for (const [code, n] of Object.entries(STANDARD_HIGH)) out[Number(code)] = n;
  }
  return out;
}

/** Code → glyph name of a predefined encoding (undefined: the code is not encoded). */
export function baseEncoding(name: BaseEncodingName): readonly (string | undefined)[] {
  let table = cache.get(name);
  if (!table) cache.set(name, (table = build(name)));
  return table;
}
