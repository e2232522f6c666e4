/**
 * `npm run fuzz`: the targets of the short run (test/fuzz/targets.ts), long. For each target it prints the inputs
 * tried, crashes (a check that threw; grouped by message, first inputs shown), hangs (inputs slower than the
 * per-input limit twice: an input over the limit is timed again once) and the slowest three inputs with their time.
 *
 *   npm run fuzz -- [--runs 100000] [--seed N] [--time-limit-ms 1000] [--target <name substring>]
 *
 * Exits 1 when any target had a crash or a hang. The engine is synchronous, so a hang is measured, not interrupted:
 * an input that never returned would stall the run at that target (the progress line names it).
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { fuzzTargets, layerSeeds } from './targets';

interface Options { runs: number; seed: number; timeLimitMs: number; target?: string }

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 100_000, seed: 20261126, timeLimitMs: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--runs': options.runs = Number(value); i++; break;
      case '--seed': options.seed = Number(value); i++; break;
      case '--time-limit-ms': options.timeLimitMs = Number(value); i++; break;
      case '--target': options.target = value; i++; break;
      default: throw new Error(`unknown argument ${argv[i]} (use --runs, --seed, --time-limit-ms, --target)`);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs <= 0) throw new Error('--runs needs a positive whole number');
  return options;
}

const truncate = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const ctx = { shellParser: await loadShellParser(), layerSeeds: await layerSeeds() };
  const targets = fuzzTargets(ctx).filter((t) => !options.target || t.name.includes(options.target));
  console.log(`drydock fuzz: ${options.runs} inputs per target, seed ${options.seed}, per-input time limit ${options.timeLimitMs} ms`);
  let failed = false;
  const summary: string[] = [];
  for (const [index, target] of targets.entries()) {
    const started = performance.now();
    let inputs = 0;
    let hangs = 0;
    const crashes = new Map<string, { count: number; examples: string[] }>();
    const slowest: { ms: number; input: string }[] = [];
    const batch = 1000;
    for (let b = 0; inputs < options.runs; b++) {
      const samples = fc.sample(target.arbitrary, { seed: options.seed + index * 1_000_003 + b, numRuns: Math.min(batch, options.runs - inputs) });
      for (const input of samples) {
        const t0 = performance.now();
        try {
          await target.check(input as never);
        } catch (error) {
          const message = ((error as Error).stack ?? String(error)).split('\n').slice(0, 2).join(' | ');
          const entry = crashes.get(message) ?? { count: 0, examples: [] };
          entry.count++;
          if (entry.examples.length < 3) entry.examples.push(target.show(input as never));
          crashes.set(message, entry);
        }
        let ms = performance.now() - t0;
        inputs++;
        if (ms > options.timeLimitMs) {
          // Timed again once: a GC pause or the other core's load must not count as a hang.
          const t1 = performance.now();
          try {
            await target.check(input as never);
          } catch {
            // counted above
          }
          ms = Math.min(ms, performance.now() - t1);
          if (ms > options.timeLimitMs) hangs++;
        }
        if (slowest.length < 3 || ms > slowest[slowest.length - 1].ms) {
          slowest.push({ ms, input: target.show(input as never) });
          slowest.sort((x, y) => y.ms - x.ms);
          slowest.length = Math.min(slowest.length, 3);
        }
      }
      if (process.stderr.isTTY) process.stderr.write(`\r  ${target.name}: ${inputs}/${options.runs}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const crashCount = [...crashes.values()].reduce((n, c) => n + c.count, 0);
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n${target.name}: ${inputs} inputs in ${seconds.toFixed(1)} s, ${crashCount} crashes, ${hangs} hangs (> ${options.timeLimitMs} ms)`);
    for (const [message, c] of crashes) {
      console.log(`  crash ×${c.count}: ${truncate(message, 300)}`);
      for (const e of c.examples) console.log(`    input: ${truncate(e, 400)}`);
    }
    for (const s of slowest) console.log(`  slow: ${s.ms.toFixed(1)} ms  ${truncate(s.input)}`);
    summary.push(`${target.name.padEnd(22)} ${String(inputs).padStart(8)} inputs  ${String(crashCount).padStart(5)} crashes  ${String(hangs).padStart(4)} hangs  slowest ${slowest[0]?.ms.toFixed(1) ?? '-'} ms`);
    if (crashCount > 0 || hangs > 0) failed = true;
  }
  console.log(`\nsummary\n${summary.join('\n')}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
