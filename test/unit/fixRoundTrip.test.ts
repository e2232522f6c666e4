/**
 * Every quick fix of every rule, applied alone to every fixture that offers it: the result must
 * still parse, the finding the fix was offered for must be gone, and nothing outside the edited
 * node may change (for YAML: every other document of the file and every byte before and after the
 * smallest mapping or sequence around the edit stay identical).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isSeq, type ParsedNode } from 'yaml';
import { allRules } from '../../server/src/core/rules';
import { loadShellParser } from '../../server/src/shellParserLoader';
import type { ShellParser } from '../../server/src/core/documents/shell';
import type { Fix, Finding } from '../../server/src/core/findings';
import { LineIndex } from '../../server/src/core/text';
import { parseYamlFile, type YamlFile } from '../../server/src/core/documents/yaml';
import { parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { runFixture, defaultFileName } from '../helpers/fixtures';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

function applyFix(text: string, fix: Fix): { text: string; start: number; end: number } {
  const lines = new LineIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, start: Math.min(...edits.map((e) => e.start)), end: Math.max(...edits.map((e) => e.end)) };
}

/** The smallest mapping or sequence whose range holds [start, end]: the node the fix edits. */
function enclosingCollection(file: YamlFile, start: number, end: number): { start: number; end: number; document: number } {
  let best: { start: number; end: number; document: number } | undefined;
  const visit = (node: unknown, document: number, depth: number) => {
    if (!node || depth > 100 || !(isMap(node) || isSeq(node))) return;
    const range = (node as ParsedNode).range;
    // A fix may append right after the node's last character (end of its last line).
    const nodeEnd = Math.max(range[1], file.lines.lineEnd(file.lines.positionAt(Math.max(range[0], range[1] - 1)).line));
    if (range[0] <= start && end <= nodeEnd) {
      if (!best || nodeEnd - range[0] <= best.end - best.start) best = { start: range[0], end: nodeEnd, document };
    }
    for (const item of (node as { items: unknown[] }).items) {
      const pair = item as { key?: unknown; value?: unknown };
      if (isMap(node)) visit(pair.value, document, depth + 1);
      else visit(item, document, depth + 1);
    }
  };
  file.documents.forEach((d, i) => visit(d.contents, i, 0));
  return best ?? { start: 0, end: file.text.length, document: -1 };
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.rule === b.rule && a.message === b.message && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** Fixes applied per rule, so the last test can prove every fixable rule was exercised. */
const applied = new Map<string, number>();
for (const rule of allRules.filter((r) => r.fixable)) {
  describe(`fixes of ${rule.id}`, () => {
    rule.fixtures.forEach((fixture, n) => {
      it(`fixture ${n + 1}: every fix re-parses, removes its finding and stays inside its node`, () => {
        const findings = runFixture(rule, fixture, shellParser);
        const fileName = fixture.fileName ?? defaultFileName(rule);
        const yaml = /\.(ya?ml|json)$/i.test(fileName);
        for (const finding of findings) {
          for (const fix of finding.fixes ?? []) {
            applied.set(rule.id, (applied.get(rule.id) ?? 0) + 1);
            const result = applyFix(fixture.text, fix);
            const after = runFixture(rule, { ...fixture, text: result.text }, shellParser);
            assert.ok(!after.some((f) => sameFinding(f, finding)), `"${fix.title}" left its finding in place:\n${result.text}`);
            assert.ok(after.length < findings.length, `"${fix.title}" did not reduce the findings of ${rule.id}`);
            if (!yaml) {
              assert.doesNotThrow(() => parseDockerfile(result.text, shellParser));
              continue;
            }
            // Parsed files share cached documents: take what is needed from each before the next parse.
            const reparsed = parseYamlFile(result.text);
            assert.deepEqual(reparsed.problems, [], `"${fix.title}" broke the YAML:\n${result.text}`);
            const afterValues = reparsed.documents.map((d) => d.document.toJS({ maxAliasCount: 100 }));
            const original = parseYamlFile(fixture.text);
            assert.equal(afterValues.length, original.documents.length, 'document count changed');
            const node = enclosingCollection(original, result.start, result.end);
            const delta = result.text.length - fixture.text.length;
            assert.equal(result.text.slice(0, node.start), fixture.text.slice(0, node.start), 'text before the edited node changed');
            assert.equal(result.text.slice(node.end + delta), fixture.text.slice(node.end), 'text after the edited node changed');
            original.documents.forEach((d, i) => {
              if (i === node.document) return;
              assert.deepEqual(afterValues[i], d.document.toJS({ maxAliasCount: 100 }), `document ${i + 1} changed`);
            });
          }
        }
      });
    });
  });
}

describe('fix round-trip coverage', () => {
  it('applied at least one fix of every fixable rule', () => {
    const untested = allRules.filter((r) => r.fixable && !applied.get(r.id)).map((r) => r.id);
    assert.deepEqual(untested, [], 'fixable rules whose fixtures offer no fix');
  });
});
