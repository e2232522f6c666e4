/**
 * `ModelHost`: the main-thread side of the on-device model, shared by the language server and the CLI.
 *
 * - Lazy: the worker (dist/modelWorker.js, onnxruntime-web WASM, one thread, `resourceLimits`) starts
 *   on the first request and loads every model once; sessions live as long as the worker.
 * - One request is one batch (all the sub-commands or candidate values of a document). A newer request
 *   for the same key and task supersedes the older one: the older resolves `undefined` and is cancelled
 *   in the worker. Identical inputs of a batch are sent once, and rows scored before come from an LRU
 *   cache (rows are scored independently, see worker.ts), so a keystroke re-scores only what changed.
 * - Each request gets `timeoutMs` (2 s) once it reaches a ready worker, then resolves `undefined`.
 * - After `idleMs` without requests the worker is terminated (its WASM memory goes with it); the next
 *   request starts it again.
 * - Fallback: missing or corrupt model files, a worker that fails to start, crashes, exits or runs out of
 *   memory, or two timeouts in a row make the state `unavailable` with a reason — logged once, never
 *   thrown — and every request resolves `undefined`, so callers stay rules-only. `reset()` tries again.
 * - A user's model (`cmdRiskPath`, `secretScorerPath`: an .onnx with a sidecar .json) is validated in
 *   the worker; when it does not fit it is rejected with the reason in `status().problems` (one log
 *   line) and the shipped model of that task is used instead.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SecretQuery } from '../core/model/predictions';
import type { ModelTask } from './manifest';
import type {
  CommandPrediction,
  ExplainMode,
  HostToWorker,
  LoadedModel,
  ModelInput,
  ModelProblem,
  ModelSource,
  Prediction,
  SecretPrediction,
  TestHookAction,
  WorkerConfig,
  WorkerToHost,
} from './protocol';

export type { CommandPrediction, SecretPrediction, ExplainMode, TestHookAction };
export type ModelState = 'not-started' | 'starting' | 'ready' | 'unavailable';

export interface ModelHostOptions {
  /** Folder holding modelWorker.js, ort/ and models/ (default: this script's folder, i.e. dist/). */
  distDir?: string;
  workerPath?: string;
  ortDir?: string;
  modelsDir?: string;
  /** A user's cmd-risk model: path of an .onnx with `<name>.json` (or `model.json`) beside it. */
  cmdRiskPath?: string;
  /** A user's secret-scorer model, likewise. */
  secretScorerPath?: string;
  /** Per request, counted from when it reaches a ready worker. Default 2000. */
  timeoutMs?: number;
  /** Worker start-up (WASM compile + model loads). Default 20000. */
  startTimeoutMs?: number;
  /** Terminate the worker after this long without requests. Default 5 minutes. */
  idleMs?: number;
  /** The worker's heap limit (`resourceLimits.maxOldGenerationSizeMb`). Default 256. */
  memoryLimitMb?: number;
  /** onnxruntime-web threads inside the worker. Default 1. */
  numThreads?: number;
  /** Rows remembered per model and explain mode (a keystroke re-scores only the lines that changed). Default 5000; 0 turns it off. */
  cacheSize?: number;
  /** Largest .onnx accepted. Default 64 MB. */
  maxModelBytes?: number;
  /** One line per state change worth knowing (unavailable, a rejected user model). Default: stderr. */
  log?: (line: string) => void;
  /** Allows `testHook()`; tests only. */
  testHooks?: boolean;
  /**
   * Tests only (DRYDOCK_TEST_FAULTS=model:<action> in the language server): once the first answer has been
   * delivered and nothing else is pending, the worker is sent this test hook — it exits, throws, hangs or runs out
   * of memory after it has served something. Implies `testHooks`.
   */
  testFaultAfterFirstAnswer?: TestHookAction;
}

export interface ModelInfo {
  task: ModelTask;
  name: string;
  version: string;
  origin: 'built-in' | 'user';
  path: string;
  labels: string[];
  thresholds: Record<string, number>;
  metrics?: Record<string, unknown>;
  /** Scored one row per run (activations quantized per tensor); otherwise in batches. */
  rowwise: boolean;
}

export interface ModelStatus {
  state: ModelState;
  /** Why the state is `unavailable` (or why the last worker ended). */
  reason?: string;
  /** Models loaded by the current or last worker. */
  models: ModelInfo[];
  /** Models that were rejected or missing, one sentence each (a rejected user model's shipped fallback is in `models`). */
  problems: string[];
  /** Spawn → ready of the last start, measured on the main thread; and the worker's own figure. */
  coldStartMs?: number;
  workerStartMs?: number;
}

export interface ModelResponse<P extends Prediction = Prediction> {
  predictions: P[];
  /** Row-major [inputs, labels] probabilities. */
  probs: Float32Array;
  labels: string[];
  /** Time inside the worker (featurizing, inference, evidence). */
  inferMs: number;
}

interface Pending {
  id: number;
  key: string;
  task: ModelTask;
  inputs: ModelInput[];
  explain: ExplainMode;
  sent: boolean;
  timer?: NodeJS.Timeout;
  resolve: (response: WorkerResponse | undefined) => void;
}

type WorkerResponse = Extract<WorkerToHost, { type: 'result'; ok: true }>;

interface CachedRow {
  prediction: Prediction;
  probs: Float32Array;
}

const DEFAULTS = { cacheSize: 5000, timeoutMs: 2000, startTimeoutMs: 20000, idleMs: 5 * 60_000, memoryLimitMb: 256, numThreads: 1, maxModelBytes: 64 * 1048576 };

/** The sidecar manifest of a user's model: `<name>.json` beside `<name>.onnx`, else `model.json` in that folder. */
export function sidecarManifest(onnxPath: string): string {
  const sibling = join(dirname(onnxPath), `${basename(onnxPath).replace(/\.onnx$/i, '')}.json`);
  if (existsSync(sibling)) return sibling;
  const fallback = join(dirname(onnxPath), 'model.json');
  return existsSync(fallback) ? fallback : sibling;
}

export class ModelHost {
  private readonly options: Required<Omit<ModelHostOptions, 'cmdRiskPath' | 'secretScorerPath' | 'log' | 'testHooks' | 'testFaultAfterFirstAnswer'>> & ModelHostOptions;
  private readonly log: (line: string) => void;
  private worker: Worker | undefined;
  private state: ModelState = 'not-started';
  private reason: string | undefined;
  private models: LoadedModel[] = [];
  private problems: string[] = [];
  private coldStartMs: number | undefined;
  private workerStartMs: number | undefined;
  private starting: Promise<void> | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private startDone: (() => void) | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly byKey = new Map<string, Pending>();
  private inFlight: Pending | undefined;
  private readonly cache = new Map<string, CachedRow>();
  private nextId = 1;
  private consecutiveTimeouts = 0;
  private testFaultFired = false;
  private disposed = false;
  private referenced = false;
  private readonly listeners = new Set<(status: ModelStatus) => void>();

  constructor(options: ModelHostOptions = {}) {
    const distDir = options.distDir ?? __dirname;
    this.options = {
      ...DEFAULTS,
      workerPath: join(distDir, 'modelWorker.js'),
      ortDir: join(distDir, 'ort'),
      modelsDir: join(distDir, 'models'),
      distDir,
      ...stripUndefined(options),
    };
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  status(): ModelStatus {
    return {
      state: this.state,
      reason: this.reason,
      models: this.models.map((m) => ({
        task: m.task,
        name: m.manifest.name,
        version: m.manifest.version,
        origin: m.origin,
        path: m.path,
        labels: m.manifest.labels,
        thresholds: m.manifest.thresholds,
        metrics: m.manifest.metrics,
        rowwise: m.rowwise,
      })),
      problems: [...this.problems],
      coldStartMs: this.coldStartMs,
      workerStartMs: this.workerStartMs,
    };
  }

  /** Called on every state change (for a status item). */
  onDidChangeStatus(listener: (status: ModelStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts the worker now instead of on the first request; resolves once it is ready or unavailable. */
  async start(): Promise<ModelStatus> {
    if (this.state === 'not-started' && !this.disposed) this.spawn();
    await this.starting;
    return this.status();
  }

  /** cmd-risk over the sub-commands of one document; `undefined` when the model is unavailable, timed out or superseded. */
  async scoreCommands(key: string, commands: readonly string[], options: { explain?: ExplainMode } = {}): Promise<CommandPrediction[] | undefined> {
    return (await this.request('cmd-risk', key, commands, options.explain ?? false))?.predictions as CommandPrediction[] | undefined;
  }

  /** secret-scorer over the candidate values of one document; `undefined` as above. */
  async scoreSecrets(key: string, candidates: readonly SecretQuery[], options: { explain?: ExplainMode } = {}): Promise<SecretPrediction[] | undefined> {
    const inputs = candidates.map((c) => ({ value: c.value, name: c.name, context: c.context }));
    return (await this.request('secret-scorer', key, inputs, options.explain ?? false))?.predictions as SecretPrediction[] | undefined;
  }

  /** The general form: predictions plus raw probabilities. Never throws. */
  request(task: 'cmd-risk', key: string, inputs: readonly string[], explain?: ExplainMode): Promise<ModelResponse<CommandPrediction> | undefined>;
  request(task: 'secret-scorer', key: string, inputs: readonly SecretQuery[], explain?: ExplainMode): Promise<ModelResponse<SecretPrediction> | undefined>;
  request(task: ModelTask, key: string, inputs: readonly ModelInput[], explain?: ExplainMode): Promise<ModelResponse | undefined>;
  async request(task: ModelTask, key: string, inputs: readonly ModelInput[], explain: ExplainMode = false): Promise<ModelResponse | undefined> {
    if (this.disposed || this.state === 'unavailable') return undefined;
    const fullKey = `${task}\u0000${key}`;
    this.supersede(fullKey);
    if (inputs.length === 0) return { predictions: [], probs: new Float32Array(0), labels: this.labelsOf(task), inferMs: 0 };
    // Identical inputs are scored once; rows scored before (same model, same explain mode) come from the cache.
    const unique: ModelInput[] = [];
    const uniqueKeys: string[] = [];
    const slot = new Map<string, number>();
    const order = inputs.map((input) => {
      const k = `${task}\u0000${explain}\u0000${typeof input === 'string' ? input : `${input.context}\u0000${input.name}\u0000${input.value}`}`;
      let index = slot.get(k);
      if (index === undefined) {
        index = unique.length;
        slot.set(k, index);
        unique.push(input);
        uniqueKeys.push(k);
      }
      return index;
    });
    const cached = uniqueKeys.map((k) => this.cacheGet(k));
    const missing = unique.filter((_, u) => cached[u] === undefined);
    let inferMs = 0;
    if (missing.length > 0) {
      this.clearIdle();
      const response = await new Promise<WorkerResponse | undefined>((resolve) => {
        const request: Pending = { id: this.nextId++, key: fullKey, task, inputs: missing, explain, sent: false, resolve };
        this.pending.set(request.id, request);
        this.byKey.set(fullKey, request);
        this.updateRef();
        if (this.state === 'not-started') this.spawn();
        else if (this.state === 'ready') this.pump();
      });
      if (!response) return undefined;
      inferMs = response.inferMs;
      const classes = response.probs.length / missing.length;
      let m = 0;
      for (let u = 0; u < unique.length; u++) {
        if (cached[u] !== undefined) continue;
        const row = { prediction: response.predictions[m], probs: response.probs.slice(m * classes, (m + 1) * classes) };
        cached[u] = row;
        this.cachePut(uniqueKeys[u], row);
        m++;
      }
    }
    const labels = this.labelsOf(task);
    const classes = labels.length;
    const probs = new Float32Array(inputs.length * classes);
    order.forEach((u, i) => probs.set(cached[u]!.probs, i * classes));
    return { predictions: order.map((u) => cached[u]!.prediction), probs, labels, inferMs };
  }

  private cacheGet(key: string): CachedRow | undefined {
    const row = this.cache.get(key);
    if (row) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, row);
    }
    return row;
  }

  private cachePut(key: string, row: CachedRow): void {
    if (this.options.cacheSize <= 0) return;
    this.cache.set(key, row);
    while (this.cache.size > this.options.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Drops the pending requests of a key (a closed or changed document). */
  cancel(key: string): void {
    for (const task of ['cmd-risk', 'secret-scorer'] as const) this.supersede(`${task}\u0000${key}`);
  }

  /** Leaves `unavailable` (e.g. after the user changed a model setting): the next request starts a fresh worker. */
  async reset(options: Pick<ModelHostOptions, 'cmdRiskPath' | 'secretScorerPath'> = {}): Promise<void> {
    Object.assign(this.options, options);
    const stopping = this.stopWorker();
    this.reason = undefined;
    this.problems = [];
    this.consecutiveTimeouts = 0;
    this.setState('not-started');
    await stopping;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const stopping = this.stopWorker();
    if (this.state !== 'unavailable') this.setState('not-started');
    this.listeners.clear();
    await stopping;
  }

  /** Tests only (needs `testHooks`): makes the worker exit, run out of memory, hang or throw. */
  testHook(action: TestHookAction): void {
    if ((this.options.testHooks || this.options.testFaultAfterFirstAnswer) && this.worker) this.post({ type: 'test-hook', action });
  }

  // -------------------------------------------------------------------------------------------

  private labelsOf(task: ModelTask): string[] {
    return this.models.find((m) => m.task === task)?.manifest.labels ?? [];
  }

  private sources(): ModelSource[] {
    const { modelsDir, cmdRiskPath, secretScorerPath } = this.options;
    const sources: ModelSource[] = [];
    const add = (task: ModelTask, folder: string, userPath: string | undefined) => {
      if (userPath) sources.push({ task, origin: 'user', onnxPath: userPath, manifestPath: sidecarManifest(userPath) });
      sources.push({ task, origin: 'built-in', onnxPath: join(modelsDir, folder, 'model.onnx'), manifestPath: join(modelsDir, folder, 'model.json') });
    };
    add('cmd-risk', 'cmd-risk', cmdRiskPath);
    add('secret-scorer', 'secret-scorer', secretScorerPath);
    return sources;
  }

  private spawn(): void {
    this.cache.clear(); // the models may differ from the last worker's
    this.setState('starting');
    const config: WorkerConfig = {
      ortDir: this.options.ortDir,
      numThreads: this.options.numThreads,
      sources: this.sources(),
      maxModelBytes: this.options.maxModelBytes,
      testHooks: this.options.testHooks === true || this.options.testFaultAfterFirstAnswer !== undefined,
    };
    const spawned = performance.now();
    let worker: Worker;
    this.starting = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(this.startTimer);
        this.startTimer = undefined;
        this.startDone = undefined;
        resolve();
      };
      this.startDone = done;
      try {
        if (!existsSync(this.options.workerPath)) throw new Error(`${this.options.workerPath} not found`);
        worker = new Worker(this.options.workerPath, {
          workerData: config,
          resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb },
          // Never onto the process's own stdout: the language server may speak LSP over it.
          stdout: true,
          stderr: true,
        });
        worker.stdout.resume();
        worker.stderr.resume();
      } catch (error) {
        this.fail(`the model worker could not start: ${(error as Error).message}`);
        done();
        return;
      }
      this.worker = worker;
      this.referenced = true;
      this.updateRef();
      this.startTimer = setTimeout(() => {
        if (this.worker === worker && this.state === 'starting') this.fail(`the model worker did not start within ${this.options.startTimeoutMs} ms`);
        done();
      }, this.options.startTimeoutMs);
      worker.on('message', (message: WorkerToHost) => {
        if (this.worker !== worker) return;
        if (message.type === 'ready') {
          this.coldStartMs = performance.now() - spawned;
          this.workerStartMs = message.startMs;
          this.onReady(message.models, message.problems);
          done();
        } else if (message.type === 'fatal') {
          this.fail(message.reason);
          done();
        } else if (message.type === 'result') {
          this.onResult(message);
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (this.worker !== worker) return;
        this.fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the model worker ran out of memory (limit ${this.options.memoryLimitMb} MB)`
            : `the model worker crashed: ${error.message.split('\n')[0]}`,
        );
        done();
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        this.fail(`the model worker exited unexpectedly (code ${code})`);
        done();
      });
    });
  }

  private onReady(models: LoadedModel[], problems: ModelProblem[]): void {
    this.models = models;
    this.reason = undefined;
    this.problems = problems.map((p) => {
      const replaced = p.origin === 'user' && models.some((m) => m.task === p.task && m.origin === 'built-in');
      return `${p.origin === 'user' ? 'your' : 'the shipped'} ${p.task} model ${p.path} ${replaced ? 'was rejected, the shipped one is used instead' : 'is not used'}: ${p.message}`;
    });
    if (models.length === 0) {
      this.fail(problems.length > 0 ? `no model could be loaded: ${this.problems.join(' | ')}` : 'no model is configured');
      return;
    }
    if (this.problems.length > 0) this.log(`drydock model: ${this.problems.join(' | ')}`);
    this.setState('ready');
    this.pump();
    this.armIdle();
  }

  /**
   * One request at a time goes to the worker (it works through them one by one anyway), so each
   * timeout measures that request's own work, not the queue in front of it (a CLI scanning many files).
   */
  private pump(): void {
    while (this.state === 'ready' && this.worker && !this.inFlight) {
      let next: Pending | undefined;
      for (const request of this.pending.values()) {
        if (!request.sent) {
          next = request;
          break;
        }
      }
      if (!next) return;
      this.send(next);
    }
  }

  private send(request: Pending): void {
    request.sent = true;
    if (!this.models.some((m) => m.task === request.task)) {
      this.finish(request, undefined);
      return;
    }
    this.inFlight = request;
    request.timer = setTimeout(() => this.onTimeout(request), this.options.timeoutMs);
    this.post({ type: 'infer', id: request.id, task: request.task, inputs: request.inputs, explain: request.explain });
  }

  private post(message: HostToWorker): void {
    try {
      this.worker?.postMessage(message);
    } catch (error) {
      this.fail(`the model worker could not be reached: ${(error as Error).message}`);
    }
  }

  private onResult(message: Extract<WorkerToHost, { type: 'result' }>): void {
    const request = this.pending.get(message.id);
    if (!request) return; // superseded, timed out or cancelled meanwhile
    this.consecutiveTimeouts = 0;
    if (!message.ok) this.log(`drydock model: a ${request.task} request failed: ${message.error}`);
    this.finish(request, message.ok ? message : undefined);
    const fault = this.options.testFaultAfterFirstAnswer;
    if (fault && message.ok && !this.testFaultFired && this.pending.size === 0) {
      this.testFaultFired = true;
      this.testHook(fault);
    }
  }

  private onTimeout(request: Pending): void {
    if (!this.pending.has(request.id)) return;
    this.post({ type: 'cancel', id: request.id });
    this.finish(request, undefined);
    this.consecutiveTimeouts++;
    if (this.consecutiveTimeouts >= 2) this.fail(`two model requests in a row took longer than ${this.options.timeoutMs} ms`);
  }

  private supersede(fullKey: string): void {
    const previous = this.byKey.get(fullKey);
    if (!previous) return;
    if (previous.sent) this.post({ type: 'cancel', id: previous.id });
    this.finish(previous, undefined);
  }

  private finish(request: Pending, response: WorkerResponse | undefined): void {
    clearTimeout(request.timer);
    this.pending.delete(request.id);
    if (this.byKey.get(request.key) === request) this.byKey.delete(request.key);
    if (this.inFlight === request) this.inFlight = undefined;
    this.updateRef();
    if (this.pending.size === 0 && this.state === 'ready') this.armIdle();
    request.resolve(response);
    this.pump();
  }

  /** The one way into `unavailable`: logs once, ends the worker, resolves every pending request with undefined. */
  private fail(reason: string): void {
    if (this.state === 'unavailable') return;
    this.reason = reason;
    this.log(`drydock model: unavailable, analysis continues rules-only: ${reason}`);
    this.setState('unavailable');
    void this.stopWorker();
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.startDone?.(); // a start() waiting on this worker returns
    this.clearIdle();
    for (const request of [...this.pending.values()]) this.finish(request, undefined);
    if (worker) await worker.terminate().catch(() => undefined);
  }

  private armIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      if (this.pending.size > 0 || this.state !== 'ready') return;
      this.reason = 'stopped after being idle';
      this.setState('not-started');
      void this.stopWorker();
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** The worker keeps the process alive only while requests wait on it (the CLI exits when done). */
  private updateRef(): void {
    const want = this.pending.size > 0;
    if (!this.worker || want === this.referenced) return;
    if (want) this.worker.ref();
    else this.worker.unref();
    this.referenced = want;
  }

  private setState(state: ModelState): void {
    if (this.state === state) return;
    this.state = state;
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch {
        /* a listener's problem is not the model's */
      }
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
