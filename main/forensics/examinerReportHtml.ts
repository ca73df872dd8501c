import type { Chart } from './examinerReportCharts';
import { overlayChart, profileChart } from './examinerReportCharts';
import type { ExaminerReport, ReportSignature } from './examinerReport';

/** The examiner's report as one self-contained HTML page (inline SVG, no scripts, no external resources). Pure. */
export function renderExaminerReportHtml(report: ExaminerReport): string {
  const v = report.verdict;
  const provenanceRow = (role: string, s: ReportSignature, extra = '') => {
    const p = s.provenance;
    return `<tr><td>${esc(role)}</td><td>${esc(s.name)}</td><td>${esc(s.format)}</td><td>${esc(p.device)}<br><small>${esc(p.source)} / ${esc(p.profile)}</small></td>` +
      `<td>${p.nominalRateHz ? `${p.nominalRateHz} Hz nominal, ` : ''}${p.measuredRateHz.toFixed(0)} Hz measured</td><td>${p.samples} (${p.penDownPoints} pen-down), ${p.strokes} strokes, ${(p.durationMs / 1000).toFixed(2)} s${p.gaps ? `, <b>${p.gaps} capture gap(s)</b>` : ''}</td>` +
      `<td>${esc(p.capturedAt || 'unknown')}</td><td><code>${esc(s.sha256)}</code>${p.sealedIn ? `<br><small>sealed in document revision <code>${esc(p.sealedIn.documentSha256)}</code>${p.sealedIn.fieldName ? `, field ${esc(p.sealedIn.fieldName)}` : ''}${p.sealedIn.sealedAt ? `, ${esc(p.sealedIn.sealedAt)}` : ''}</small>` : ''}</td>${extra}</tr>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#1b1f23}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccd;padding:3px 6px;vertical-align:top;text-align:left}
code{font-size:10px;word-break:break-all}.verdict{font-size:1.1em;padding:.6em 1em;border-left:6px solid ${v.consistent ? '#2e7d32' : '#c0392b'};background:#f6f8fa}
svg{border:1px solid #dde;background:#fff;display:block;margin:.4em 0}.legend span{margin-right:1.2em}
</style></head><body>
<h1>${esc(report.title)}</h1>
<p>Generated ${esc(report.generatedAt)}${report.document ? ` for document ${esc(report.document.name ?? '')} (SHA-256 <code>${esc(report.document.sha256)}</code>)` : ''}.</p>
<div class="verdict"><b>Score ${v.score.toFixed(2)}</b> (threshold ${v.threshold.toFixed(2)}): ${v.consistent ? 'consistent with the references' : 'not consistent with the references'}</div>
<h2>What the score means</h2>
<ul>${report.interpretation.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<h2>Trajectories</h2>
${svg(overlayChart(report))}
<h2>Pressure and speed</h2>
${svg(profileChart(report, 'pressure'))}
${svg(profileChart(report, 'speed'))}
<h2>Distances to each reference</h2>
<p>Alignment distance after per-signature normalisation; the references lie on average ${report.referenceSpread.toFixed(3)} apart from each other.</p>
<table><tr><th>reference</th><th>distance</th><th>relative to the references' own spread</th></tr>
${report.references.map((r, i) => `<tr><td>${esc(r.name)}${i === report.nearest ? ' (nearest)' : ''}</td><td>${r.distance.toFixed(3)}</td><td>${(r.distance / report.referenceSpread).toFixed(2)}×</td></tr>`).join('\n')}
</table>
<h2>Provenance</h2>
<table><tr><th>role</th><th>file</th><th>format</th><th>device</th><th>sampling</th><th>points</th><th>captured</th><th>file SHA-256</th></tr>
${provenanceRow('questioned', report.questioned)}
${report.references.map((r, i) => provenanceRow(`reference ${i + 1}`, r)).join('\n')}
</table>
<h2>Method</h2>
<ul>${report.method.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
</body></html>
`;
}

function svg(chart: Chart): string {
  const lines = chart.lines
    .map((l) => `<polyline fill="none" stroke="${l.colour}" stroke-width="${l.width}" stroke-linejoin="round" points="${l.points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`)
    .join('');
  const legend = chart.legend.map((e) => `<span style="color:${e.colour}">&#9644; ${esc(e.label)}</span>`).join('');
  return `<figure><figcaption>${esc(chart.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-label="${esc(chart.title)}">${lines}</svg><div class="legend">${legend}${chart.xLabel ? ` <small>${esc(chart.xLabel)}</small>` : ''}</div></figure>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
