/**
 * Code actions, built from the findings recorded with the published diagnostics (no re-lint):
 * the rule's own fixes, fix-all for a rule, ignore for this instruction / this file, show
 * documentation, and `source.fixAll.drydock` for editor.codeActionsOnSave.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, TextEdit } from '../core/findings';
import { ignoreFileEdit, ignoreLineEdit } from '../core/ignoreComments';
import { LineIndex } from '../core/text';
import { findingOf } from './diagnostics';
import type { Validator } from './validator';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.drydock`;
/** Client-side commands the actions refer to. */
export const COMMAND_SHOW_DOCUMENTATION = 'drydock.showRuleDocumentation';
export const COMMAND_PLACE_CURSOR = 'drydock.placeCursor';
/** Server-side: appends a marked model finding to the local feedback file when the user opted in. */
export const COMMAND_RECORD_FEEDBACK = 'drydock.recordModelFeedback';

export interface CodeActionOptions {
  /** The client accepts versioned `documentChanges`, so stale edits are refused rather than misapplied. */
  documentChanges: boolean;
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function workspaceEdit(uri: string, version: number | null, edits: LspTextEdit[], options: CodeActionOptions): WorkspaceEdit {
  if (options.documentChanges) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  return { changes: { [uri]: edits } };
}

function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes?.find((f) => f.isPreferred) ?? finding.fixes?.[0];
}

/**
 * The preferred fix of each finding, skipping any fix that touches text another accepted fix
 * already changes (applying both could corrupt the line). Order: document order.
 */
export function nonOverlappingEdits(text: string, findings: readonly Finding[], lines = new LineIndex(text)): TextEdit[] {
  const accepted: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  const ordered = [...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const finding of ordered) {
    const fix = preferredFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }));
    const clashes = spans.some((s) => accepted.some((a) => (s.start < a.end && a.start < s.end) || s.start === a.start || (s.start === s.end && s.start > a.start && s.start < a.end)));
    if (clashes) continue;
    accepted.push(...spans);
    edits.push(...fix.edits);
  }
  return edits;
}

export async function codeActions(
  validator: Validator,
  document: TextDocument,
  params: CodeActionParams,
  options: CodeActionOptions,
): Promise<CodeAction[]> {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const uri = document.uri;

  if (wants(only, CodeActionKind.QuickFix)) {
    const perRule = new Set<string>();
    // One line index per request: a 5,000-line manifest's takes longer to build than the rest of the request.
    let linesOfText: LineIndex | undefined;
    const lines = () => (linesOfText ??= new LineIndex(document.getText()));
    const result = validator.resultFor(uri);
    for (const diagnostic of params.context.diagnostics) {
      const data = findingOf(diagnostic);
      if (!data) continue;
      const { finding, version } = data;
      for (const fix of finding.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred === true,
          edit: workspaceEdit(uri, version, fix.edits, options),
        });
      }
      if (perRule.has(finding.rule)) continue;
      perRule.add(finding.rule);
      const rule = finding.rule;

      // Fix all of this rule, only from a result that matches the diagnostic's version.
      if (result && result.version === version) {
        const same = result.findings.filter((f) => f.rule === rule && preferredFix(f));
        if (same.length > 1) {
          const edits = nonOverlappingEdits(document.getText(), same, lines());
          actions.push({
            title: `Fix all ${rule} problems in this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: relatedDiagnostics(params.context.diagnostics, rule),
            edit: workspaceEdit(uri, version, edits, options),
          });
        }
      }

      // Both ignore actions insert a comment, then put the cursor where the reason goes.
      const ignoreAction = (title: string, insertion: ReturnType<typeof ignoreLineEdit>) => ({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(uri, document.version, [insertion.edit], options),
        command: { title: 'Type the reason', command: COMMAND_PLACE_CURSOR, arguments: [{ uri, line: insertion.cursor.line, character: insertion.cursor.character }] },
      });
      // JSON has no comments: manifests written in JSON are suppressed with the drydock.dev/ignore annotation.
      const yaml = !rule.startsWith('dockerfile/');
      if (!(yaml && (document.languageId === 'json' || /\.json$/i.test(uri)))) {
        const lineIgnore = ignoreLineEdit(document.getText(), finding.range.start.line, rule, yaml ? 'yaml' : 'dockerfile', lines());
        if (rule.startsWith('model/')) {
          // "Mark as expected": the same reasoned comment, and (when the user opted in) a line in the local feedback file.
          const flagged = document.getText({ start: finding.range.start, end: finding.range.end });
          actions.push({
            title: `Mark as expected (${rule})`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: workspaceEdit(uri, document.version, [lineIgnore.edit], options),
            command: { title: 'Record model feedback', command: COMMAND_RECORD_FEEDBACK, arguments: [{ rule, text: flagged, uri }] },
          });
        }
        actions.push(ignoreAction(`Ignore ${rule} for this ${yaml ? 'entry' : 'line'}`, lineIgnore));
        actions.push(ignoreAction(`Ignore ${rule} in this file`, ignoreFileEdit(document.getText(), rule, lines())));
      }
      actions.push({
        title: `Show documentation for ${rule}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${rule}`, command: COMMAND_SHOW_DOCUMENTATION, arguments: [rule] },
      });
    }
  }

  // Source actions are only offered when asked for (code actions on save, "Source Action…").
  if (only && wants(only, FIX_ALL_KIND)) {
    const result = validator.resultFor(uri);
    const findings = result && result.version === document.version ? result.findings : await validator.analyseNow(document);
    const edits = await fixAllEdits(validator, document, findings);
    if (edits.length > 0) {
      actions.push({ title: 'Fix all Drydock problems', kind: FIX_ALL_KIND, edit: workspaceEdit(uri, document.version, edits, options) });
    }
  }
  return actions;
}

/** Passes of fix-all: fixes that touch the same spot (two keys added to one mapping) land in later passes. */
const MAX_FIX_PASSES = 10;

/**
 * Fix-on-save applies every fix, like ESLint's fix-all: the non-overlapping preferred fixes, then
 * the text is analysed again in memory and the fixes that had to wait are applied, up to
 * MAX_FIX_PASSES times. The result is one edit covering only the changed middle of the file.
 */
export async function fixAllEdits(validator: Pick<Validator, 'analyseText'>, document: TextDocument, findings: readonly Finding[]): Promise<TextEdit[]> {
  const original = document.getText();
  let text = original;
  let current = findings;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = nonOverlappingEdits(text, current);
    if (edits.length === 0) break;
    const next = applyTextEdits(text, edits);
    if (next === text) break;
    text = next;
    current = await validator.analyseText(document, text);
  }
  if (text === original) return [];
  let prefix = 0;
  const limit = Math.min(original.length, text.length);
  while (prefix < limit && original.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && original.charCodeAt(original.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const lines = new LineIndex(original);
  return [{ range: lines.range(prefix, original.length - suffix), newText: text.slice(prefix, text.length - suffix) }];
}

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function relatedDiagnostics(diagnostics: readonly Diagnostic[], rule: string): Diagnostic[] {
  return diagnostics.filter((d) => findingOf(d)?.finding.rule === rule);
}
