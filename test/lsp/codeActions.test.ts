/**
 * Code-action taxonomy from recorded findings (no server process): rule fixes marked preferred,
 * fix-all for a rule, ignore line/file with the cursor command, documentation, versioned edits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionParams } from 'vscode-languageserver-protocol/node';
import type { Finding } from '../../server/src/core/findings';
import { codeActions } from '../../server/src/lsp/codeActions';
import { ruleDocsUrl, toDiagnostic } from '../../server/src/lsp/diagnostics';
import type { Validator } from '../../server/src/lsp/validator';
import { RULES_DOC_URI } from '../../server/src/cli/sarif';
import { ruleAnchor } from '../../server/src/cli/ruleDocs';
import { applyEdits, editsFor } from './harness';

const text = 'FROM a\nRUN apt-get install curl\nRUN apt-get install git\n';
function finding(line: number, word: string): Finding {
  const character = 'RUN apt-get install '.length;
  const range = { start: { line, character }, end: { line, character: character + word.length } };
  return {
    rule: 'dockerfile/demo-pin',
    severity: 'warning',
    file: 'Dockerfile',
    range,
    message: `pin ${word}`,
    equivalents: [],
    compliance: [],
    fixes: [
      { title: `Pin ${word}`, edits: [{ range, newText: `${word}=1.0` }], isPreferred: true },
      { title: `Remove ${word}`, edits: [{ range, newText: '' }] },
    ],
  };
}

describe('code actions', () => {
  const document = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 3, text);
  const findings = [finding(1, 'curl'), finding(2, 'git')];
  const validator = { resultFor: () => ({ version: 3, findings }), analyseNow: async () => findings, analyseText: async () => [] } as unknown as Validator;
  const diagnostic = toDiagnostic(findings[0], 3);
  const params = (only?: string[]): CodeActionParams => ({ textDocument: { uri: document.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only } });

  it('offers fixes, fix-all, ignore line, ignore file and documentation, in that order', async () => {
    const actions = await codeActions(validator, document, params(), { documentChanges: true });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Pin curl', 'Remove curl', 'Fix all dockerfile/demo-pin problems in this file', 'Ignore dockerfile/demo-pin for this line', 'Ignore dockerfile/demo-pin in this file', 'Show documentation for dockerfile/demo-pin'],
    );
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[1].isPreferred, false);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    const versioned = actions[0].edit!.documentChanges![0] as { textDocument: { version: number } };
    assert.equal(versioned.textDocument.version, 3, 'edits are tied to the version the finding was computed for');
    assert.equal(applyEdits(text, editsFor(actions[2].edit, document.uri)), 'FROM a\nRUN apt-get install curl=1.0\nRUN apt-get install git=1.0\n');
    assert.equal(actions[3].command!.command, 'drydock.placeCursor');
  });

  it('filters by the requested kind and uses plain changes for clients without documentChanges', async () => {
    assert.deepEqual(await codeActions(validator, document, params(['refactor']), { documentChanges: false }), []);
    const fixAll = await codeActions(validator, document, params(['source.fixAll']), { documentChanges: false });
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.drydock');
    assert.equal(applyEdits(text, fixAll[0].edit!.changes![document.uri]), 'FROM a\nRUN apt-get install curl=1.0\nRUN apt-get install git=1.0\n');
  });

  it('links each rule to the same docs anchor as the CLI SARIF help', () => {
    for (const id of ['dockerfile/latest-tag', 'dockerfile/apt-get-unpinned']) assert.equal(ruleDocsUrl(id), `${RULES_DOC_URI}#${ruleAnchor(id)}`);
  });
});
