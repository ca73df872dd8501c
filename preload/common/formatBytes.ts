/**
 * 1536 → "1.5 KB", 12_582_912 → "12 MB": binary units, as file managers on the stations show them.
 * One function for the services' messages and the teller's health bar (no Node built-ins: the
 * renderer imports it too).
 */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} bytes` : `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
