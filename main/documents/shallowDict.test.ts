import { describe, expect, it } from 'vitest';
import { shallowDictEntries } from './shallowDict';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (s: string, keys: string[]) => {
  const b = bytes(s);
  const entries = shallowDictEntries(b, 0, new Set(keys));
  return entries && Object.fromEntries([...entries].map(([k, r]) => [k, Buffer.from(b.subarray(r.from, r.to)).toString('latin1')]));
};

describe('shallowDictEntries', () => {
  it('reads the wanted entries and skips nested dictionaries, arrays, strings and references', () => {
    const page = '<< /Type /Page /Parent 1 0 R /Resources << /Font << /F1 4 0 R /F2 << /X (a\\)b(c)d) >> >> /P [1 2 <</Q 3>>] >> /MediaBox [0 0 595 842] /Rotate 90 /Annots 7 0 R /T (x(y)z) /H <414243> >>';
    expect(text(page, ['Type', 'MediaBox', 'Rotate', 'Annots', 'Kids'])).toEqual({ Type: '/Page', MediaBox: '[0 0 595 842]', Rotate: '90', Annots: '7 0 R' });
  });

  it('the last copy of a key wins, as in pdf-lib', () => {
    expect(text('<< /Rotate 90 /Rotate 180 >>', ['Rotate'])).toEqual({ Rotate: '180' });
  });

  it('leaves streams, comments, escaped names and broken input to the full parser', () => {
    expect(text('<< /Length 3 >>\nstream\nabc\nendstream', ['Length'])).toBeUndefined();
    expect(text('<< /Type /Page % a comment\n>>', ['Type'])).toBeUndefined();
    expect(text('<< /Ty#70e /Page >>', ['Type'])).toBeUndefined();
    expect(text('<< /Type /Page /Kids [1 0 R', ['Type'])).toBeUndefined();
    expect(text('[ /Page ]', ['Type'])).toBeUndefined();
  });
});
