/**
 * The model worker (bundled to dist/modelWorker.js, run in a worker_thread by host.ts): loads
 * onnxruntime-web's WASM build once (one thread, files from `ortDir`), checks and loads every model
 * (manifest, sha256, session names, dry run; a rejected user model falls back to the shipped one),
 * then answers batched requests: featurizing, inference, and — when asked — occlusion evidence.
 *
 * Evidence (gradient-free, computed here so the main thread never waits on it). A part's weight is the
 * drop of the label's log-odds, ln(p/(1−p)), when the part is removed: probabilities saturate near 1,
 * where removing the decisive token moves p from 0.9999993 to 0.9998 — log-odds keep that visible.
 *   cmd-risk       — each whitespace token of the input is removed in turn; the predicted risky label's
 *                    drop is the token's weight; the top 5 positive ones are kept.
 *   secret-scorer  — each 4-code-point window of the value (stride 1 up to 64 windows, wider above) is
 *                    removed in turn; the top 3 non-overlapping windows by drop of P(secret)'s log-odds,
 *                    touching ones merged, are kept.
 * All variants of a request go through the model in the same pass as the rows (see `score`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-web';
import { CMD_MAX_CHARS, SECRET_MAX_VALUE, featurizeCommandInto, featurizeSecretInto, firstCodePoints, type SecretInput } from './featurize';
import { checkDryRun, checkModelBytes, checkSessionShape, validateManifest, type ModelTask } from './manifest';
import {
  commandPrediction,
  decideCommand,
  secretPrediction,
  topRiskyLabel,
  type EvidenceSpan,
  type ExplainMode,
  type HostToWorker,
  type LoadedModel,
  type ModelInput,
  type ModelProblem,
  type ModelSource,
  type Prediction,
  type WorkerConfig,
  type WorkerToHost,
} from './protocol';

const CHUNK = 128;
const TOP_TOKENS = 5;
const TOP_SPANS = 3;
const WINDOW = 4;
const MAX_WINDOWS = 64;

interface Loaded {
  info: LoadedModel;
  session: ort.InferenceSession;
}

const config = workerData as WorkerConfig;
const port = parentPort!;
const models = new Map<ModelTask, Loaded>();

function post(message: WorkerToHost, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

// ---------------------------------------------------------------------------------------------
// Loading

/** The WASM runtime itself could not start: no model can load, whatever its files. */
class RuntimeFailure extends Error {}

async function loadSource(source: ModelSource): Promise<Loaded | string> {
  const started = performance.now();
  let bytes: Uint8Array;
  try {
    const size = statSync(source.onnxPath).size;
    if (size > config.maxModelBytes) return `${source.onnxPath} is ${(size / 1048576).toFixed(1)} MB, above the ${(config.maxModelBytes / 1048576).toFixed(0)} MB limit`;
    bytes = readFileSync(source.onnxPath);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? `model file ${source.onnxPath} not found` : `model file ${source.onnxPath} is unreadable: ${e.message}`;
  }
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(readFileSync(source.manifestPath, 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? `its manifest ${source.manifestPath} was not found` : `its manifest ${source.manifestPath} is not valid JSON: ${e.message}`;
  }
  const checked = validateManifest(manifestJson, source.task);
  if (!checked.ok) return checked.problems.join('; ');
  const manifest = checked.value;
  const byteProblems = checkModelBytes(manifest, bytes);
  if (byteProblems.length > 0) return byteProblems.join('; ');
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (error) {
    if (/no available backend/i.test(firstLine(error))) throw new RuntimeFailure(firstLine(error));
    return `onnxruntime could not load it: ${firstLine(error)}`;
  }
  const shapeProblems = checkSessionShape(manifest, session);
  if (shapeProblems.length > 0) {
    await session.release().catch(() => undefined);
    return shapeProblems.join('; ');
  }
  try {
    const zeros = new ort.Tensor('float32', new Float32Array(manifest.inputDim), [1, manifest.inputDim]);
    const output = (await session.run({ [manifest.inputName]: zeros }))[manifest.outputName];
    const problems = checkDryRun(manifest, output.dims, output.type, output.data as Float32Array);
    if (problems.length > 0) {
      await session.release().catch(() => undefined);
      return problems.join('; ');
    }
  } catch (error) {
    await session.release().catch(() => undefined);
    return `the dry run on a zero batch failed: ${firstLine(error)}`;
  }
  const rowwise = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('DynamicQuantizeLinear');
  return { info: { task: source.task, origin: source.origin, path: source.onnxPath, manifest, rowwise, loadMs: performance.now() - started }, session };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 300);
}

async function start(): Promise<void> {
  const started = performance.now();
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = config.numThreads;
  ort.env.wasm.wasmPaths = pathToFileURL(config.ortDir.endsWith(sep) ? config.ortDir : config.ortDir + sep).href;
  const problems: ModelProblem[] = [];
  for (const source of config.sources) {
    if (models.has(source.task)) continue;
    let result: Loaded | string;
    try {
      result = await loadSource(source);
    } catch (error) {
      if (!(error instanceof RuntimeFailure)) throw error;
      post({ type: 'fatal', reason: `onnxruntime-web could not start (${error.message})` });
      return;
    }
    if (typeof result === 'string') {
      problems.push({ task: source.task, origin: source.origin, path: source.onnxPath, message: result });
    } else {
      models.set(source.task, result);
    }
  }
  post({ type: 'ready', models: [...models.values()].map((m) => m.info), problems, startMs: performance.now() - started });
}

// ---------------------------------------------------------------------------------------------
// Inference

interface Job {
  id: number;
  task: ModelTask;
  inputs: ModelInput[];
  explain: ExplainMode;
  cancelled: boolean;
}

class Cancelled extends Error {}

/**
 * Runs `count` rows through the model; `fill(row, out, offset)` writes one feature vector (into zeros).
 * A model that quantizes activations per tensor (DynamicQuantizeLinear) scores a row differently
 * depending on the rows that share its batch, so such a model runs one row per run: a line's score
 * never depends on its neighbours, and matches the training run's batch-1 reference. Other models —
 * the shipped ones quantize activations per row (models/training/quantize.py) — run in chunks of CHUNK rows.
 */
async function score(model: Loaded, job: Job, count: number, fill: (row: number, out: Float32Array, offset: number) => void): Promise<Float32Array> {
  const { manifest, rowwise } = model.info;
  const dim = manifest.inputDim;
  const classes = manifest.labels.length;
  const probs = new Float32Array(count * classes);
  const chunk = rowwise ? 1 : CHUNK;
  const buffer = new Float32Array(chunk * dim);
  for (let start = 0; start < count; start += chunk) {
    if (job.cancelled) throw new Cancelled();
    const rows = Math.min(chunk, count - start);
    const features = rows === chunk ? buffer : buffer.subarray(0, rows * dim);
    features.fill(0);
    for (let r = 0; r < rows; r++) fill(start + r, features, r * dim);
    const output = (await model.session.run({ [manifest.inputName]: new ort.Tensor('float32', features, [rows, dim]) }))[manifest.outputName];
    probs.set((output.data as Float32Array).subarray(0, rows * classes), start * classes);
    output.dispose();
  }
  return probs;
}

/** ln(p/(1−p)), with p kept inside float32's resolution around 0 and 1. */
function logOdds(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q) - Math.log1p(-q);
}

function asCommand(input: ModelInput): string {
  return typeof input === 'string' ? input : '';
}

function asSecret(input: ModelInput): SecretInput {
  if (typeof input === 'object' && input !== null) {
    return { value: String(input.value ?? ''), name: String(input.name ?? ''), context: String(input.context ?? 'other') };
  }
  return { value: typeof input === 'string' ? input : '', name: '', context: 'other' };
}

/** Whitespace-separated tokens of the part of `text` the featurizer sees, as UTF-16 ranges. */
function whitespaceTokens(text: string): { start: number; end: number }[] {
  const seen = firstCodePoints(text, CMD_MAX_CHARS).length;
  const tokens: { start: number; end: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < seen) tokens.push({ start: m.index, end: m.index + m[0].length });
  return tokens;
}

async function runCommands(model: Loaded, job: Job): Promise<{ predictions: Prediction[]; probs: Float32Array }> {
  const manifest = model.info.manifest;
  const classes = manifest.labels.length;
  const texts = job.inputs.map(asCommand);
  const probs = await score(model, job, texts.length, (i, out, offset) => featurizeCommandInto(texts[i], out, offset));
  const evidence: EvidenceSpan[][] = texts.map(() => []);
  if (job.explain) {
    // Variants: input i without token j, for the inputs being explained.
    const variants: { input: number; target: number; start: number; end: number }[] = [];
    for (let i = 0; i < texts.length; i++) {
      const decision = decideCommand(manifest, probs, i * classes);
      const target = decision.flagged ? decision.index : job.explain === 'all' ? topRiskyLabel(manifest, probs, i * classes) : -1;
      if (target < 0) continue;
      for (const token of whitespaceTokens(texts[i])) variants.push({ input: i, target, ...token });
    }
    if (variants.length > 0) {
      const occluded = await score(model, job, variants.length, (v, out, offset) => {
        const { input, start, end } = variants[v];
        featurizeCommandInto(texts[input].slice(0, start) + texts[input].slice(end), out, offset);
      });
      variants.forEach((v, k) => {
        const drop = logOdds(probs[v.input * classes + v.target]) - logOdds(occluded[k * classes + v.target]);
        if (drop > 0) evidence[v.input].push({ start: v.start, end: v.end, weight: drop });
      });
      for (const spans of evidence) {
        spans.sort((a, b) => b.weight - a.weight || a.start - b.start);
        spans.length = Math.min(spans.length, TOP_TOKENS);
      }
    }
  }
  return { predictions: texts.map((_, i) => commandPrediction(manifest, probs, i * classes, evidence[i])), probs };
}

/** UTF-16 offsets of the code points of `s` (plus its length at the end). */
function codePointOffsets(s: string): number[] {
  const offsets: number[] = [];
  let i = 0;
  for (const ch of s) {
    offsets.push(i);
    i += ch.length;
  }
  offsets.push(i);
  return offsets;
}

async function runSecrets(model: Loaded, job: Job): Promise<{ predictions: Prediction[]; probs: Float32Array }> {
  const manifest = model.info.manifest;
  const classes = manifest.labels.length;
  const secretIndex = manifest.labels.indexOf('secret');
  const threshold = manifest.thresholds.secret;
  const inputs = job.inputs.map(asSecret);
  const probs = await score(model, job, inputs.length, (i, out, offset) => featurizeSecretInto(inputs[i], out, offset, manifest.featurizer));
  const evidence: EvidenceSpan[][] = inputs.map(() => []);
  if (job.explain) {
    const variants: { input: number; start: number; end: number; offsets: number[] }[] = [];
    for (let i = 0; i < inputs.length; i++) {
      if (job.explain !== 'all' && probs[i * classes + secretIndex] < threshold) continue;
      const value = firstCodePoints(inputs[i].value, SECRET_MAX_VALUE);
      const offsets = codePointOffsets(value);
      const length = offsets.length - 1;
      if (length === 0) continue;
      const windows = Math.max(1, length - WINDOW + 1);
      const stride = Math.max(1, Math.ceil(windows / MAX_WINDOWS));
      for (let s = 0; s < windows; s += stride) variants.push({ input: i, start: s, end: Math.min(length, s + WINDOW), offsets });
    }
    if (variants.length > 0) {
      const occluded = await score(model, job, variants.length, (v, out, offset) => {
        const { input, start, end, offsets } = variants[v];
        const value = inputs[input].value;
        featurizeSecretInto({ ...inputs[input], value: value.slice(0, offsets[start]) + value.slice(offsets[end]) }, out, offset, manifest.featurizer);
      });
      const candidates: { input: number; start: number; end: number; weight: number; offsets: number[] }[] = [];
      variants.forEach((v, k) => {
        const drop = logOdds(probs[v.input * classes + secretIndex]) - logOdds(occluded[k * classes + secretIndex]);
        if (drop > 0) candidates.push({ ...v, weight: drop });
      });
      candidates.sort((a, b) => b.weight - a.weight || a.start - b.start);
      const chosen: (typeof candidates)[] = inputs.map(() => []);
      for (const c of candidates) {
        const picked = chosen[c.input];
        if (picked.length >= TOP_SPANS || picked.some((p) => c.start < p.end && p.start < c.end)) continue;
        picked.push(c);
      }
      chosen.forEach((picked, i) => {
        picked.sort((a, b) => a.start - b.start);
        const merged: typeof picked = [];
        for (const p of picked) {
          const last = merged[merged.length - 1];
          if (last && last.end >= p.start) {
            last.end = Math.max(last.end, p.end);
            last.weight = Math.max(last.weight, p.weight);
          } else merged.push({ ...p });
        }
        evidence[i] = merged
          .map((m) => ({ start: m.offsets[m.start], end: m.offsets[m.end], weight: m.weight }))
          .sort((a, b) => b.weight - a.weight || a.start - b.start);
      });
    }
  }
  return { predictions: inputs.map((_, i) => secretPrediction(manifest, probs, i * classes, evidence[i])), probs };
}

const queue: Job[] = [];
let current: Job | undefined;
let draining = false;

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    while (queue.length > 0) {
      const job = queue.shift()!;
      current = job;
      const started = performance.now();
      try {
        const model = models.get(job.task);
        if (!model) {
          post({ type: 'result', id: job.id, ok: false, error: `no ${job.task} model is loaded` });
          continue;
        }
        const { predictions, probs } = job.task === 'cmd-risk' ? await runCommands(model, job) : await runSecrets(model, job);
        if (!job.cancelled) post({ type: 'result', id: job.id, ok: true, predictions, probs, inferMs: performance.now() - started }, [probs.buffer as ArrayBuffer]);
      } catch (error) {
        if (!(error instanceof Cancelled)) post({ type: 'result', id: job.id, ok: false, error: firstLine(error) });
      } finally {
        current = undefined;
      }
      // Let cancellations that arrived meanwhile be read before the next job.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    draining = false;
  }
}

function testHook(action: string): void {
  if (!config.testHooks) return;
  if (action === 'exit') process.exit(3);
  if (action === 'throw') throw new Error('test hook: uncaught error in the model worker');
  if (action === 'hang') {
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      /* busy: the host's timeouts fire */
    }
  }
  if (action === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 20).fill(hog.length));
  }
}

port.on('message', (message: HostToWorker) => {
  if (message.type === 'infer') {
    queue.push({ id: message.id, task: message.task, inputs: message.inputs, explain: message.explain, cancelled: false });
    void drain();
  } else if (message.type === 'cancel') {
    const index = queue.findIndex((j) => j.id === message.id);
    if (index >= 0) queue.splice(index, 1);
    if (current?.id === message.id) current.cancelled = true;
  } else if (message.type === 'test-hook') {
    testHook(message.action);
  }
});

start().catch((error) => post({ type: 'fatal', reason: `the model worker could not start: ${firstLine(error)}` }));
