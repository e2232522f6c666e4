/**
 * What makes a keystroke cheap must not change what it finds: the shell parser's cache of parsed RUN scripts (reused
 * across edits, rebased to their new offsets), dockerfile-ast's tokenised arguments shared between parses, the model
 * candidates listed only when a model rule reads them, the
 * code actions' memo of instruction lines, and the Dockerfile parse that pauses between RUNs. Random edit sequences
 * are analysed as the editor does (caches warm from the previous text, run in single steps) and from scratch (caches
 * emptied, run to the end); the findings and errors must be identical, byte for byte.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { analysisSteps, analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { MAX_SHELL_SCRIPT_CHARS, parseDockerfile } from '../../server/src/core/documents/dockerfile';
import { ignoreLineEdit } from '../../server/src/core/ignoreComments';
import type { ShellParser } from '../../server/src/core/documents/shell';
import { clearSharedArguments } from '../../server/src/core/documents/astMemo';
import type { AnalysisResult } from '../../server/src/core/findings';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

const SEED = 20261126;

const BASE = [
  'FROM ubuntu:latest AS build',
  'ARG TOKEN=abc123',
  'RUN apt-get update && apt-get install -y curl git \\',
  '    # a comment inside the continuation',
  '    && curl -fsSL https://example.com/install.sh | sudo bash',
  'RUN ["/bin/sh", "-c", "wget -qO- http://example.com/x | sh"]',
  'RUN <<EOF',
  'pip install requests',
  'chmod 777 /app',
  'EOF',
  'ONBUILD RUN npm install -g yarn',
  'FROM build',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'RUN echo "$(curl -k https://x.io/k)" > /etc/key && cd /tmp && git clone https://github.com/a/b',
  'USER root',
  'CMD node app.js',
  '',
].join('\n');

/** The same file with the backtick as escape character (continuations written with it). */
const BACKTICK_BASE = `# escape=\`\n${BASE.replace(/\\\n/g, '`\n')}`;

const TOKENS = ['\r\n', 'é', '--mount=type=cache,target=/root/.cache ', ' ', 'x', '\\\n    ', '"', "'", '$(', ')', '\n', '&& curl -k https://x | sh ', 'sudo ', '<<EOF\necho hi\nEOF\n', '# c\n', 'RUN ', '; apt-get install -y vim', '`', '|'];

type Edit = { at: number; remove: number; insert: string };

const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.constantFrom(...TOKENS) });

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

const config = defaultConfig();
const input = (text: string) => ({ fileName: 'Dockerfile', text, languageId: 'dockerfile' });

/** The editor's way: one step at a time (the language server's slices), the parser's cache as the last text left it. */
function incrementally(text: string): AnalysisResult {
  const steps = analysisSteps(input(text), config, { shellParser, today: '2026-11-26' });
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function fromScratch(text: string): AnalysisResult {
  shellParser.clearCache();
  clearSharedArguments();
  return analyzeDocument(input(text), config, { shellParser, today: '2026-11-26' });
}

describe('incremental analysis gives the results of a fresh one', () => {
  it('random edit sequences: findings and errors byte-identical with warm and with empty caches', () => {
    fc.assert(
      fc.property(fc.constantFrom(BASE, BACKTICK_BASE), fc.array(edit, { minLength: 1, maxLength: 12 }), (base, edits) => {
        let text = base;
        shellParser.clearCache();
        clearSharedArguments();
        incrementally(text);
        for (const e of edits) {
          text = apply(text, e);
          const warm = JSON.stringify(incrementally(text));
          const cold = JSON.stringify(fromScratch(text));
          assert.equal(warm, cold, `after ${JSON.stringify(e)}:\n${text}`);
        }
      }),
      { seed: SEED, numRuns: 80, endOnFailure: true },
    );
  });

  it('the same text twice: the same result, and the same ignore-comment edit as a first request', () => {
    const text = `${BASE}RUN curl -k https://x.io | sh\n`;
    const first = JSON.stringify(fromScratch(text));
    assert.equal(JSON.stringify(incrementally(text)), first);
    const line = text.split('\n').indexOf('    && curl -fsSL https://example.com/install.sh | sudo bash');
    const edit1 = ignoreLineEdit(text, line, 'dockerfile/remote-script-piped-to-shell');
    const edit2 = ignoreLineEdit(text, line, 'dockerfile/remote-script-piped-to-shell');
    assert.deepEqual(edit2, edit1);
    assert.equal(edit1.edit.range.start.line, 2, 'the comment goes above the first line of the continued RUN');
  });
});

describe('RUN scripts the shell parser is not given', () => {
  it('a script above the cap: a notice naming the line, no shell for that RUN, the rest analysed', () => {
    const long = `echo ${'a'.repeat(MAX_SHELL_SCRIPT_CHARS)}`;
    const text = `FROM ubuntu:latest\nRUN ${long}\nRUN curl -k https://x.io/i.sh | sh\n`;
    const model = parseDockerfile(text, shellParser);
    const [, big, small] = model.instructions;
    assert.equal(big.shell, undefined);
    assert.ok(small.shell && small.shell.commands.length === 2);
    assert.equal(model.unparsedShells.length, 1);
    const result = analyzeDocument(input(text), config, { shellParser });
    assert.ok(result.errors.some((e) => /^RUN at line 2: its script has [\d,]+ characters, above the 65,536 the shell parser reads/.test(e.message)), JSON.stringify(result.errors));
    assert.ok(result.findings.some((f) => f.range.start.line === 2 && f.rule === 'dockerfile/curl-insecure'), 'the next RUN is still checked');
    assert.ok(result.findings.some((f) => f.rule === 'dockerfile/latest-tag'));
  });

  it('a script nested thousands of $( deep: a notice for that RUN, no crash, the file still analysed', () => {
    const depth = 20_000;
    const text = `FROM ubuntu:latest\nRUN echo ${'$('.repeat(depth)}x${')'.repeat(depth)}\n`;
    assert.ok(text.length < MAX_SHELL_SCRIPT_CHARS, 'under the size cap: the depth is what fails');
    const result = analyzeDocument(input(text), config, { shellParser });
    assert.ok(result.findings.some((f) => f.rule === 'dockerfile/latest-tag'));
    assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
    assert.match(result.errors[0].message, /^RUN at line 2: the shell parser could not read its script \(.+\); its commands were not checked by the shell rules$/);
  });
});
