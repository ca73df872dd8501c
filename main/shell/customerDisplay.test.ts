import { describe, expect, it } from 'vitest';
import { pickCustomerDisplay } from './customerDisplay';

const primary = { id: 1, label: 'Built-in Retina', bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const wacom = { id: 2, label: 'Wacom DTH134', bounds: { x: 1920, y: 0, width: 1920, height: 1080 } };
const other = { id: 3, label: 'Dell U2720Q', bounds: { x: -2560, y: 0, width: 2560, height: 1440 } };

describe('pickCustomerDisplay', () => {
  it('takes the first non-primary display when nothing is configured', () => {
    expect(pickCustomerDisplay([primary, wacom], 1, '')?.id).toBe(2);
  });
  it('returns none with a single display (ordinary window)', () => {
    expect(pickCustomerDisplay([primary], 1, '')).toBeUndefined();
  });
  it('finds the configured display by id, size or label', () => {
    expect(pickCustomerDisplay([primary, other, wacom], 1, '2')?.id).toBe(2);
    expect(pickCustomerDisplay([primary, other, wacom], 1, '2560x1440')?.id).toBe(3);
    expect(pickCustomerDisplay([primary, other, wacom], 1, 'dth134')?.id).toBe(2);
  });
  it('prefers a non-primary display of the configured size', () => {
    expect(pickCustomerDisplay([primary, wacom], 1, '1920x1080')?.id).toBe(2);
  });
  it('does not fall back to another display when the configured one is unplugged', () => {
    expect(pickCustomerDisplay([primary, other], 1, 'Wacom')).toBeUndefined();
  });
});
