/**
 * The one entry point of the analysis core: text + config in, findings out. The language
 * server and the CLI both call `analyzeDocument`, which is what makes their results identical.
 */
import type { AnalysisError, AnalysisResult, Finding, Severity } from './findings';
import { compareFindings } from './findings';
import type { DrydockConfig, RuleConfig } from './config';
import { defaultConfig } from './config';
import type { DocumentKind, OffsetFix, ProjectFacts, Report, Rule } from './rule';
import { detectKind } from './documents/detect';
import { parseDockerfile, type DockerfileModel } from './documents/dockerfile';
import type { ShellParser } from './documents/shell';
import { dockerfileSuppressions, isSuppressed } from './suppressions';
import { allRules } from './rules';
import { LineIndex } from './text';

export interface AnalysisInput {
  /** Path (CLI: as given, workspace-relative; server: fs path of the document). */
  fileName: string;
  text: string;
  /** VS Code language id, when the editor knows it. */
  languageId?: string;
}

export interface AnalysisEnvironment {
  shellParser?: ShellParser;
  project?: ProjectFacts;
  rules?: readonly Rule[];
}

/** Rules that run under `config`, with their effective severity. */
export function activeRules(config: DrydockConfig, kind: DocumentKind, rules: readonly Rule[] = allRules): { rule: Rule; severity: Severity }[] {
  const strict = config.profiles.includes('strict');
  const active: { rule: Rule; severity: Severity }[] = [];
  for (const rule of rules) {
    if (rule.kind !== kind) continue;
    const setting = config.rules[rule.id];
    if (setting?.severity === 'off') continue;
    const enabled = setting?.severity !== undefined || rule.enabledByDefault !== false || strict;
    if (!enabled) continue;
    active.push({ rule, severity: (setting?.severity as Severity | undefined) ?? rule.severity });
  }
  return active;
}

export function analyzeDocument(input: AnalysisInput, config: DrydockConfig = defaultConfig(), env: AnalysisEnvironment = {}): AnalysisResult {
  const kind = detectKind(input.fileName, input.languageId);
  if (!kind) return { findings: [], errors: [] };
  const errors: AnalysisError[] = [];
  const refusal = refuseToAnalyse(input, config);
  if (refusal) return { findings: [], errors: [{ file: input.fileName, message: refusal }] };

  // A BOM would glue itself to the first keyword; a space keeps every offset where it was.
  const text = input.text.charCodeAt(0) === 0xfeff ? ` ${input.text.slice(1)}` : input.text;
  let model: DockerfileModel;
  try {
    model = parseDockerfile(text, env.shellParser);
  } catch (error) {
    return { findings: [], errors: [{ file: input.fileName, message: `could not parse the Dockerfile: ${(error as Error).message}` }] };
  }
  const findings: Finding[] = [];
  const suppressions = config.inlineSuppressions ? dockerfileSuppressions(model) : [];
  const lines = model.lines;
  for (const { rule, severity } of activeRules(config, kind, env.rules)) {
    const ruleConfig: RuleConfig = { trustedRegistries: config.trustedRegistries, options: config.rules[rule.id]?.options };
    const reports: Report[] = [];
    try {
      rule.check({ model, fileName: input.fileName, config: ruleConfig, project: env.project ?? {}, report: (r) => reports.push(r) });
    } catch (error) {
      errors.push({ file: input.fileName, rule: rule.id, message: `rule ${rule.id} failed and was skipped: ${(error as Error).message}` });
      continue;
    }
    for (const report of reports) {
      const range = lines.range(report.start, report.end);
      if (isSuppressed(suppressions, rule.id, rule.equivalents, range.start.line)) continue;
      const finding: Finding = {
        rule: rule.id,
        severity,
        file: input.fileName,
        range,
        message: report.message,
        equivalents: rule.equivalents,
        compliance: rule.compliance,
      };
      if (report.evidence !== undefined) finding.evidence = report.evidence;
      if (report.fixes && report.fixes.length > 0) finding.fixes = report.fixes.map((f) => toFix(f, lines));
      findings.push(finding);
    }
  }
  findings.sort(compareFindings);
  return { findings, errors };
}

function toFix(fix: OffsetFix, lines: LineIndex) {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
    ...(fix.isPreferred ? { isPreferred: true } : {}),
  };
}

/** Why a file is not analysed (too large, binary), or undefined when it is fine. */
export function refuseToAnalyse(input: AnalysisInput, config: DrydockConfig): string | undefined {
  if (input.text.length > config.maxFileSizeBytes) {
    return `file is ${formatBytes(input.text.length)}, above the ${formatBytes(config.maxFileSizeBytes)} limit (maxFileSize); not analysed`;
  }
  const head = input.text.slice(0, 8192);
  if (head.includes('\u0000')) return 'file looks binary (it contains NUL bytes); not analysed';
  return undefined;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
