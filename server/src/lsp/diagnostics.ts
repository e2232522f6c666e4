/**
 * Findings → LSP diagnostics. Each diagnostic carries what it does not already show of its finding in `data`
 * (evidence, fixes, the version they are for), so code actions work from what was published and never re-run the
 * analysis; `findingOf` puts the finding back together from the diagnostic (its code is the rule, its severity maps
 * one to one) and the rule's metadata.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { ruleDocsUrl } from '../core/ruleLinks';
import type { AnalysisError, Finding, Severity } from '../core/findings';
import { ruleById } from '../core/rules';

export const SOURCE = 'drydock';
/** Code of the one diagnostic that reports problems with the analysis itself. */
export const ANALYSIS_PROBLEM_CODE = 'drydock/analysis';

/**
 * What `data` carries. The message, range, rule (the code) and severity are the diagnostic's own, and the rule's
 * equivalents and compliance are the same for all its findings: repeating them made `data` three fifths of a large
 * manifest's publish, which the server encodes and the editor decodes and keeps on every keystroke (the rule and
 * severity alone were a ninth of a 300-line Dockerfile's publish).
 */
export interface PublishedFinding {
  evidence?: string;
  fixes?: Finding['fixes'];
}

export interface FindingData {
  finding: Finding;
  /** Document version the finding was computed for; edits are only valid against it. */
  version: number;
}

function published(finding: Finding): PublishedFinding {
  const data: PublishedFinding = {};
  if (finding.evidence !== undefined) data.evidence = finding.evidence;
  if (finding.fixes !== undefined) data.fixes = finding.fixes;
  return data;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const SEVERITY_OF = new Map(Object.entries(SEVERITY).map(([severity, lsp]) => [lsp, severity as Severity]));

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

/** What every diagnostic of a rule shares (its documentation link, its tags), built once per rule: a publish has hundreds. */
const perRule = new Map<string, { codeDescription: { href: string }; tags: DiagnosticTag[] | undefined }>();

function sharedOf(finding: Finding): { codeDescription: { href: string }; tags: DiagnosticTag[] | undefined } {
  let shared = perRule.get(finding.rule);
  if (!shared) {
    shared = { codeDescription: { href: ruleDocsUrl(finding.rule) }, tags: tagsFor(finding) };
    perRule.set(finding.rule, shared);
  }
  return shared;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const { codeDescription, tags } = sharedOf(finding);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription,
    source: SOURCE,
    message: finding.message,
    data: { finding: published(finding), version },
  };
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

/**
 * The finding a published diagnostic stands for, put back together: the diagnostic's rule, severity, message and range
 * (as the editor holds them now), the rule's equivalents and compliance, `data`'s evidence and fixes. `file` is the
 * caller's (a diagnostic does not name its document).
 */
export function findingOf(diagnostic: Diagnostic, file = ''): FindingData | undefined {
  if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') return undefined;
  const data = diagnostic.data as { finding?: PublishedFinding; version?: unknown } | undefined;
  const compact = data?.finding;
  if (!compact) return undefined;
  const rule = ruleById(diagnostic.code);
  const finding: Finding = {
    rule: diagnostic.code,
    severity: SEVERITY_OF.get(diagnostic.severity ?? DiagnosticSeverity.Warning) ?? 'warning',
    file,
    range: diagnostic.range,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    equivalents: rule?.equivalents ?? [],
    compliance: rule?.compliance ?? [],
  };
  if (compact.evidence !== undefined) finding.evidence = compact.evidence;
  if (compact.fixes !== undefined) finding.fixes = compact.fixes;
  return { finding, version: typeof data.version === 'number' ? data.version : -1 };
}

export function ruleTitle(ruleId: string): string {
  return ruleById(ruleId)?.title ?? ruleId;
}
