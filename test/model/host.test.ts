/**
 * ModelHost end to end: the bundled worker (dist/modelWorker.js) with the real onnxruntime-web WASM,
 * on small models written by hand (onnxWriter.ts) so every outcome is known: predictions, evidence,
 * batching, supersession, idle stop, every fallback path and the user-model checks.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ModelHost, type ModelHostOptions } from '../../server/src/model/host';
import { CMD_DIM, CMD_HASH_DIM, SECRET_DIM, crc32 } from '../../server/src/model/featurize';
import { cmdManifest, linearModel, secretManifest, writeModel } from './onnxWriter';
import { DIST, assertWorkerBuilt, tempModelsDir } from './paths';

const CRYPTOMINING = 3;

/** cmd-risk: the word `xmrig` means cryptomining, nothing else means anything. */
function cmdModel(): Uint8Array {
  const weights = new Float32Array(CMD_DIM * 9);
  weights[(crc32('w:xmrig') % CMD_HASH_DIM) * 9 + CRYPTOMINING] = 40;
  return linearModel({ inputDim: CMD_DIM, classes: 9, weights });
}

/** secret-scorer: the 4-gram `AKIA` means secret; by default a value leans placeholder. */
function secretModel(): Uint8Array {
  const weights = new Float32Array(SECRET_DIM * 2);
  weights[(crc32('v4:AKIA') % 1024) * 2 + 1] = 60;
  return linearModel({ inputDim: SECRET_DIM, classes: 2, weights, bias: Float32Array.from([1, 0]) });
}

function shippedDir(): string {
  const dir = tempModelsDir();
  writeModel(join(dir, 'cmd-risk'), 'model', cmdModel(), cmdManifest());
  writeModel(join(dir, 'secret-scorer'), 'model', secretModel(), secretManifest());
  return dir;
}

const hosts: ModelHost[] = [];
const dirs: string[] = [];
interface Made {
  host: ModelHost;
  logs: string[];
}
function makeHost(options: ModelHostOptions = {}): Made {
  const logs: string[] = [];
  const modelsDir = options.modelsDir ?? shippedDir();
  dirs.push(modelsDir);
  const host = new ModelHost({ distDir: DIST, modelsDir, log: (line) => logs.push(line), ...options });
  hosts.push(host);
  return { host, logs };
}

before(() => assertWorkerBuilt());
after(async () => {
  await Promise.all(hosts.map((h) => h.dispose()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ModelHost: inference in the worker', () => {
  it('starts lazily on the first request and scores a batch, with occlusion evidence for flagged commands', async () => {
    const { host, logs } = makeHost();
    assert.equal(host.status().state, 'not-started');
    const commands = ['apt-get install -y xmrig --yes', 'ls -la /srv'];
    const predictions = await host.scoreCommands('file:///Dockerfile', commands, { explain: true });
    assert.ok(predictions);
    assert.equal(predictions[0].label, 'cryptomining');
    assert.ok(predictions[0].score > 0.5 && predictions[0].threshold === 0.5);
    assert.equal(predictions[0].model, 'test-cmd-risk 0.0.1');
    assert.equal(predictions[0].evidence.length, 1, 'only removing `xmrig` lowers the score');
    const [token] = predictions[0].evidence;
    assert.equal(commands[0].slice(token.start, token.end), 'xmrig');
    assert.ok(token.weight > 0.3);
    assert.equal(predictions[1].label, 'benign');
    assert.deepEqual(predictions[1].evidence, []);
    const status = host.status();
    assert.equal(status.state, 'ready');
    assert.deepEqual(status.models.map((m) => [m.task, m.name, m.origin]), [
      ['cmd-risk', 'test-cmd-risk', 'built-in'],
      ['secret-scorer', 'test-secret-scorer', 'built-in'],
    ]);
    assert.ok((status.coldStartMs ?? 0) > 0);
    assert.deepEqual(logs, []);
  });

  it('scores secrets and explains them with the value span that drove the score', async () => {
    const { host } = makeHost();
    const value = 'AKIAQ3EGRSW2MPLXN7BV';
    const [secret, placeholder] = (await host.scoreSecrets('k8s.yaml', [
      { value, name: 'AWS_ACCESS_KEY_ID', context: 'k8s-env' },
      { value: 'changeme', name: 'PASSWORD', context: 'k8s-env' },
    ], { explain: true }))!;
    assert.ok(secret.score > secret.threshold);
    assert.deepEqual(secret.evidence.map((e) => value.slice(e.start, e.end)), ['AKIA']);
    assert.ok(placeholder.score < placeholder.threshold);
    assert.deepEqual(placeholder.evidence, [], 'evidence only for flagged values unless asked for all');
    const [all] = (await host.scoreSecrets('k8s.yaml', [{ value: 'changeme', name: 'PASSWORD', context: 'k8s-env' }], { explain: 'all' }))!;
    assert.ok(Array.isArray(all.evidence));
    const [plain] = (await host.scoreSecrets('k8s.yaml', [{ value, name: 'X', context: 'other' }]))!;
    assert.deepEqual(plain.evidence, [], 'no evidence unless asked');
  });

  it('scores identical inputs once and answers in input order; large batches are chunked', async () => {
    const { host } = makeHost();
    const inputs = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `xmrig --pool p${i}` : i % 3 === 1 ? 'apt-get update' : `echo ${i}`));
    const response = await host.request('cmd-risk', 'big', inputs);
    assert.ok(response);
    assert.equal(response.predictions.length, 300);
    assert.equal(response.probs.length, 300 * 9);
    assert.deepEqual(response.labels.slice(0, 2), ['benign', 'reverse-shell']);
    response.predictions.forEach((p, i) => assert.equal(p.label, i % 3 === 0 ? 'cryptomining' : 'benign', `input ${i}`));
    assert.deepEqual(response.probs.subarray(9, 18), response.probs.subarray(36, 45), 'the duplicate rows carry the same probabilities');
  });

  it('queues many documents at once; each timeout counts only its own request', async () => {
    const { host } = makeHost({ timeoutMs: 1000 });
    const batch = Array.from({ length: 30 }, (_, i) => `apt-get install -y package-${i} && xmrig -o pool:${i}`);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, d) => host.scoreCommands(`file:///w/${d}/Dockerfile`, batch, { explain: true })));
    assert.ok(answers.every((a) => a?.length === 30 && a.every((p) => p.label === 'cryptomining')));
    assert.equal(host.status().state, 'ready');
  });

  it('a reset or dispose during start-up ends the start, and the next request starts afresh', async () => {
    const { host } = makeHost();
    const starting = host.start();
    await host.reset();
    assert.equal((await starting).state, 'not-started');
    assert.equal((await host.scoreCommands('d', ['xmrig']))?.[0].label, 'cryptomining');
    const second = makeHost().host;
    const pending = second.scoreCommands('d', ['ls']);
    await second.dispose();
    assert.equal(await pending, undefined);
  });

  it('answers an empty batch without starting the worker', async () => {
    const { host } = makeHost();
    assert.deepEqual(await host.scoreCommands('empty', []), []);
    assert.equal(host.status().state, 'not-started');
  });

  it('drops a request superseded by a newer one for the same document, and cancelled ones', async () => {
    const { host } = makeHost();
    await host.start();
    const first = host.scoreCommands('doc', ['xmrig']);
    const other = host.scoreCommands('other-doc', ['xmrig']);
    const secrets = host.scoreSecrets('doc', [{ value: 'x', name: 'y', context: 'other' }]);
    const second = host.scoreCommands('doc', ['ls']);
    assert.equal(await first, undefined, 'superseded');
    assert.equal((await second)?.[0].label, 'benign');
    assert.equal((await other)?.[0].label, 'cryptomining', 'another document is not affected');
    assert.equal((await secrets)?.length, 1, 'the other task of the same document is not affected');
    const cancelled = host.scoreCommands('doc', ['xmrig --not-seen-before']);
    host.cancel('doc');
    assert.equal(await cancelled, undefined);
    assert.equal(host.status().state, 'ready');
  });

  it('stops the worker when idle and starts it again on the next request', async () => {
    const { host } = makeHost({ idleMs: 150 });
    assert.ok(await host.scoreCommands('a', ['ls']));
    assert.equal(host.status().state, 'ready');
    for (let i = 0; i < 100 && host.status().state === 'ready'; i++) await sleep(20);
    assert.equal(host.status().state, 'not-started');
    assert.equal(host.status().reason, 'stopped after being idle');
    assert.equal((await host.scoreCommands('a', ['ls']))?.[0].label, 'benign', 'a row scored before comes from the cache');
    assert.equal(host.status().state, 'not-started', 'without starting the worker');
    assert.equal((await host.scoreCommands('a', ['xmrig']))?.[0].label, 'cryptomining');
    assert.equal(host.status().state, 'ready');
  });

  it('answers rows scored before from the cache, per explain mode, and only sends the new ones', async () => {
    const { host } = makeHost();
    const first = await host.request('cmd-risk', 'doc', ['xmrig -o pool', 'ls', 'apt-get update']);
    assert.ok(first && first.inferMs > 0);
    const again = await host.request('cmd-risk', 'doc', ['ls', 'xmrig -o pool']);
    assert.ok(again);
    assert.equal(again.inferMs, 0, 'nothing went to the worker');
    assert.deepEqual(again.probs.subarray(9, 18), first.probs.subarray(0, 9));
    const explained = await host.scoreCommands('doc', ['xmrig -o pool'], { explain: true });
    assert.equal(explained?.[0].evidence.length, 1, 'an explain request is not answered by a row cached without evidence');
    const uncached = makeHost({ cacheSize: 0 }).host;
    assert.ok(await uncached.request('cmd-risk', 'doc', ['ls']));
    assert.ok(((await uncached.request('cmd-risk', 'doc', ['ls']))?.inferMs ?? 0) > 0);
  });
});

describe('ModelHost: fallback to rules-only (state unavailable, a reason, one log line, undefined, no throw)', () => {
  async function expectUnavailable(made: Made, reason: RegExp, trigger?: (host: ModelHost) => void): Promise<void> {
    const { host, logs } = made;
    if (trigger) {
      await host.start();
      assert.equal(host.status().state, 'ready');
      trigger(host);
    }
    const first = host.scoreCommands('doc', ['xmrig']);
    await assert.doesNotReject(first);
    assert.equal(await first, undefined);
    assert.equal(await host.scoreSecrets('doc', [{ value: 'AKIA', name: 'k', context: 'other' }]), undefined);
    const status = host.status();
    assert.equal(status.state, 'unavailable');
    assert.match(status.reason ?? '', reason);
    assert.equal(logs.filter((l) => l.includes('unavailable')).length, 1, `one log line: ${JSON.stringify(logs)}`);
    assert.match(logs.find((l) => l.includes('unavailable'))!, /^drydock model: unavailable, analysis continues rules-only: /);
  }

  it('no model files', async () => {
    await expectUnavailable(makeHost({ modelsDir: tempModelsDir() }), /no model could be loaded: .*cmd-risk.*model file .* not found.*secret-scorer.*not found/);
  });

  it('corrupt model files (garbage bytes, no pin)', async () => {
    const dir = tempModelsDir();
    for (const [name, manifest] of [['cmd-risk', cmdManifest()], ['secret-scorer', secretManifest()]] as const) {
      writeModel(join(dir, name), 'model', new TextEncoder().encode('\x08\x07garbage, not a protobuf model'), manifest, false);
    }
    await expectUnavailable(makeHost({ modelsDir: dir }), /onnxruntime could not load it: .*protobuf parsing failed/);
  });

  it('corrupt model files (bytes differ from the pinned sha256)', async () => {
    const dir = shippedDir();
    for (const name of ['cmd-risk', 'secret-scorer']) writeFileSync(join(dir, name, 'model.onnx'), Buffer.from('truncated'));
    await expectUnavailable(makeHost({ modelsDir: dir }), /sha256 mismatch/);
  });

  it('worker crash: process.exit in the worker, also with a request in flight', async () => {
    await expectUnavailable(makeHost({ testHooks: true }), /the model worker exited unexpectedly \(code 3\)/, (host) => host.testHook('exit'));
  });

  it('worker crash: an uncaught exception', async () => {
    await expectUnavailable(makeHost({ testHooks: true }), /the model worker crashed: test hook: uncaught error/, (host) => host.testHook('throw'));
  });

  it('worker crash: out of memory under resourceLimits', async () => {
    await expectUnavailable(makeHost({ testHooks: true, memoryLimitMb: 64 }), /the model worker ran out of memory \(limit 64 MB\)/, (host) => host.testHook('oom'));
  });

  it('two timeouts in a row (a hung worker)', async () => {
    const made = makeHost({ testHooks: true, timeoutMs: 200 });
    await made.host.start();
    made.host.testHook('hang');
    assert.equal(await made.host.scoreCommands('a', ['ls']), undefined);
    assert.equal(made.host.status().state, 'ready', 'one timeout is not enough');
    await expectUnavailable(made, /two model requests in a row took longer than 200 ms/);
  });

  it('the worker bundle or the onnxruntime files are missing', async () => {
    await expectUnavailable(makeHost({ workerPath: join(DIST, 'no-such-worker.js') }), /the model worker could not start: .*no-such-worker\.js not found/);
    const emptyOrt = mkdtempSync(join(tmpdir(), 'drydock-ort-'));
    dirs.push(emptyOrt);
    await expectUnavailable(makeHost({ ortDir: emptyOrt }), /onnxruntime-web could not start \(no available backend found.*ort-wasm-simd-threaded\.mjs/);
  });

  it('one broken model leaves the other task working, and says which one', async () => {
    const dir = shippedDir();
    writeFileSync(join(dir, 'secret-scorer', 'model.json'), '{ not json');
    const { host, logs } = makeHost({ modelsDir: dir });
    assert.equal((await host.scoreCommands('d', ['xmrig']))?.[0].label, 'cryptomining');
    assert.equal(await host.scoreSecrets('d', [{ value: 'AKIA', name: 'k', context: 'other' }]), undefined);
    assert.equal(host.status().state, 'ready');
    assert.match(host.status().problems.join(), /the shipped secret-scorer model .* is not used: its manifest .*model\.json is not valid JSON/);
    assert.equal(logs.length, 1);
  });

  it('reset() leaves unavailable once the files are back', async () => {
    const dir = tempModelsDir();
    const { host } = makeHost({ modelsDir: dir });
    assert.equal(await host.scoreCommands('d', ['xmrig']), undefined);
    assert.equal(host.status().state, 'unavailable');
    writeModel(join(dir, 'cmd-risk'), 'model', cmdModel(), cmdManifest());
    await host.reset();
    assert.equal((await host.scoreCommands('d', ['xmrig']))?.[0].label, 'cryptomining');
  });
});

describe('ModelHost: user models are validated before use', () => {
  function userDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'drydock-user-model-'));
    dirs.push(dir);
    return dir;
  }

  async function rejected(options: ModelHostOptions, task: 'cmd-risk' | 'secret-scorer', reason: RegExp): Promise<void> {
    const { host, logs } = makeHost(options);
    const status = await host.start();
    assert.equal(status.state, 'ready', 'the shipped model takes over');
    const model = status.models.find((m) => m.task === task)!;
    assert.equal(model.origin, 'built-in');
    const problem = status.problems.find((p) => p.startsWith(`your ${task} model`));
    assert.ok(problem, JSON.stringify(status.problems));
    assert.match(problem, /was rejected, the shipped one is used instead: /);
    assert.match(problem, reason);
    assert.equal(logs.length, 1);
    assert.ok(await (task === 'cmd-risk' ? host.scoreCommands('d', ['ls']) : host.scoreSecrets('d', [{ value: 'v', name: 'n', context: 'other' }])));
  }

  it('a valid copy is accepted and used', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'my-risk', cmdModel(), cmdManifest({ name: 'acme-risk', version: '2.0.0' }));
    const secretPath = writeModel(dir, 'my-secrets', secretModel(), secretManifest({ name: 'acme-secrets' }), false);
    const { host, logs } = makeHost({ cmdRiskPath: path, secretScorerPath: secretPath });
    const [prediction] = (await host.scoreCommands('d', ['xmrig']))!;
    assert.equal(prediction.model, 'acme-risk 2.0.0');
    assert.deepEqual(host.status().models.map((m) => [m.name, m.origin]), [['acme-risk', 'user'], ['acme-secrets', 'user']]);
    assert.deepEqual(host.status().problems, []);
    assert.deepEqual(logs, []);
  });

  it('a model.json beside the .onnx is found when there is no <name>.json', async () => {
    const dir = userDir();
    writeModel(dir, 'model', cmdModel(), cmdManifest({ name: 'folder-model' }));
    copyFileSync(join(dir, 'model.onnx'), join(dir, 'weights.onnx'));
    const { host } = makeHost({ cmdRiskPath: join(dir, 'weights.onnx') });
    assert.equal((await host.start()).models[0].name, 'folder-model');
  });

  it('wrong input dimension in the graph', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'small', linearModel({ inputDim: 100, classes: 9 }), cmdManifest());
    await rejected({ cmdRiskPath: path }, 'cmd-risk', /input "features" takes 100 features, the manifest says inputDim 4112/);
  });

  it('wrong input dimension in the manifest', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'small', linearModel({ inputDim: 100, classes: 9 }), cmdManifest({ inputDim: 100 }));
    await rejected({ cmdRiskPath: path }, 'cmd-risk', /"inputDim" is 100, but featurizer drydock-hash-v1 produces 4112 features for cmd-risk/);
  });

  it('an unknown label', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'm', linearModel({ inputDim: CMD_DIM, classes: 2 }), cmdManifest({ labels: ['benign', 'ransomware'], thresholds: { ransomware: 0.5 } }));
    await rejected({ cmdRiskPath: path }, 'cmd-risk', /unknown label "ransomware" for cmd-risk/);
  });

  it('more outputs than labels', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'm', linearModel({ inputDim: CMD_DIM, classes: 9 }), cmdManifest({ labels: ['benign', 'reverse-shell'], thresholds: { 'reverse-shell': 0.5 } }));
    await rejected({ cmdRiskPath: path }, 'cmd-risk', /output "probs" has shape \[1, 9\] for one input, expected \[1, 2\]/);
  });

  it('a sha256 mismatch', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'm', secretModel(), secretManifest());
    writeFileSync(path, linearModel({ inputDim: SECRET_DIM, classes: 2 }));
    await rejected({ secretScorerPath: path }, 'secret-scorer', /sha256 mismatch: the manifest pins/);
  });

  it('no softmax in the graph', async () => {
    const dir = userDir();
    const bias = Float32Array.from([3, 5]);
    const path = writeModel(dir, 'm', linearModel({ inputDim: SECRET_DIM, classes: 2, bias, noSoftmax: true }), secretManifest());
    await rejected({ secretScorerPath: path }, 'secret-scorer', /is not a probability .*put the softmax in the graph/);
  });

  it('other input or output names than the manifest says', async () => {
    const dir = userDir();
    const path = writeModel(dir, 'm', linearModel({ inputDim: SECRET_DIM, classes: 2, inputName: 'x', outputName: 'y' }), secretManifest());
    await rejected({ secretScorerPath: path }, 'secret-scorer', /the model has no input "features" \(it has x\); the model has no output "probs" \(it has y\)/);
  });

  it('a model for the other task, a missing sidecar, a missing file', async () => {
    const dir = userDir();
    const cmdPath = writeModel(dir, 'risk', cmdModel(), cmdManifest());
    await rejected({ secretScorerPath: cmdPath }, 'secret-scorer', /the model is for task "cmd-risk", but this setting is for "secret-scorer"/);
    const bare = join(dir, 'bare.onnx');
    writeFileSync(bare, cmdModel());
    await rejected({ cmdRiskPath: bare }, 'cmd-risk', /its manifest .*bare\.json was not found/);
    await rejected({ cmdRiskPath: join(dir, 'nope.onnx') }, 'cmd-risk', /model file .*nope\.onnx not found/);
  });
});
