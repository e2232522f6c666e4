/**
 * The shipped models (models/<name>/, copied to dist/models/ by the build) in the real worker with
 * onnxruntime-web: they load and pass every check; Node reproduces the Python golden probabilities;
 * Node inference on the committed evaluation split (eval.jsonl, held-out sources) reproduces the
 * metrics the manifest and model card state, with the manifest's thresholds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { ModelHost, type ModelInfo } from '../../server/src/model/host';
import { decideCommand } from '../../server/src/model/protocol';
import { sha256Hex, validateManifest, type ModelManifest } from '../../server/src/model/manifest';
import type { SecretInput } from '../../server/src/model/featurize';
import type { SecretContext } from '../../server/src/core/model/candidates';
import { secretParts, type SecretPart } from '../../server/src/core/secrets/secretParts';
import { DIST, MODELS, SHIPPED, assertWorkerBuilt, readJson, readJsonl } from './paths';

interface Golden {
  input: string | SecretInput;
  probs: number[];
  probsInt8?: number[];
}
interface CmdEval {
  text: string;
  label: string | number;
  source: string;
}
interface SecretEval {
  value: string;
  name: string;
  context: SecretContext;
  label: string | number;
  source: string;
  /** The parts Python's secret_parts.py judged (the model card's pipeline). */
  parts: SecretPart[];
}

/** Metrics are fractions; the card may round them to 4 places. Half a percentage point of slack. */
const METRIC_TOLERANCE = 0.005;

let host: ModelHost;
const logs: string[] = [];

function manifestOf(name: string): ModelManifest {
  const checked = validateManifest(readJson(join(MODELS, name, 'model.json')));
  assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('; '));
  return checked.value;
}

before(() => {
  assertWorkerBuilt();
  host = new ModelHost({ distDir: DIST, timeoutMs: 30_000, log: (line) => logs.push(line) });
});
after(() => host.dispose());

describe('shipped models in onnxruntime-web', () => {
  it('both load in the worker and pass every check (manifest, sha256, names, dry run)', async () => {
    const status = await host.start();
    assert.equal(status.state, 'ready', status.reason);
    assert.deepEqual(status.problems, []);
    assert.deepEqual(logs, []);
    assert.deepEqual(status.models.map((m: ModelInfo) => [m.task, m.origin]).sort(), [['cmd-risk', 'built-in'], ['secret-scorer', 'built-in']]);
  });

  for (const name of SHIPPED) {
    it(`${name}: the bundled copy is the committed one, int8 and small`, () => {
      const committed = readFileSync(join(MODELS, name, 'model.onnx'));
      assert.equal(sha256Hex(readFileSync(join(DIST, 'models', name, 'model.onnx'))), sha256Hex(committed), 'dist/models is stale: run node scripts/build.mjs');
      assert.equal(manifestOf(name).sha256, sha256Hex(committed));
      assert.ok(statSync(join(MODELS, name, 'model.onnx')).size <= 2 * 1048576, 'the issue allows at most 2 MB');
      assert.ok(committed.includes(Buffer.from('MatMulInteger')), 'int8-quantized (MatMulInteger)');
    });

    it(`${name}: Node reproduces the golden probabilities (the quantized graph's reference to 1e-4; torch fp32 within the card's quantization drift)`, async (t) => {
      const golden = readJson<Golden[]>(join(MODELS, name, 'golden.json'));
      const response = await host.request(name, `golden-${name}`, golden.map((g) => g.input));
      assert.ok(response, 'the model answered');
      const classes = response.labels.length;
      let maxFp32 = 0;
      let maxInt8 = 0;
      golden.forEach((g, i) => {
        for (let c = 0; c < classes; c++) {
          const p = response.probs[i * classes + c];
          maxFp32 = Math.max(maxFp32, Math.abs(p - g.probs[c]));
          if (g.probsInt8) maxInt8 = Math.max(maxInt8, Math.abs(p - g.probsInt8[c]));
        }
      });
      t.diagnostic(`${name}: max |p_node − p_int8_reference| ${maxInt8.toExponential(2)}, max |p_node − p_torch_fp32| ${maxFp32.toFixed(4)}`);
      // Parity of the shipped graph is exact; the int8 drift from fp32 is the model's own, recorded in its card.
      assert.ok(golden.every((g) => g.probsInt8), 'golden.json carries the quantized graph\'s reference probabilities');
      assert.ok(maxInt8 <= 1e-4, `max |p_node − p_int8_reference| = ${maxInt8}`);
      assert.ok(maxFp32 <= 0.06, `max |p_node − p_torch| = ${maxFp32}`);
    });

    it(`${name}: a row scores the same whatever shares its batch (activations quantized per row, so the host batches)`, async () => {
      const status = await host.start();
      assert.equal(status.models.find((m: ModelInfo) => m.task === name)?.rowwise, false, 'the shipped graph has no per-tensor DynamicQuantizeLinear');
      const inputs = readJson<Golden[]>(join(MODELS, name, 'golden.json')).map((g) => g.input);
      const uncached = new ModelHost({ distDir: DIST, timeoutMs: 30_000, cacheSize: 0, log: () => undefined });
      try {
        const together = await uncached.request(name, 'together', inputs);
        assert.ok(together, 'the model answered the batch');
        const classes = together.labels.length;
        let maxDiff = 0;
        for (let i = 0; i < inputs.length; i += 7) {
          const alone = await uncached.request(name, `alone-${i}`, [inputs[i]]);
          assert.ok(alone, 'the model answered a single row');
          for (let c = 0; c < classes; c++) maxDiff = Math.max(maxDiff, Math.abs(alone.probs[c] - together.probs[i * classes + c]));
        }
        assert.ok(maxDiff <= 1e-6, `max |p_alone − p_in_batch| = ${maxDiff}`);
      } finally {
        await uncached.dispose();
      }
    });
  }
});

describe('shipped models reproduce their model card on the committed evaluation split', () => {
  function close(actual: number, stated: unknown, what: string): void {
    assert.equal(typeof stated, 'number', `${what} is stated in model.json`);
    assert.ok(Math.abs(actual - (stated as number)) <= METRIC_TOLERANCE, `${what}: Node ${actual.toFixed(4)}, model card ${stated}`);
  }

  it('cmd-risk: risky recall, false-positive rate and per-category recall', async () => {
    const manifest = manifestOf('cmd-risk');
    const rows = readJsonl<CmdEval>(join(MODELS, 'cmd-risk', 'eval.jsonl'));
    const response = await host.request('cmd-risk', 'eval-cmd', rows.map((r) => r.text));
    assert.ok(response);
    const classes = manifest.labels.length;
    const labelIndex = (l: string | number) => (typeof l === 'number' ? l : manifest.labels.indexOf(l));
    let risky = 0;
    let caught = 0;
    let benign = 0;
    let falsePositives = 0;
    const perCategory = new Map<string, { n: number; caught: number }>();
    rows.forEach((row, i) => {
      const y = labelIndex(row.label);
      assert.ok(y >= 0, `unknown label ${row.label}`);
      const { flagged } = decideCommand(manifest, response.probs, i * classes);
      if (y === 0) {
        benign++;
        if (flagged) falsePositives++;
      } else {
        risky++;
        if (flagged) caught++;
        const c = perCategory.get(manifest.labels[y]) ?? { n: 0, caught: 0 };
        c.n++;
        if (flagged) c.caught++;
        perCategory.set(manifest.labels[y], c);
      }
    });
    const metrics = manifest.metrics as Record<string, unknown>;
    assert.equal(risky, metrics.riskyRows);
    assert.equal(benign, metrics.benignRows);
    close(caught / risky, metrics.riskyRecall, 'risky recall');
    close(falsePositives / benign, metrics.falsePositiveRate, 'false-positive rate');
    const stated = (metrics.perCategoryRecall ?? {}) as Record<string, number>;
    for (const [label, c] of perCategory) close(c.caught / c.n, stated[label], `recall of ${label}`);
  });

  it('secret-scorer: TypeScript and Python take the same parts out of every evaluation row (public values, URL and connection-string credentials)', () => {
    const rows = readJsonl<SecretEval>(join(MODELS, 'secret-scorer', 'eval.jsonl'));
    const differing = rows.filter((row) => !isDeepStrictEqual(secretParts(row), row.parts));
    assert.deepEqual(differing.map((row) => [row.value, secretParts(row), row.parts]), []);
    assert.ok(rows.some((row) => row.parts.some((p) => p.publicAs)), 'the evaluation rows include public values');
    assert.ok(rows.some((row) => row.parts.some((p) => p.offset > 0)), 'the evaluation rows include composite values');
  });

  it('secret-scorer: precision and recall at the manifest threshold, on the sealed test set and each development set (the product\'s pipeline: parts, public values, model)', async () => {
    const manifest = manifestOf('secret-scorer');
    const rows = readJsonl<SecretEval>(join(MODELS, 'secret-scorer', 'eval.jsonl'));
    const asked = rows.flatMap((row, index) => secretParts(row).filter((p) => p.publicAs === undefined).map((part) => ({ part, index })));
    const scored = await host.scoreSecrets('eval-secret', asked.map((a) => a.part));
    assert.ok(scored);
    // A row is as secret as its most secret part; a row with no part asked (all public) scores 0.
    const rowScores = rows.map(() => 0);
    asked.forEach((a, i) => (rowScores[a.index] = Math.max(rowScores[a.index], scored[i].score)));
    const predictions = rowScores.map((score) => ({ score }));
    const metrics = manifest.metrics as Record<string, unknown>;
    const development = metrics.development as { source: string; precision: number; recall: number; rows: number }[];
    const heldOut = new Set(metrics.heldOutSources as string[]);
    const counts = (keep: (row: SecretEval) => boolean) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let n = 0;
      rows.forEach((row, i) => {
        if (!keep(row)) return;
        n++;
        const positive = row.label === 'secret' || row.label === 1;
        const flagged = predictions[i].score >= manifest.thresholds.secret;
        if (flagged && positive) tp++;
        else if (flagged) fp++;
        else if (positive) fn++;
      });
      return { n, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
    };
    const test = counts((row) => heldOut.has(row.source));
    assert.equal(test.n, metrics.rows);
    close(test.precision, metrics.precision, 'test precision');
    close(test.recall, metrics.recall, 'test recall');
    assert.ok(Array.isArray(development) && development.length > 0, 'model.json lists the development sets');
    for (const set of development) {
      const dev = counts((row) => row.source === set.source);
      assert.equal(dev.n, set.rows, `${set.source} rows`);
      close(dev.precision, set.precision, `${set.source} precision`);
      close(dev.recall, set.recall, `${set.source} recall`);
    }
  });
});
