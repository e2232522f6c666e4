/** The generated rule reference and the CLI's reading of files stay in step with the code. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, assertCliBuilt, makeTree, runCli } from './cliHarness';

before(assertCliBuilt);

describe('docs/rules.md', () => {
  it('is what `drydock rules --format markdown` prints (run `npm run docs` after changing a rule)', async () => {
    const run = await runCli(['rules', '--format', 'markdown'], REPO_ROOT);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8'));
  });
});

describe('file reading', () => {
  it('drops a UTF-8 BOM as VS Code does, so columns match the editor', async () => {
    const dir = makeTree({ Dockerfile: '\uFEFFFROM ubuntu:latest\n' });
    const run = await runCli(['scan', 'Dockerfile', '--format', 'json', '--fail-on', 'none'], dir);
    const latest = JSON.parse(run.stdout).findings.find((f: { rule: string }) => f.rule === 'dockerfile/latest-tag');
    assert.deepEqual(latest.range.start, { line: 0, character: 5 });
  });
});
