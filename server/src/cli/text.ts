/** Human output of `drydock scan`: grouped per file, one line per finding, a summary line. */
import type { Severity } from '../core/findings';
import type { ScanResult } from './scan';

const COLORS = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  info: '\u001b[36m',
  hint: '\u001b[90m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
} as const;

export function formatText(result: ScanResult, color: boolean): string {
  const paint = (code: keyof typeof COLORS, text: string) => (color ? `${COLORS[code]}${text}${COLORS.reset}` : text);
  const out: string[] = [];
  const byFile = new Map<string, ScanResult['findings']>();
  for (const f of result.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('bold', file));
    const rows = findings.map((f) => ({
      location: `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
      severity: f.severity,
      rule: f.rule,
      message: f.message,
    }));
    const locationWidth = Math.max(...rows.map((r) => r.location.length));
    const ruleWidth = Math.max(...rows.map((r) => r.rule.length));
    for (const r of rows) {
      out.push(
        `  ${r.location.padEnd(locationWidth)}  ${paint(r.severity, r.severity.padEnd(7))}  ${paint('dim', r.rule.padEnd(ruleWidth))}  ${r.message}`,
      );
    }
    out.push('');
  }
  if (result.errors.length > 0) {
    out.push(paint('bold', 'Not analysed / problems'));
    for (const e of result.errors) out.push(`  ${e.file}  ${paint('error', 'error')}  ${e.rule ? `${e.rule}  ` : ''}${e.message}`);
    out.push('');
  }
  out.push(summaryLine(result, paint));
  return `${out.join('\n')}\n`;
}

function summaryLine(result: ScanResult, paint: (code: Severity | 'bold', text: string) => string): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const total = result.findings.length;
  const files = new Set(result.findings.map((f) => f.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    paint('error', plural(counts.error, 'error')),
    paint('warning', plural(counts.warning, 'warning')),
    paint('info', `${counts.info} info`),
    paint('hint', plural(counts.hint, 'hint')),
  ];
  const head = total === 0 ? 'No findings' : `${plural(total, 'finding')} (${parts.join(', ')}) in ${plural(files, 'file')}`;
  const errors = result.errors.length > 0 ? `, ${plural(result.errors.length, 'problem')} reported above` : '';
  return `${head}; ${plural(result.filesScanned, 'file')} scanned${errors}.`;
}
