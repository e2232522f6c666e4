/**
 * The security report's HTML: charts drawn as inline SVG by the few functions below (no chart
 * library, no remote content). Colours come only from the stylesheet (media/report.css), which
 * reads VS Code's theme variables; the markup carries classes and geometry, never a colour or a
 * style attribute, so the strict content security policy holds. No `vscode` import: unit-tested
 * in test/unit/reportHtml.test.ts.
 */
import type { SecurityReportResponse } from '../../server/src/lsp/workspaceScan';
import type { ComplianceFramework, CountRow, ImageReport, SecurityReport, SeverityCounts } from '../../server/src/core/report';

export interface ReportPage {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
  /** How times are shown (the extension passes the user's locale formatting). */
  formatTime?: (iso: string) => string;
}

type SeverityKey = keyof SeverityCounts;
const SEVERITY_ROWS: { key: SeverityKey; label: string }[] = [
  { key: 'error', label: 'Errors' },
  { key: 'warning', label: 'Warnings' },
  { key: 'info', label: 'Information' },
  { key: 'hint', label: 'Hints' },
];
const VULNERABILITY_ROWS = [
  { key: 'critical', label: 'Critical' },
  { key: 'high', label: 'High' },
  { key: 'medium', label: 'Medium' },
  { key: 'low', label: 'Low' },
  { key: 'unknown', label: 'Unknown' },
] as const;
const CATEGORY_NAMES: Record<string, string> = {
  privileges: 'Privileges',
  secrets: 'Secrets',
  'supply-chain': 'Supply chain',
  integrity: 'Integrity',
  exposure: 'Exposure',
  'best-practice': 'Best practice',
  correctness: 'Correctness',
  maintainability: 'Maintainability',
  resources: 'Resources',
  reliability: 'Reliability',
  'access-control': 'Access control',
  other: 'Other',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Segment {
  /** CSS class that gives the segment its theme colour. */
  cls: string;
  value: number;
  title: string;
}

interface BarRow {
  label: string;
  segments: Segment[];
  /** A file the row opens when its label is clicked. */
  file?: string;
}

/** Bars are drawn in a 100-unit wide box stretched to the column; rows share one scale. */
const BAR_WIDTH = 100;
const BAR_HEIGHT = 10;

function bar(segments: readonly Segment[], max: number): string {
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const width = max > 0 ? (s.value / max) * BAR_WIDTH : 0;
      const rect = `<rect class="seg ${s.cls}" x="${x.toFixed(2)}" y="0" width="${width.toFixed(2)}" height="${BAR_HEIGHT}"><title>${escapeHtml(s.title)}</title></rect>`;
      x += width;
      return rect;
    });
  return `<svg class="bar" viewBox="0 0 ${BAR_WIDTH} ${BAR_HEIGHT}" preserveAspectRatio="none" aria-hidden="true">${rects.join('')}</svg>`;
}

/** A horizontal bar chart: label, stacked bar, total. The aria label reads the numbers out. */
function barChart(caption: string, rows: readonly BarRow[]): string {
  if (rows.length === 0) return `<p class="empty">Nothing to chart.</p>`;
  const totals = rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0));
  const max = Math.max(1, ...totals);
  const spoken = rows.map((r, i) => `${r.label}: ${totals[i]}`).join('; ');
  const body = rows
    .map((row, i) => {
      const label = row.file
        ? `<button class="label link" data-open="${escapeHtml(row.file)}" title="Open ${escapeHtml(row.file)}">${escapeHtml(row.label)}</button>`
        : `<span class="label" title="${escapeHtml(row.label)}">${escapeHtml(row.label)}</span>`;
      return `<div class="row">${label}${bar(row.segments, max)}<span class="value">${totals[i]}</span></div>`;
    })
    .join('');
  return `<figure class="chart" role="img" aria-label="${escapeHtml(`${caption}. ${spoken}`)}"><figcaption>${escapeHtml(caption)}</figcaption>${body}</figure>`;
}

function severitySegments(counts: SeverityCounts): Segment[] {
  return SEVERITY_ROWS.map(({ key, label }) => ({ cls: `sev-${key}`, value: counts[key], title: `${label}: ${counts[key]}` }));
}

function countRows(rows: readonly CountRow[], openable = false): BarRow[] {
  return rows.map((row) => ({ label: row.label, segments: severitySegments(row.bySeverity), file: openable ? row.label : undefined }));
}

function legend(entries: readonly { cls: string; label: string }[]): string {
  return `<ul class="legend">${entries.map((e) => `<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="seg ${e.cls}" width="10" height="10"/></svg>${escapeHtml(e.label)}</li>`).join('')}</ul>`;
}

const SEVERITY_LEGEND = legend(SEVERITY_ROWS.map(({ key, label }) => ({ cls: `sev-${key}`, label })));

function tiles(report: SecurityReport): string {
  const tile = (value: number | string, label: string, cls = '') => `<div class="tile ${cls}"><span class="number">${escapeHtml(String(value))}</span><span class="caption">${escapeHtml(label)}</span></div>`;
  return `<div class="tiles">${[
    tile(report.total, 'findings'),
    tile(report.bySeverity.error, 'errors', 'tile-error'),
    tile(report.bySeverity.warning, 'warnings', 'tile-warning'),
    tile(report.bySeverity.info, 'information', 'tile-info'),
    tile(`${report.filesWithFindings}/${report.files}`, 'files with findings'),
  ].join('')}</div>`;
}

function imagesSection(images: ImageReport): string {
  if (images.state === 'off') {
    return (
      `<p class="note">Image scanning off. Drydock looks images up in their registries only when you turn on ` +
      `<button class="link" data-settings="drydock.network.enabled">drydock.network.enabled</button> (in a trusted workspace); every other rule works offline.</p>`
    );
  }
  const status = `${images.scanned} scanned${images.failed > 0 ? `, ${images.failed} failed` : ''}${images.pending > 0 ? `, ${images.pending} waiting` : ''}`;
  if (images.images.length === 0) return `<p class="note">Image scanning on; no image scanned yet (${escapeHtml(status)}).</p>`;
  const rows: BarRow[] = VULNERABILITY_ROWS.map(({ key, label }) => {
    const { fixable, unfixable } = images.bySeverity[key];
    return {
      label,
      segments: [
        { cls: `vuln-${key}`, value: fixable, title: `${label}, fix available: ${fixable}` },
        { cls: `vuln-${key} nofix`, value: unfixable, title: `${label}, no fix yet: ${unfixable}` },
      ],
    };
  });
  const perImage = images.images
    .map(
      (row) =>
        `<tr><td class="mono">${escapeHtml(row.reference)}</td>${VULNERABILITY_ROWS.map(({ key }) => `<td class="num">${row.bySeverity[key]}</td>`).join('')}` +
        `<td class="num">${row.fixable}/${row.total}</td><td>${row.problem ? escapeHtml(row.problem) : ''}</td></tr>`,
    )
    .join('');
  return (
    `<p class="note">Images: ${escapeHtml(status)}.</p>` +
    barChart('Image vulnerabilities by severity (solid: a fixed version exists; faint: no fix yet)', rows) +
    legend([
      { cls: 'vuln-high', label: 'fix available' },
      { cls: 'vuln-high nofix', label: 'no fix yet' },
    ]) +
    `<table><thead><tr><th>Image</th>${VULNERABILITY_ROWS.map(({ label }) => `<th class="num">${label}</th>`).join('')}<th class="num">Fixable</th><th>Note</th></tr></thead><tbody>${perImage}</tbody></table>`
  );
}

function complianceSection(frameworks: readonly ComplianceFramework[]): string {
  return frameworks
    .filter((f) => f.items.length > 0)
    .map((framework) => {
      const clean = framework.items.length - framework.withFindings;
      const coverage = bar(
        [
          { cls: 'cov-fail', value: framework.withFindings, title: `${framework.withFindings} items with findings` },
          { cls: 'cov-pass', value: clean, title: `${clean} items checked without findings` },
        ],
        framework.items.length,
      );
      const items = framework.items
        .map((item) => {
          const state = item.findings > 0 ? 'fail' : 'pass';
          const count = item.findings > 0 ? ` <span class="count">${item.findings}</span>` : '';
          return `<li class="item ${state}" title="${escapeHtml(`${item.label} — checked by ${item.rules.join(', ')}`)}">${escapeHtml(item.short)}${count}</li>`;
        })
        .join('');
      return (
        `<section class="framework" aria-label="${escapeHtml(framework.name)}"><h3>${escapeHtml(framework.name)}</h3>` +
        `<p class="note">${framework.items.length} items checked by Drydock's rules; ${framework.withFindings} with findings.</p>` +
        `<div class="coverage" role="img" aria-label="${escapeHtml(`${framework.withFindings} of ${framework.items.length} items with findings`)}">${coverage}</div>` +
        `<ul class="items">${items}</ul></section>`
      );
    })
    .join('');
}

export function renderReport(response: SecurityReportResponse, page: ReportPage): string {
  const { report } = response;
  const time = page.formatTime ?? ((iso: string) => iso);
  const scope =
    response.scope === 'workspace'
      ? `Workspace, scanned ${escapeHtml(time(response.scannedAt ?? response.generatedAt))}.`
      : `Open files only. <button class="link" data-command="scan">Scan the workspace</button> to include every file.`;
  const peers =
    report.leftToPeers > 0
      ? `<p class="note">${report.leftToPeers} of these findings are left to Docker DX or Red Hat YAML in the editor (they report the same concern); they are counted here.</p>`
      : '';
  const fileRows = countRows(report.byFile, true);
  if (report.otherFiles) fileRows.push({ label: report.otherFiles.label, segments: severitySegments(report.otherFiles.bySeverity) });
  const csp = [`default-src 'none'`, `img-src ${page.cspSource}`, `style-src ${page.cspSource}`, `font-src ${page.cspSource}`, `script-src 'nonce-${page.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>Drydock Security Report</title>
</head>
<body>
<header>
<h1>Drydock Security Report</h1>
<p class="scope">${scope} Generated ${escapeHtml(time(response.generatedAt))}.</p>
<nav><button data-command="refresh">Refresh</button> <button data-command="scan">Scan Workspace</button> <button data-command="export">Export SARIF</button></nav>
</header>
<main>
${tiles(report)}
${peers}
<section aria-labelledby="findings"><h2 id="findings">Findings</h2>
${SEVERITY_LEGEND}
<div class="grid">
${barChart('By severity', SEVERITY_ROWS.map(({ key, label }) => ({ label, segments: [{ cls: `sev-${key}`, value: report.bySeverity[key], title: `${label}: ${report.bySeverity[key]}` }] })))}
${barChart('By category', countRows(report.byCategory).map((r) => ({ ...r, label: CATEGORY_NAMES[r.label] ?? r.label })))}
${barChart('By file', fileRows)}
${barChart('By rule (worst first)', countRows(report.byRule))}
</div>
</section>
<section aria-labelledby="images"><h2 id="images">Image vulnerabilities</h2>
${imagesSection(report.images)}
</section>
<section aria-labelledby="compliance"><h2 id="compliance">Compliance coverage</h2>
<p class="note">Items of each framework that Drydock's rules check; highlighted items have findings in this report.</p>
${complianceSection(report.compliance)}
</section>
</main>
<script nonce="${escapeHtml(page.nonce)}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>
`;
}
