/**
 * `model.json`, the manifest beside every model (shipped or the user's), and the checks a model
 * must pass before it is used: first the manifest alone (task, featurizer, dimensions, labels,
 * thresholds), then the bytes (sha256 when pinned), then the loaded session (input/output names and
 * a dry run on a zero batch). Every check answers with sentences a user can act on; nothing throws.
 */
import { createHash } from 'node:crypto';
import { CMD_DIM, FEATURIZER_ID, FEATURIZER_V1, SECRET_DIM } from './featurize';
import { RISK_CATEGORIES } from '../core/model/predictions';

export type ModelTask = 'cmd-risk' | 'secret-scorer';

/** The cmd-risk model's outputs in order: `benign`, then the core's risk categories. */
export const CMD_RISK_LABELS = ['benign', ...RISK_CATEGORIES] as const;
export const SECRET_LABELS = ['placeholder', 'secret'] as const;

export interface TaskSpec {
  task: ModelTask;
  /** Every label a model of this task may have. */
  labels: readonly string[];
  /** The label that means "nothing to report"; every other label needs a threshold. */
  negative: string;
  /** Input dimension per featurizer id. */
  inputDims: Readonly<Record<string, number>>;
}

export const TASKS: Readonly<Record<ModelTask, TaskSpec>> = {
  'cmd-risk': { task: 'cmd-risk', labels: CMD_RISK_LABELS, negative: 'benign', inputDims: { [FEATURIZER_V1]: CMD_DIM, [FEATURIZER_ID]: CMD_DIM } },
  'secret-scorer': { task: 'secret-scorer', labels: SECRET_LABELS, negative: 'placeholder', inputDims: { [FEATURIZER_V1]: SECRET_DIM, [FEATURIZER_ID]: SECRET_DIM } },
};

export interface ModelManifest {
  name: string;
  version: string;
  task: ModelTask;
  featurizer: string;
  inputName: string;
  inputDim: number;
  outputName: string;
  labels: string[];
  thresholds: Record<string, number>;
  sha256?: string;
  trainedAt?: string;
  metrics?: Record<string, unknown>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Validates a parsed model.json. `expectedTask` is the slot the model is meant for (a user's cmd-risk path). */
export function validateManifest(json: unknown, expectedTask?: ModelTask): Checked<ModelManifest> {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problems: ['the manifest is not a JSON object'] };
  const m = json as Record<string, unknown>;
  const text = (key: string, required = true): string | undefined => {
    const v = m[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const name = text('name');
  const version = text('version');
  const task = text('task');
  const featurizer = text('featurizer');
  const inputName = text('inputName');
  const outputName = text('outputName');
  const sha256 = text('sha256', false);
  const trainedAt = text('trainedAt', false);

  const spec = task !== undefined ? TASKS[task as ModelTask] : undefined;
  if (task !== undefined && !spec) problems.push(`unknown task "${task}" (known: ${Object.keys(TASKS).join(', ')})`);
  else if (spec && expectedTask && spec.task !== expectedTask) problems.push(`the model is for task "${spec.task}", but this setting is for "${expectedTask}"`);
  const dims = spec?.inputDims ?? TASKS['cmd-risk'].inputDims;
  if (featurizer !== undefined && !(featurizer in dims)) problems.push(`unknown featurizer "${featurizer}" (known: ${Object.keys(dims).join(', ')})`);

  const inputDim = m.inputDim;
  if (typeof inputDim !== 'number' || !Number.isInteger(inputDim) || inputDim <= 0) problems.push('"inputDim" must be a positive integer');
  else if (spec && featurizer !== undefined && featurizer in dims && dims[featurizer] !== inputDim) {
    problems.push(`"inputDim" is ${inputDim}, but featurizer ${featurizer} produces ${dims[featurizer]} features for ${spec.task}`);
  }

  let labels: string[] | undefined;
  if (!Array.isArray(m.labels) || m.labels.length < 2 || !m.labels.every((l) => typeof l === 'string')) {
    problems.push('"labels" must be an array of at least two strings');
  } else {
    labels = m.labels as string[];
    const seen = new Set<string>();
    for (const label of labels) {
      if (seen.has(label)) problems.push(`label "${label}" appears twice`);
      seen.add(label);
      if (spec && !spec.labels.includes(label)) problems.push(`unknown label "${label}" for ${spec.task} (known: ${spec.labels.join(', ')})`);
    }
    if (spec?.task === 'secret-scorer' && !labels.includes('secret')) problems.push('a secret-scorer model needs the label "secret"');
    if (spec && !labels.some((l) => l !== spec.negative)) problems.push(`the labels need at least one besides "${spec.negative}"`);
  }

  let thresholds: Record<string, number> | undefined;
  if (typeof m.thresholds !== 'object' || m.thresholds === null || Array.isArray(m.thresholds)) {
    problems.push('"thresholds" must be an object of label → number');
  } else {
    thresholds = m.thresholds as Record<string, number>;
    for (const [label, t] of Object.entries(thresholds)) {
      if (typeof t !== 'number' || !(t > 0 && t <= 1)) problems.push(`threshold of "${label}" must be a number in (0, 1]`);
      if (labels && !labels.includes(label)) problems.push(`threshold given for "${label}", which is not one of the labels`);
    }
    if (labels && spec) {
      for (const label of labels) if (label !== spec.negative && !(label in thresholds)) problems.push(`no threshold for label "${label}"`);
    }
  }
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256)) problems.push('"sha256" must be 64 hex digits');
  if (m.metrics !== undefined && (typeof m.metrics !== 'object' || m.metrics === null)) problems.push('"metrics" must be an object');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: name!,
      version: version!,
      task: spec!.task,
      featurizer: featurizer!,
      inputName: inputName!,
      inputDim: inputDim as number,
      outputName: outputName!,
      labels: labels!,
      thresholds: thresholds!,
      sha256: sha256?.toLowerCase(),
      trainedAt,
      metrics: m.metrics as Record<string, unknown> | undefined,
    },
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The pinned hash, when there is one. */
export function checkModelBytes(manifest: ModelManifest, bytes: Uint8Array): string[] {
  if (bytes.byteLength === 0) return ['the model file is empty'];
  if (manifest.sha256 === undefined) return [];
  const actual = sha256Hex(bytes);
  return actual === manifest.sha256 ? [] : [`sha256 mismatch: the manifest pins ${manifest.sha256.slice(0, 12)}…, the file is ${actual.slice(0, 12)}…`];
}

/** What the loaded session says about itself (a structural view of onnxruntime's InferenceSession). */
export interface SessionShape {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: ReadonlyArray<number | string> }[];
}

/** Input/output names and, when the model declares it, the input's type and last dimension. */
export function checkSessionShape(manifest: ModelManifest, session: SessionShape): string[] {
  const problems: string[] = [];
  if (!session.inputNames.includes(manifest.inputName)) problems.push(`the model has no input "${manifest.inputName}" (it has ${session.inputNames.join(', ') || 'none'})`);
  if (!session.outputNames.includes(manifest.outputName)) problems.push(`the model has no output "${manifest.outputName}" (it has ${session.outputNames.join(', ') || 'none'})`);
  if (session.inputNames.length !== 1) problems.push(`the model must have exactly one input, it has ${session.inputNames.length}`);
  const input = session.inputMetadata?.find((i) => i.name === manifest.inputName);
  if (input && input.isTensor) {
    if (input.type !== undefined && input.type !== 'float32') problems.push(`input "${manifest.inputName}" is ${input.type}, expected float32`);
    const shape = input.shape ?? [];
    const last = shape[shape.length - 1];
    if (shape.length > 0 && shape.length !== 2) problems.push(`input "${manifest.inputName}" has rank ${shape.length}, expected [batch, ${manifest.inputDim}]`);
    else if (typeof last === 'number' && last !== manifest.inputDim) {
      problems.push(`input "${manifest.inputName}" takes ${last} features, the manifest says inputDim ${manifest.inputDim}`);
    }
  }
  return problems;
}

/** The dry run's output on a zero batch of one: shape [1, labels.length], finite, a distribution. */
export function checkDryRun(manifest: ModelManifest, dims: readonly number[], type: string, data: ArrayLike<number>): string[] {
  const expected = `[1, ${manifest.labels.length}]`;
  if (type !== 'float32') return [`output "${manifest.outputName}" is ${type}, expected float32`];
  if (dims.length !== 2 || dims[0] !== 1 || dims[1] !== manifest.labels.length) {
    return [`output "${manifest.outputName}" has shape [${dims.join(', ')}] for one input, expected ${expected} (one probability per label)`];
  }
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const p = data[i];
    if (!Number.isFinite(p) || p < -1e-6 || p > 1 + 1e-6) return [`output "${manifest.outputName}" is not a probability (${p}); put the softmax in the graph`];
    sum += p;
  }
  return Math.abs(sum - 1) > 1e-3 ? [`output "${manifest.outputName}" does not sum to 1 (${sum.toFixed(4)}); put the softmax in the graph`] : [];
}

export function describeProblems(where: string, problems: readonly string[]): string {
  return `${where}: ${problems.join('; ')}`;
}
