import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName } from 'pdf-lib';
import { findAnchorText } from '../anchorTextLocator';
import { pageTextBoxes } from '../pageTextBoxes';
import { DEFAULT_PAGE_TEXT_LIMITS } from './pageTextItems';
import { contentPdf, helvetica, itemsOf, streamRef } from './testing/contentPdf';

/** Content built to exhaust a reader: each ends within its bound, with the text read before it. */
const form = (ctx: Parameters<typeof streamRef>[0], content: string, names: string[]) =>
  streamRef(ctx, content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 600, 800], Resources: ctx.obj({ Font: { F1: helvetica(ctx) }, XObject: Object.fromEntries(names.map((n) => [n, ctx.obj(0)])) }) });

describe('hostile content', () => {
  it('an operator flood stops at the operator cap, keeping the text before it', async () => {
    const flood = 'n\n'.repeat(DEFAULT_PAGE_TEXT_LIMITS.maxOperators + 10);
    const bytes = await contentPdf({ content: `BT /F1 10 Tf 100 700 Td (before) Tj ET\n${flood}BT /F1 10 Tf 100 600 Td (after) Tj ET`, resources: (ctx) => ({ Font: { F1: helvetica(ctx) } }) });
    const started = performance.now();
    const items = await itemsOf(bytes);
    expect(items.map((i) => i.str)).toEqual(['before']);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('an anchor search shares one budget over its pages: floods on page after page end it', async () => {
    const doc = await PDFDocument.create();
    const ctx = doc.context;
    const font = ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica' }));
    const flood = ctx.register(ctx.stream('n\n'.repeat(DEFAULT_PAGE_TEXT_LIMITS.maxOperators)));
    for (let p = 0; p < 12; p++) {
      const page = doc.addPage([600, 800]);
      const text = ctx.register(ctx.stream(`BT /F1 10 Tf 100 700 Td (page ${p + 1} mark) Tj ET`));
      page.node.set(PDFName.of('Contents'), ctx.obj([text, flood]));
      page.node.set(PDFName.of('Resources'), ctx.obj({ Font: { F1: font } }));
    }
    const bytes = await doc.save();
    expect(await findAnchorText(bytes, 'page 2 mark')).toMatchObject({ page: 1 });
    // Ten pages' worth of operators are spent before page 12 is reached.
    expect(await findAnchorText(bytes, 'page 12 mark')).toBeUndefined();
  }, 120_000);

  it('an operand flood without operators keeps only the last few operands', async () => {
    const bytes = await contentPdf({ content: `BT /F1 10 Tf 100 700 Td ${'1 '.repeat(500_000)}(kept) Tj ET`, resources: (ctx) => ({ Font: { F1: helvetica(ctx) } }) });
    expect((await itemsOf(bytes)).map((i) => i.str)).toEqual(['kept']);
  });

  it('forms that draw each other (and themselves) run once along each path, depth-limited', async () => {
    const bytes = await contentPdf({
      content: '/A Do',
      resources: (ctx) => {
        const a = ctx.nextRef();
        const b = ctx.nextRef();
        const mk = (text: string, next: string) => ctx.stream(`BT /F1 10 Tf 100 700 Td (${text}) Tj ET /${next} Do /Self Do`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 600, 800] });
        const resourcesA = ctx.obj({ Font: { F1: helvetica(ctx) }, XObject: { B: b, Self: a } });
        const resourcesB = ctx.obj({ Font: { F1: helvetica(ctx) }, XObject: { A: a, Self: b } });
        const sa = mk('in A', 'B');
        sa.dict.set(ctx.obj('Resources') as never, resourcesA);
        const sb = mk('in B', 'A');
        sb.dict.set(ctx.obj('Resources') as never, resourcesB);
        ctx.assign(a, sa);
        ctx.assign(b, sb);
        return { XObject: { A: a } };
      },
    });
    const items = await itemsOf(bytes);
    expect(items.map((i) => i.str)).toEqual(['in A', 'in B']);
  });

  it('a fan-out of forms (each drawing the next ten times, twelve deep) ends at the budget', async () => {
    const bytes = await contentPdf({
      content: '/L0 Do',
      resources: (ctx) => {
        const refs = Array.from({ length: 13 }, () => ctx.nextRef());
        refs.forEach((ref, level) => {
          const next = level < 12 ? Array(10).fill(`/L${level + 1} Do`).join(' ') : '';
          const s = ctx.stream(`BT /F1 10 Tf 100 ${700 - level * 20} Td (level ${level}) Tj ET ${next}`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 600, 800] });
          s.dict.set(ctx.obj('Resources') as never, ctx.obj({ Font: { F1: helvetica(ctx) }, ...(level < 12 ? { XObject: { [`L${level + 1}`]: refs[level + 1] } } : {}) }));
          ctx.assign(ref, s);
        });
        return { XObject: { L0: refs[0] } };
      },
    });
    const started = performance.now();
    const items = await itemsOf(bytes, { maxOperators: 200_000, maxDecodedBytes: 64 << 20 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(items[0].str).toBe('level 0');
    expect(new Set(items.map((i) => i.str)).size).toBeGreaterThan(3);
  }, 60_000);

  it('a truncated FlateDecode stream gives the text that inflates before the cut', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `BT /F1 10 Tf 100 ${780 - i} Td (line ${i}) Tj ET`).join('\n');
    const full = deflateSync(Buffer.from(lines));
    // The page draws the damaged form: text before the cut, none after, no exception.
    const withForm = await contentPdf({ content: '/T Do', resources: (ctx) => ({ Font: { F1: helvetica(ctx) }, XObject: { T: streamRef(ctx, full.subarray(0, Math.floor(full.length * 0.6)), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 600, 800], Filter: 'FlateDecode' }) } }) });
    const got = (await itemsOf(withForm)).map((i) => i.str);
    expect(got[0]).toBe('line 0');
    expect(got.length).toBeGreaterThan(10);
    expect(got.length).toBeLessThan(400);
  });

  it('content that inflates past the decoded-bytes cap is not read, and the page still answers', async () => {
    const bomb = deflateSync(Buffer.alloc(80 << 20, 0x20));
    const bytes = await contentPdf({ content: 'BT /F1 10 Tf 100 700 Td (page) Tj ET /B Do', resources: (ctx) => ({ Font: { F1: helvetica(ctx) }, XObject: { B: streamRef(ctx, bomb, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1], Filter: 'FlateDecode' }) } }) });
    // The bomb as the second of the page's own content streams.
    const withBomb = await contentPdf({ content: ['BT /F1 10 Tf 100 700 Td (page) Tj ET', { data: bomb, dict: { Filter: 'FlateDecode' } }], resources: (ctx) => ({ Font: { F1: helvetica(ctx) } }) });
    expect((await itemsOf(bytes)).map((i) => i.str)).toEqual(['page']);
    expect((await pageTextBoxes(withBomb, 0)).length).toBe(1);
  }, 60_000);

  it('garbage content yields no text and no exception', async () => {
    const noise = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256);
    const bytes = await contentPdf({ content: noise, resources: (ctx) => ({ Font: { F1: helvetica(ctx) } }) });
    await expect(itemsOf(bytes)).resolves.toBeInstanceOf(Array);
  });

  it('names in /XObject that point nowhere are skipped', async () => {
    const bytes = await contentPdf({ content: '/X Do /Y Do BT /F1 10 Tf 10 10 Td (ok) Tj ET', resources: (ctx) => ({ Font: { F1: helvetica(ctx) }, XObject: { X: form(ctx, '', []), Y: ctx.obj(3) } }) });
    expect((await itemsOf(bytes)).map((i) => i.str)).toEqual(['ok']);
  });
});
