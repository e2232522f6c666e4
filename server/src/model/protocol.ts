/**
 * Messages between the model host (main thread) and the model worker (dist/modelWorker.js), and the
 * decision rule that turns probabilities into predictions (shared so tests and the eval use the same).
 */
import type { CommandPrediction, EvidenceSpan, RiskCategory, SecretPrediction } from '../core/model/predictions';
import type { ModelManifest, ModelTask } from './manifest';
import { TASKS } from './manifest';
import type { SecretInput } from './featurize';

export type { CommandPrediction, EvidenceSpan, SecretPrediction };

/** One place a model may come from; the worker uses the first candidate of a task that passes every check. */
export interface ModelSource {
  task: ModelTask;
  origin: 'built-in' | 'user';
  onnxPath: string;
  manifestPath: string;
}

export interface WorkerConfig {
  /** Folder with ort-wasm-simd-threaded.{mjs,wasm}. */
  ortDir: string;
  numThreads: number;
  sources: ModelSource[];
  /** Largest model file accepted, in bytes. */
  maxModelBytes: number;
  /** Enables the `test-hook` message (crash, OOM, hang); never set outside tests. */
  testHooks: boolean;
}

export interface LoadedModel {
  task: ModelTask;
  origin: 'built-in' | 'user';
  path: string;
  manifest: ModelManifest;
  /** Scored one row per run (activations quantized per tensor would make a row depend on its batch). */
  rowwise: boolean;
  /** Milliseconds to read, check, create the session and dry-run it. */
  loadMs: number;
}

export interface ModelProblem {
  task: ModelTask;
  origin: 'built-in' | 'user';
  path: string;
  message: string;
}

export type CommandInput = string;
export type ModelInput = CommandInput | SecretInput;

/** `true`: evidence for flagged inputs only; `'all'`: for every input (the top risky label / P(secret)). */
export type ExplainMode = boolean | 'all';

export type HostToWorker =
  | { type: 'infer'; id: number; task: ModelTask; inputs: ModelInput[]; explain: ExplainMode }
  | { type: 'cancel'; id: number }
  | { type: 'test-hook'; action: TestHookAction };

export type TestHookAction = 'exit' | 'oom' | 'hang' | 'throw';

export type Prediction = CommandPrediction | SecretPrediction;

export type WorkerToHost =
  | { type: 'ready'; models: LoadedModel[]; problems: ModelProblem[]; startMs: number }
  | { type: 'fatal'; reason: string }
  | { type: 'result'; id: number; ok: true; predictions: Prediction[]; probs: Float32Array; inferMs: number }
  | { type: 'result'; id: number; ok: false; error: string };

export function modelLabel(manifest: ModelManifest): string {
  return `${manifest.name} ${manifest.version}`;
}

/**
 * cmd-risk: the risky label with the highest probability among those at or above their threshold;
 * `benign` (score P(benign), threshold 0) when none is.
 */
export function decideCommand(manifest: ModelManifest, probs: ArrayLike<number>, offset = 0): { index: number; flagged: boolean } {
  const negative = TASKS[manifest.task].negative;
  let best = -1;
  for (let c = 0; c < manifest.labels.length; c++) {
    const label = manifest.labels[c];
    if (label === negative) continue;
    const p = probs[offset + c];
    if (p >= manifest.thresholds[label] && (best < 0 || p > probs[offset + best])) best = c;
  }
  if (best >= 0) return { index: best, flagged: true };
  return { index: manifest.labels.indexOf(negative), flagged: false };
}

/** The risky label with the highest probability, flagged or not (what `explain: 'all'` explains). */
export function topRiskyLabel(manifest: ModelManifest, probs: ArrayLike<number>, offset = 0): number {
  const negative = TASKS[manifest.task].negative;
  let best = -1;
  for (let c = 0; c < manifest.labels.length; c++) {
    if (manifest.labels[c] === negative) continue;
    if (best < 0 || probs[offset + c] > probs[offset + best]) best = c;
  }
  return best;
}

export function commandPrediction(manifest: ModelManifest, probs: ArrayLike<number>, offset: number, evidence: EvidenceSpan[]): CommandPrediction {
  const { index, flagged } = decideCommand(manifest, probs, offset);
  const label = manifest.labels[index] ?? 'benign';
  return {
    label: label as RiskCategory | 'benign',
    score: index >= 0 ? probs[offset + index] : 0,
    threshold: flagged ? manifest.thresholds[label] : 0,
    evidence,
    model: modelLabel(manifest),
  };
}

export function secretPrediction(manifest: ModelManifest, probs: ArrayLike<number>, offset: number, evidence: EvidenceSpan[]): SecretPrediction {
  const index = manifest.labels.indexOf('secret');
  return { score: probs[offset + index], threshold: manifest.thresholds.secret, evidence, model: modelLabel(manifest) };
}
