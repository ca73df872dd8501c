import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces one `## …` section of bench/RESULTS.md (from the heading that starts with `heading` to the
 * next `## ` heading) with new text, or appends it; the other sections stay as they are.
 */
export function replaceResultsSection(file: string, heading: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  const body = section.trim().split('\n');
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${body.join('\n')}\n`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const next = [...lines.slice(0, start), ...body, ...(end < lines.length ? ['', ...lines.slice(end)] : [''])];
  writeFileSync(file, next.join('\n'));
}
