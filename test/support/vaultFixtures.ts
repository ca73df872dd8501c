import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyProvider } from '../../main/vault/localKeyProvider';
import { localProviderFile, defaultProtector } from '../../main/vault/createKeyProvider';
import { openVault, type Vault } from '../../main/vault/vault';

/** A fresh folder under the OS temp dir; remove() deletes it. */
export function tempDir(prefix = 'vault-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openLocalVault(dir: string, tenant = 'bank-a', stationId = 'station-7', migrationsDir?: string): Promise<{ vault: Vault; provider: LocalKeyProvider }> {
  const provider = LocalKeyProvider.open(localProviderFile(dir), defaultProtector(dir));
  return { vault: await openVault({ dir, tenant, stationId, keyProvider: provider, migrationsDir }), provider };
}

/**
 * A small real PDF whose page text (uncompressed, so a leak would be visible in raw bytes)
 * carries the given marker.
 */
export function pdfWithText(marker: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${marker}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Every regular file under dir, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * Which markers appear in which files, as UTF-8, UTF-16LE or Latin-1 bytes. Expected: none.
 */
export function findPlaintextMarkers(dir: string, markers: string[]): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const m of markers) {
      for (const enc of ['utf8', 'utf16le', 'latin1'] as const) {
        if (bytes.includes(Buffer.from(m, enc))) hits.push(`${file}: ${m} (${enc})`);
      }
    }
  }
  return hits;
}
