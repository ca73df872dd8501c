import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openPdfModel } from '../../main/documents/pdfDocumentModel';

const run = promisify(execFile);

/**
 * Measures the ink of a sealed signature on the PDF itself: poppler's pdftoppm renders the signed
 * field's rectangle (as a reader shows it), and the ink is found in the pixels. A shape drawn as
 * one closed line (a rectangle, a circle) is a ring of ink around a hole; the line's centre runs
 * halfway between the ring's outer edge and the hole's edge, so the drawn aspect is
 * (outer + hole width) / (outer + hole height), independent of the pen's width.
 */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SealedInk {
  /** The signed field on the page (PDF points) and the raster's resolution. */
  field: { page: number; rect: [number, number, number, number] };
  dpi: number;
  /** Bounding box of the largest connected piece of ink (the caption's letters are small pieces). */
  ink: PixelBox;
  /** The hole that piece encloses (undefined: the loop is filled, or the line is open). */
  hole?: PixelBox;
  /** Width / height of the drawn line's centre: from ink and hole where there is a hole, else the ink. */
  aspect: number;
  /** Whether the pixel at a point of the ink's centre-line box (fractions 0..1, y down) is free of ink. */
  isClear(fx: number, fy: number): boolean;
  /** The rendered field, for a person to look at. */
  png: Uint8Array;
}

interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

function parsePgm(bytes: Uint8Array): Gray {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!m) throw new Error('pdftoppm did not write a binary PGM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { width, height, data: bytes.subarray(m[0].length, m[0].length + width * height) };
}

/** The signed field of the last signature (or the named one). */
async function signedField(pdf: Uint8Array, fieldName?: string) {
  const model = await openPdfModel(pdf);
  const signed = model.signatureFields.filter((f) => f.filled && (!fieldName || f.name === fieldName));
  const f = signed.at(-1);
  if (!f) throw new Error(`no signed field${fieldName ? ` named ${fieldName}` : ''} in the PDF`);
  return { page: f.page, rect: f.rect, pageBox: model.pages[f.page].box };
}

export async function measureSealedInk(pdf: Uint8Array, options: { dpi?: number; fieldName?: string } = {}): Promise<SealedInk> {
  const dpi = options.dpi ?? 300;
  const field = await signedField(pdf, options.fieldName);
  const k = dpi / 72;
  const [x0, y0, x1, y1] = field.rect;
  const crop = ['-x', String(Math.floor((x0 - field.pageBox[0]) * k)), '-y', String(Math.floor((field.pageBox[3] - y1) * k)), '-W', String(Math.ceil((x1 - x0) * k)), '-H', String(Math.ceil((y1 - y0) * k))];
  const dir = mkdtempSync(join(tmpdir(), 'sealed-ink-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const page = ['-f', String(field.page + 1), '-l', String(field.page + 1), '-r', String(dpi), ...crop, '-singlefile'];
    await run('pdftoppm', [...page, '-gray', join(dir, 'doc.pdf'), join(dir, 'field')]);
    await run('pdftoppm', [...page, '-png', join(dir, 'doc.pdf'), join(dir, 'field')]);
    const gray = parsePgm(readFileSync(join(dir, 'field.pgm')));
    const png = readFileSync(join(dir, 'field.png'));
    return { field: { page: field.page, rect: field.rect }, dpi, png, ...measureRaster(gray) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ink is the signature's near-black (0.05 g); the separator line (0.55 G) is lighter and left out. */
const INK = 100;

function measureRaster(g: Gray): Pick<SealedInk, 'ink' | 'hole' | 'aspect' | 'isClear'> {
  const { width: W, height: H, data } = g;
  const dark = (i: number) => data[i] < INK;
  const label = new Int32Array(W * H).fill(-1);
  let best = { size: 0, box: { x: 0, y: 0, width: 0, height: 0 } };
  const stack: number[] = [];
  for (let start = 0; start < W * H; start++) {
    if (!dark(start) || label[start] >= 0) continue;
    let size = 0, minX = W, minY = H, maxX = -1, maxY = -1;
    label[start] = start;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const x = i % W, y = (i / W) | 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
        const j = ny * W + nx;
        if (label[j] < 0 && dark(j)) {
          label[j] = start;
          stack.push(j);
        }
      }
    }
    if (size > best.size) best = { size, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } };
  }
  if (best.size === 0) throw new Error('no ink in the signed field');
  const ink = best.box;
  const hole = holeOf(g, ink);
  const centre = hole
    ? { x: (ink.x + hole.x) / 2, y: (ink.y + hole.y) / 2, width: (ink.width + hole.width) / 2, height: (ink.height + hole.height) / 2 }
    : ink;
  return {
    ink,
    hole,
    aspect: centre.width / centre.height,
    isClear: (fx, fy) => {
      const x = Math.round(centre.x + fx * centre.width), y = Math.round(centre.y + fy * centre.height);
      return x >= 0 && y >= 0 && x < W && y < H && !dark(y * W + x);
    },
  };
}

/** The ink-free region around the ink box's centre, if it does not reach the box's edge. */
function holeOf(g: Gray, box: PixelBox): PixelBox | undefined {
  const { width: W, data } = g;
  const cx = Math.round(box.x + box.width / 2), cy = Math.round(box.y + box.height / 2);
  const inside = (x: number, y: number) => x >= box.x && y >= box.y && x < box.x + box.width && y < box.y + box.height;
  if (data[cy * W + cx] < INK) return undefined;
  const seen = new Uint8Array(g.width * g.height);
  const stack = [cy * W + cx];
  seen[cy * W + cx] = 1;
  let minX = cx, minY = cy, maxX = cx, maxY = cy;
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % W, y = (i / W) | 0;
    if (x === box.x || y === box.y || x === box.x + box.width - 1 || y === box.y + box.height - 1) return undefined;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nx = x + dx, ny = y + dy;
      const j = ny * W + nx;
      if (inside(nx, ny) && !seen[j] && data[j] >= INK) {
        seen[j] = 1;
        stack.push(j);
      }
    }
  }
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}
