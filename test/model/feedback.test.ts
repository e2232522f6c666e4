/**
 * The local feedback file: what "Mark as expected" records when the user opted in (secret values
 * reduced to their shape), and `drydock model feedback export` copying it; nothing goes anywhere else.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFeedback, recordFeedback, shapeOf } from '../../server/src/modelFeedback';
import { runCli, assertCliBuilt } from '../cli/cliHarness';

describe('model feedback', () => {
  it('records marked findings, never a secret value as it is, and exports them', async () => {
    assertCliBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'drydock-feedback-'));
    try {
      const file = join(dir, 'model-feedback.jsonl');
      recordFeedback({ at: '2026-11-26T10:00:00Z', rule: 'model/persistence', text: 'crontab -l', verdict: 'expected', reason: 'our own cron' }, file);
      recordFeedback({ at: '2026-11-26T10:01:00Z', rule: 'model/secret', text: 'k9Qz3vR8mL2pT7', verdict: 'expected' }, file);
      const entries = readFeedback(file);
      assert.deepEqual(entries.map((e) => [e.rule, e.text]), [
        ['model/persistence', 'crontab -l'],
        ['model/secret', 'a9Aa9aA9aA9aA9'],
      ]);
      assert.ok(!readFileSync(file, 'utf8').includes('k9Qz3vR8'), 'the secret value is not in the file');
      assert.equal(shapeOf('Ab1-x'), 'Aa9-a');
      const out = join(dir, 'export.jsonl');
      const run = await runCli(['model', 'feedback', 'export', '--from', file, '--output', out], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /2 feedback entries/);
      assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
