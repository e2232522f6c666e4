/**
 * Findings → LSP diagnostics. Each diagnostic carries its finding in `data`, so hovers and code
 * actions work from what was published and never re-run the analysis.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { ruleDocsUrl } from '../core/ruleLinks';
import type { AnalysisError, Finding, Severity } from '../core/findings';
import { ruleById } from '../core/rules';

export const SOURCE = 'drydock';
/** Code of the one diagnostic that reports problems with the analysis itself. */
export const ANALYSIS_PROBLEM_CODE = 'drydock/analysis';

export interface FindingData {
  finding: Finding;
  /** Document version the finding was computed for; edits are only valid against it. */
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * A rule's section in docs/rules.md: the same URL the CLI's SARIF helpUri uses (the anchor is the
 * explicit `<a id>` the rule reference writes); a test keeps the two identical.
 */
export { ruleDocsUrl };

/** Rules that flag deprecated syntax get the strike-through tag. */
function tagsFor(finding: Finding): DiagnosticTag[] | undefined {
  if (finding.equivalents.includes('hadolint:DL4000') || /maintainer/.test(finding.rule) || /deprecated/.test(finding.rule)) {
    return [DiagnosticTag.Deprecated];
  }
  return undefined;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    source: SOURCE,
    message: finding.message,
    data: { finding, version } satisfies FindingData,
  };
  const tags = tagsFor(finding);
  if (tags) diagnostic.tags = tags;
  return diagnostic;
}

/**
 * All analysis problems of one run folded into one information diagnostic on the first line,
 * so a crashing rule or an oversized file shows up once instead of as a storm.
 */
export function analysisProblemDiagnostic(errors: readonly AnalysisError[], extra: readonly string[] = []): Diagnostic | undefined {
  const messages = [...errors.map((e) => e.message), ...extra];
  if (messages.length === 0) return undefined;
  const unique = [...new Set(messages)];
  const shown = unique.slice(0, 5);
  const more = unique.length > shown.length ? ` (and ${unique.length - shown.length} more; see the Drydock output)` : '';
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: ANALYSIS_PROBLEM_CODE,
    source: SOURCE,
    message: `Drydock: ${shown.join('; ')}${more}`,
  };
}

export function findingOf(diagnostic: Diagnostic): FindingData | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const data = diagnostic.data as Partial<FindingData> | undefined;
  if (!data || !data.finding || typeof data.finding.rule !== 'string') return undefined;
  return { finding: data.finding, version: typeof data.version === 'number' ? data.version : -1 };
}

export function ruleTitle(ruleId: string): string {
  return ruleById(ruleId)?.title ?? ruleId;
}
