import { describe, expect, it } from 'vitest';
import { findAnchorText } from '../anchorTextLocator';
import { pageTextBoxes } from '../pageTextBoxes';
import { contentPdf, helvetica, itemsOf, streamRef } from './testing/contentPdf';

/**
 * The text state machine operator by operator, with Helvetica (AFM widths: H 722, e 556, l 222,
 * o 556, space 278), so that every position can be checked by hand.
 */
const fonts = (ctx: Parameters<NonNullable<Parameters<typeof contentPdf>[0]['resources']>>[0]) => ({ Font: { F1: helvetica(ctx) } });
const items = async (content: string) => itemsOf(await contentPdf({ content, resources: fonts }));
const HELLO = (722 + 556 + 222 + 222 + 556) / 1000; // em

describe('text positioning', () => {
  it('Td, TD (which sets the leading), T*, TL and Tm place lines', async () => {
    const got = await items('BT /F1 10 Tf 100 700 Td (Hello) Tj 0 -20 TD (Hello) Tj T* (Hello) Tj 30 TL T* (Hello) Tj 2 0 0 2 50 100 Tm (Hello) Tj ET');
    expect(got.map((i) => [i.x, i.y])).toEqual([[100, 700], [100, 680], [100, 660], [100, 630], [50, 100]]);
    expect(got[4].width).toBeCloseTo(HELLO * 20, 6);
    expect(got[4].height).toBeCloseTo(20, 6);
  });

  it("' and \" move to the next line; \" sets word and character spacing", async () => {
    const got = await items('BT /F1 10 Tf 12 TL 100 700 Td (Hello) Tj (Hello) \' 1 1 (He lo) " ET');
    expect(got.map((i) => i.y)).toEqual([700, 688, 676]);
    // "He lo": +1 of character spacing after each glyph but the last, the space +1 more.
    expect(got[2].width).toBeCloseTo(((722 + 556 + 278 + 222 + 556) / 1000) * 10 + 4 * 1 + 1, 6);
    expect(got[2].str).toBe('He lo');
  });

  it('Tc, Tw (only on the byte 32) and Tz stretch the advance; Ts raises the baseline', async () => {
    const [spaced] = await items('BT /F1 10 Tf 2 Tc 100 700 Td (Hello) Tj ET');
    expect(spaced.width).toBeCloseTo(HELLO * 10 + 4 * 2, 6);
    const [scaled] = await items('BT /F1 10 Tf 50 Tz 100 700 Td (Hello) Tj ET');
    expect(scaled.width).toBeCloseTo(HELLO * 5, 6);
    const [words] = await items('BT /F1 10 Tf 3 Tw 100 700 Td (Hello Hello) Tj ET');
    expect(words.width).toBeCloseTo(HELLO * 20 + 2.78 + 3, 6);
    expect(words.str).toBe('Hello Hello');
    const [risen] = await items('BT /F1 10 Tf 4 Ts 100 700 Td (Hello) Tj ET');
    expect(risen.y).toBeCloseTo(704, 6);
  });

  it('TJ: small kerning keeps one item, a wide gap starts another, a medium one reads as a space', async () => {
    const got = await items('BT /F1 10 Tf 100 700 Td [(Hel) 20 (lo) -300 (World) -2000 (Far)] TJ ET');
    expect(got.map((i) => i.str)).toEqual(['Hello World', 'Far']);
    expect(got[0].width).toBeCloseTo(HELLO * 10 - 0.2 + 3 + (944 + 556 + 333 + 222 + 556) / 100, 6);
    expect(got[1].x).toBeCloseTo(100 + got[0].width + 20, 6);
  });

  it('cm and q/Q: the matrix applies to the text inside and is restored after Q', async () => {
    const got = await items('q 2 0 0 2 10 20 cm BT /F1 10 Tf 50 50 Td (Hello) Tj ET Q BT /F1 10 Tf 50 50 Td (Hello) Tj ET');
    expect(got[0].x).toBeCloseTo(110, 6);
    expect(got[0].y).toBeCloseTo(120, 6);
    expect(got[0].width).toBeCloseTo(HELLO * 20, 6);
    expect([got[1].x, got[1].y]).toEqual([50, 50]);
  });

  it('rotated text gets the box around its rotated glyphs', async () => {
    const [item] = await items('BT /F1 10 Tf 0 1 -1 0 300 100 Tm (Hello) Tj ET');
    const [x0, y0, x1, y1] = item.box;
    expect(x0).toBeCloseTo(290, 6);
    expect(x1).toBeCloseTo(302.5, 6);
    expect(y0).toBeCloseTo(100, 6);
    expect(y1).toBeCloseTo(100 + HELLO * 10, 6);
  });

  it('text outside the page box is not text of the page', async () => {
    expect(await items('BT /F1 10 Tf -500 100 Td (Hello) Tj 500 5000 Td (Hello) Tj ET')).toEqual([]);
  });
});

describe('content structure', () => {
  it('reads strings with escapes and odd hex digits, skips comments and inline images', async () => {
    const image = 'BI /W 4 /H 1 /BPC 8 /CS /G ID \x00(Tj) EIx\xffEI2 EI\nBT /F1 10 Tf 100 700 Td';
    const got = await items(`% a comment (Nope) Tj\nBT /F1 10 Tf 100 600 Td (a\\(b\\)\\\\\\101\\
c) Tj <4142 4> Tj ET ${image} (after) Tj ET`);
    // (a\(b\)\\\101\<newline>c) is a(b)\Ac; <4142 4> is AB@ (an odd last digit is followed by 0).
    expect(got.map((i) => i.str)).toEqual(['a(b)\\AcAB@', 'after']);
  });

  it('page content as an array of streams runs as one, and /Resources are inherited from the page tree', async () => {
    const bytes = await contentPdf({ content: ['BT /F1 10 Tf 100 700 Td', '(Hello) Tj ET'], resources: fonts, inheritResources: true });
    expect((await itemsOf(bytes)).map((i) => i.str)).toEqual(['Hello']);
  });

  it('a Form XObject runs with its /Matrix and its own /Resources, a form without them uses the page\'s', async () => {
    const bytes = await contentPdf({
      content: 'q 1 0 0 1 100 0 cm /Fm1 Do Q /Fm2 Do',
      resources: (ctx) => ({
        Font: { F1: helvetica(ctx) },
        XObject: {
          Fm1: streamRef(ctx, 'BT /G 10 Tf 0 0 Td (Hello) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 500, 500], Matrix: [1, 0, 0, 1, 0, 300], Resources: ctx.obj({ Font: { G: helvetica(ctx) } }) }),
          Fm2: streamRef(ctx, 'BT /F1 10 Tf 10 10 Td (Hello) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 500, 500] }),
          Img: streamRef(ctx, '\x00\x00', { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1 }),
        },
      }),
    });
    expect((await itemsOf(bytes)).map((i) => [i.str, i.x, i.y])).toEqual([['Hello', 100, 300], ['Hello', 10, 10]]);
  });

  it('a form starts from the text state of the content that draws it (its font and size)', async () => {
    const bytes = await contentPdf({
      content: 'BT /F1 20 Tf ET /Fm Do',
      resources: (ctx) => ({ Font: { F1: helvetica(ctx) }, XObject: { Fm: streamRef(ctx, 'BT 10 10 Td (Hello) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 500, 500] }) } }),
    });
    const [item] = await itemsOf(bytes);
    expect(item.width).toBeCloseTo(HELLO * 20, 6);
  });
});

describe('the entry points', () => {
  it('pageTextBoxes gives one box per item, from a quarter em below the baseline to one em above', async () => {
    const bytes = await contentPdf({ content: 'BT /F1 10 Tf 100 700 Td (Hello) Tj ( ) Tj ET', resources: fonts });
    const boxes = await pageTextBoxes(bytes, 0);
    expect(boxes).toHaveLength(1);
    boxes[0].forEach((v, k) => expect(v).toBeCloseTo([100, 697.5, 100 + HELLO * 10, 710][k], 6));
  });

  it('findAnchorText: case and whitespace do not matter, a phrase spans items of one line, the first page wins', async () => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([600, 800]).drawText('Nothing here', { x: 50, y: 700, size: 10, font });
    for (let p = 0; p < 2; p++) {
      const page = doc.addPage([600, 800]);
      page.drawText('Signed by', { x: 50, y: 400, size: 10, font });
      page.drawText('the   Customer', { x: 110, y: 400, size: 10, font });
    }
    const hit = await findAnchorText(await doc.save(), 'BY THE customer');
    expect(hit?.page).toBe(1);
    expect(hit!.rect[0]).toBeCloseTo(50, 6);
    expect(hit!.rect[1]).toBeCloseTo(400, 6);
    expect(hit!.rect[2]).toBeCloseTo(110 + font.widthOfTextAtSize('the   Customer', 10), 1);
    expect(await findAnchorText(await doc.save(), 'not in it')).toBeUndefined();
  });
});
