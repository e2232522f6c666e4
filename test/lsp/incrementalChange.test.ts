/**
 * The harness sends didChange as one incremental edit, as VS Code does (harness.ts `incrementalChange`): applying that
 * edit to the old text, the way the server's TextDocuments does, must give the new text exactly — CRLF line ends and
 * surrogate pairs included.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { incrementalChange } from './harness';

const pieces = fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', '😀', 'é', 'FROM x\n', '---\n');
const text = fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''));

describe('incremental didChange of the test harness', () => {
  it('applied to the old text gives the new text', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const document = TextDocument.create('untitled:x', 'plaintext', 1, before);
        TextDocument.update(document, [incrementalChange(before, after)], 2);
        assert.equal(document.getText(), after);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('a keystroke in a long text sends only that keystroke', () => {
    const before = 'line\n'.repeat(5000);
    const after = `${before.slice(0, 100)}x${before.slice(100)}`;
    const change = incrementalChange(before, after);
    assert.equal(change.text, 'x');
    assert.deepEqual(change.range.start, change.range.end);
  });
});
