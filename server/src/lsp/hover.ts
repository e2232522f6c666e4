/** Hover: the explanation of every finding under the cursor, from the last published result. */
import { MarkupKind, type Hover, type HoverParams, type Position, type Range } from 'vscode-languageserver';
import type { Finding } from '../core/findings';
import { ruleById } from '../core/rules';
import { findingMarkdown } from '../core/explain/markdown';
import type { Validator } from './validator';
import { coexistenceNote } from './coexistence';

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function findingsAt(findings: readonly Finding[], position: Position): Finding[] {
  return findings.filter((f) => contains(f.range, position));
}

export function hover(validator: Validator, params: HoverParams): Hover | null {
  const result = validator.resultFor(params.textDocument.uri);
  if (!result) return null;
  const hits = findingsAt(result.findings, params.position);
  if (hits.length === 0) return null;
  const value = hits
    .map((f) => {
      const markdown = findingMarkdown(f, ruleById(f.rule));
      // Said where it matters: with Docker DX installed, why this one is (or elsewhere is not) shown.
      const note = validator.peers.dockerDx ? coexistenceNote(f.rule) : undefined;
      return note ? `${markdown}\n\n${note}` : markdown;
    })
    .join('\n\n---\n\n');
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  if (hits.length === 1) hover.range = hits[0].range;
  return hover;
}
