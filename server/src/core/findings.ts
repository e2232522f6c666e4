/**
 * Plain-data contracts shared by every shell (language server, CLI) and every rule.
 * Nothing here knows about LSP; positions are 0-based line/character like LSP so the
 * shells can pass them through unchanged.
 */
import type { ImageUse } from './images/references';
import type { ModelCandidates } from './model/candidates';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user would pick nine times out of ten; VS Code marks it preferred. */
  isPreferred?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  range: Range;
  message: string;
  equivalents: string[];
  compliance: string[];
  evidence?: string;
  fixes?: Fix[];
}

/** A problem with the analysis itself (a rule threw, a file could not be read); never fatal. */
export interface AnalysisError {
  file: string;
  rule?: string;
  message: string;
}

export interface AnalysisResult {
  findings: Finding[];
  errors: AnalysisError[];
  /** With `collectInputs`: what the shells should scan and score before analysing again. */
  inputs?: DocumentInputs;
  /** With time budgets: rules that took longer than their budget (the shell skips them for later analyses). */
  overruns?: { rule: string; ms: number }[];
  /** With time budgets: how many rules were not run because the analysis passed its per-file budget. */
  rulesNotRun?: number;
}

/** What a document asks the shells to look up: image references and model candidates. */
export interface DocumentInputs {
  imageUses: readonly ImageUse[];
  modelCandidates: ModelCandidates;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}
