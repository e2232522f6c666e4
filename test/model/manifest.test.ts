import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkDryRun, checkModelBytes, checkSessionShape, sha256Hex, validateManifest, type ModelManifest } from '../../server/src/model/manifest';
import { cmdManifest, secretManifest } from './onnxWriter';

function problems(json: unknown, task?: 'cmd-risk' | 'secret-scorer'): string[] {
  const checked = validateManifest(json, task);
  return checked.ok ? [] : checked.problems;
}

function valid(json: unknown): ModelManifest {
  const checked = validateManifest(json);
  assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('; '));
  return checked.value;
}

describe('model.json validation', () => {
  it('accepts the two reference manifests', () => {
    assert.equal(valid(cmdManifest()).inputDim, 4112);
    assert.equal(valid(secretManifest()).task, 'secret-scorer');
  });

  it('accepts a subset of the known labels (a user model that knows two categories)', () => {
    assert.deepEqual(valid(cmdManifest({ labels: ['benign', 'reverse-shell'], thresholds: { 'reverse-shell': 0.7 } })).labels, ['benign', 'reverse-shell']);
  });

  it('rejects with sentences a user can act on', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ task: 'image-risk' }, /unknown task "image-risk" \(known: cmd-risk, secret-scorer\)/],
      [{ featurizer: 'bert' }, /unknown featurizer "bert"/],
      [{ inputDim: 4096 }, /"inputDim" is 4096, but featurizer drydock-hash-v1 produces 4112 features for cmd-risk/],
      [{ inputDim: -1 }, /"inputDim" must be a positive integer/],
      [{ labels: ['benign', 'ransomware'], thresholds: { ransomware: 0.5 } }, /unknown label "ransomware" for cmd-risk/],
      [{ labels: ['benign', 'benign'] }, /label "benign" appears twice/],
      [{ labels: ['benign'] }, /at least two strings/],
      [{ thresholds: { 'reverse-shell': 0.5 } }, /no threshold for label "cryptomining"/],
      [{ thresholds: { ...(cmdManifest().thresholds as object), cryptomining: 2 } }, /threshold of "cryptomining" must be a number in \(0, 1\]/],
      [{ sha256: 'abc' }, /"sha256" must be 64 hex digits/],
      [{ name: '' }, /"name" must be a non-empty string/],
      [{ inputName: 3 }, /"inputName" must be a non-empty string/],
    ];
    for (const [override, expected] of cases) {
      const found = problems(cmdManifest(override));
      assert.ok(found.some((p) => expected.test(p)), `${JSON.stringify(override)} → ${JSON.stringify(found)}`);
    }
    assert.match(problems(secretManifest({ labels: ['placeholder', 'benign'], thresholds: {} })).join('; '), /unknown label "benign" for secret-scorer.*needs the label "secret"/);
    assert.match(problems(cmdManifest(), 'secret-scorer').join(), /the model is for task "cmd-risk", but this setting is for "secret-scorer"/);
    assert.match(problems('not json object').join(), /not a JSON object/);
  });

  it('checks the pinned sha256 against the bytes', () => {
    const bytes = new TextEncoder().encode('model bytes');
    const manifest = valid(cmdManifest({ sha256: sha256Hex(bytes) }));
    assert.deepEqual(checkModelBytes(manifest, bytes), []);
    assert.match(checkModelBytes(manifest, new TextEncoder().encode('other bytes')).join(), /sha256 mismatch: the manifest pins [0-9a-f]{12}…, the file is [0-9a-f]{12}…/);
    assert.deepEqual(checkModelBytes(valid(cmdManifest()), bytes), [], 'an unpinned manifest accepts any bytes');
    assert.match(checkModelBytes(manifest, new Uint8Array(0)).join(), /empty/);
  });

  it('checks the session: names, input type and dimension, and the dry run', () => {
    const manifest = valid(cmdManifest());
    const good = { inputNames: ['features'], outputNames: ['probs'], inputMetadata: [{ name: 'features', isTensor: true, type: 'float32', shape: ['batch', 4112] }] };
    assert.deepEqual(checkSessionShape(manifest, good), []);
    assert.match(checkSessionShape(manifest, { ...good, inputNames: ['input'] }).join(), /no input "features" \(it has input\)/);
    assert.match(checkSessionShape(manifest, { ...good, outputNames: ['logits'] }).join(), /no output "probs"/);
    assert.match(checkSessionShape(manifest, { ...good, inputMetadata: [{ name: 'features', isTensor: true, type: 'float32', shape: ['batch', 100] }] }).join(), /takes 100 features, the manifest says inputDim 4112/);
    assert.match(checkSessionShape(manifest, { ...good, inputMetadata: [{ name: 'features', isTensor: true, type: 'int64', shape: ['batch', 4112] }] }).join(), /is int64, expected float32/);
    const uniform = new Float32Array(9).fill(1 / 9);
    assert.deepEqual(checkDryRun(manifest, [1, 9], 'float32', uniform), []);
    assert.match(checkDryRun(manifest, [1, 2], 'float32', [0.5, 0.5]).join(), /shape \[1, 2\] for one input, expected \[1, 9\]/);
    assert.match(checkDryRun(manifest, [1, 9], 'float32', new Float32Array(9).fill(3)).join(), /not a probability.*softmax/);
    assert.match(checkDryRun(manifest, [1, 9], 'float32', new Float32Array(9).fill(0.01)).join(), /does not sum to 1/);
  });
});
