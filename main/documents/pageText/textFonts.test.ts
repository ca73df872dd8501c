import { Font } from '@pdf-lib/standard-fonts';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { contentPdf, itemsOf, streamRef } from './testing/contentPdf';

/** Each font kind and encoding the reader understands, on a page built by hand; widths checked to the point. */
/** The AFM advance of a text at a size, without kerning (pdf-lib's widthOfTextAtSize kerns; its drawText does not). */
const afmWidth = (font: string, glyphs: string[], size: number) => (glyphs.reduce((w, g) => w + (Font.load(font as 'Helvetica').getWidthOfGlyph(g) as number), 0) * size) / 1000;
const one = async (content: string, fonts: Parameters<typeof contentPdf>[0]['resources']) => itemsOf(await contentPdf({ content, resources: fonts }));

describe('simple fonts', () => {
  it('a standard 14 font without /Widths takes its AFM widths (pdf-lib drawText, Helvetica 10 pt)', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 800]).drawText('Hello World', { x: 50, y: 700, size: 10, font });
    const [item, ...rest] = await itemsOf(await doc.save());
    expect(rest).toEqual([]);
    expect(item.str).toBe('Hello World');
    expect(item.x).toBeCloseTo(50, 6);
    expect(item.y).toBeCloseTo(700, 6);
    expect(item.width).toBeCloseTo(afmWidth('Helvetica', ['H', 'e', 'l', 'l', 'o', 'space', 'W', 'o', 'r', 'l', 'd'], 10), 6);
    expect(item.width).toBeCloseTo(51.67, 6);
    expect(item.box[1]).toBeCloseTo(700 - 2.5, 6);
    expect(item.box[3]).toBeCloseTo(710, 6);
  });

  it('/Widths with /FirstChar give the advance; codes outside them take /MissingWidth', async () => {
    const items = await one('BT /F1 10 Tf 100 500 Td (ABZ) Tj ET', (ctx) => ({
      Font: { F1: ctx.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'Custom', FirstChar: 65, LastChar: 66, Widths: [400, 600], Encoding: 'WinAnsiEncoding', FontDescriptor: ctx.obj({ MissingWidth: 250, Flags: 32 }) }) },
    }));
    expect(items[0].str).toBe('ABZ');
    expect(items[0].width).toBeCloseTo(4 + 6 + 2.5, 6);
  });

  it('WinAnsi, MacRoman and Standard encodings decode their high codes', async () => {
    const font = (enc: string) => (ctx: Parameters<NonNullable<Parameters<typeof contentPdf>[0]['resources']>>[0]) => ({ Font: { F1: ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Times-Roman', Encoding: enc }) } });
    expect((await one('BT /F1 10 Tf 10 10 Td <80E9> Tj ET', font('WinAnsiEncoding')))[0].str).toBe('€é');
    expect((await one('BT /F1 10 Tf 10 10 Td <8E87> Tj ET', font('MacRomanEncoding')))[0].str).toBe('éá');
    expect((await one("BT /F1 10 Tf 10 10 Td (it's) Tj ET", font('StandardEncoding')))[0].str).toBe('it\u2019s');
  });

  it('/Differences map glyph names (Latin names, uniXXXX, ligatures, suffixes) over the base encoding', async () => {
    const [item] = await one('BT /F1 10 Tf 10 10 Td <4142434445> Tj ET', (ctx) => ({
      Font: { F1: ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: ctx.obj({ Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: [66, 'eacute', 'uni0141', 'fi', 'a.sc'] }) }) },
    }));
    expect(item.str).toBe('AéŁfia');
    // Helvetica's AFM widths of A, eacute, (no Lslash glyph under that name: 0), fi, (a.sc unknown: 0).
    expect(item.width).toBeCloseTo((667 + 556 + 0 + 500 + 0) / 100, 6);
  });

  it('a /ToUnicode CMap (bfchar, incrementing bfrange, array bfrange) gives the text of a subset font', async () => {
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar <01> <0048> <02> <00660069> endbfchar
2 beginbfrange <10> <12> <0061> <20> <21> [<0058> <0059>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;
    const [item] = await one('BT /F1 10 Tf 10 10 Td <0102101112202100> Tj ET', (ctx) => ({
      Font: { F1: ctx.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'ABCDEF+Subset', FirstChar: 0, LastChar: 255, Widths: new Array(256).fill(500), ToUnicode: streamRef(ctx, cmap) }) },
    }));
    expect(item.str).toBe('HfiabcXY');
    expect(item.width).toBeCloseTo(8 * 5, 6);
  });

  it('a Type3 font advances by /Widths through its /FontMatrix', async () => {
    const [item] = await one('BT /T3 20 Tf 10 10 Td (ab) Tj ET', (ctx) => ({
      Font: { T3: ctx.obj({ Type: 'Font', Subtype: 'Type3', FontMatrix: [0.01, 0, 0, 0.01, 0, 0], FontBBox: [0, 0, 100, 100], FirstChar: 97, LastChar: 98, Widths: [50, 25], Encoding: ctx.obj({ Type: 'Encoding', Differences: [97, 'a', 'b'] }), CharProcs: ctx.obj({}), Resources: ctx.obj({}) }) },
    }));
    expect(item.str).toBe('ab');
    expect(item.width).toBeCloseTo((0.5 + 0.25) * 20, 6);
    expect(item.box[3] - item.y).toBeCloseTo(20, 6); // the glyph box: FontBBox height 100 × 0.01
  });

  it('a missing or broken font degrades to a default width, without throwing', async () => {
    const items = await one('BT /Nope 10 Tf 10 10 Td (abc) Tj ET BT /Bad 10 Tf 10 50 Td (de) Tj ET', (ctx) => ({ Font: { Bad: ctx.obj({ Type: 'Font', Subtype: 'TrueType', Widths: 'broken', ToUnicode: 12 }) } }));
    expect(items.map((i) => i.str)).toEqual(['abc', 'de']);
    expect(items[0].width).toBeCloseTo(15, 6);
    expect(items[1].width).toBeCloseTo(10, 6);
  });
});

describe('Type0 fonts', () => {
  const toUnicode2 = `begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <0041> <0002> <0042> endbfchar 1 beginbfrange <0010> <0012> <0061> endbfrange endcmap`;
  const type0 = (encoding: string) => (ctx: Parameters<NonNullable<Parameters<typeof contentPdf>[0]['resources']>>[0]) => ({
    Font: {
      F0: ctx.obj({
        Type: 'Font', Subtype: 'Type0', BaseFont: 'Cid', Encoding: encoding, ToUnicode: streamRef(ctx, toUnicode2),
        DescendantFonts: [ctx.obj({ Type: 'Font', Subtype: 'CIDFontType2', BaseFont: 'Cid', DW: 300, W: [1, [500, 600], 16, 18, 700] })],
      }),
    },
  });

  it('Identity-H: two bytes a code, widths from /W (both forms) and /DW, text from ToUnicode', async () => {
    const [item] = await one('BT /F0 10 Tf 100 100 Td <00010002001000110012 0099> Tj ET', type0('Identity-H'));
    expect(item.str).toBe('ABabc');
    expect(item.width).toBeCloseTo(5 + 6 + 7 * 3 + 3, 6);
  });

  it('Identity-V: the glyphs run downwards', async () => {
    const [item] = await one('BT /F0 10 Tf 100 500 Td <000100020010> Tj ET', type0('Identity-V'));
    expect(item.str).toBe('ABa');
    expect(item.box[1]).toBeCloseTo(500 - 30, 6);
    expect(item.box[3]).toBeCloseTo(500, 6);
  });

  it('an embedded CMap with a mixed one- and two-byte codespace splits codes by it', async () => {
    const encoding = `begincmap 2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
1 begincidrange <00> <7F> 0 endcidrange 1 begincidrange <8000> <80FF> 200 endcidrange endcmap`;
    const uni = `begincmap 2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
2 beginbfchar <41> <0041> <8001> <00DF> endbfchar endcmap`;
    const [item] = await one('BT /F0 10 Tf 10 10 Td <41800141> Tj ET', (ctx) => ({
      Font: {
        F0: ctx.obj({
          Type: 'Font', Subtype: 'Type0', BaseFont: 'Mixed', Encoding: streamRef(ctx, encoding, { Type: 'CMap', CMapName: 'Mixed' }), ToUnicode: streamRef(ctx, uni),
          DescendantFonts: [ctx.obj({ Type: 'Font', Subtype: 'CIDFontType0', DW: 1000, W: [65, [400], 201, [800]] })],
        }),
      },
    }));
    expect(item.str).toBe('AßA');
    expect(item.width).toBeCloseTo(4 + 8 + 4, 6);
  });
});

describe('standard fonts by other names', () => {
  it('Arial,Bold measures as Helvetica-Bold', async () => {
    const [item] = await one('BT /F1 12 Tf 10 10 Td (Wave) Tj ET', (ctx) => ({ Font: { F1: ctx.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'Arial,Bold', Encoding: 'WinAnsiEncoding' }) } }));
    expect(item.width).toBeCloseTo(afmWidth('Helvetica-Bold', ['W', 'a', 'v', 'e'], 12), 6);
    expect(item.width).not.toBeCloseTo(afmWidth('Helvetica', ['W', 'a', 'v', 'e'], 12), 1);
  });
});
