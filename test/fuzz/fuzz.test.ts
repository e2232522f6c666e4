/**
 * The short fuzz run of `npm test`: every target of test/fuzz/targets.ts with a fixed seed and a bounded number
 * of inputs, so a failure reproduces on every machine (fast-check prints the seed, path and shrunk input).
 * `npm run fuzz` runs the same targets long. Regressions found by fuzzing are in test/fuzz/regressions.test.ts.
 */
import { describe, it, before } from 'node:test';
import fc from 'fast-check';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { fuzzTargets, layerSeeds, type FuzzContext } from './targets';

const SEED = 20261126;
/** Inputs per target in the short run; the quick-fix target analyses twice per fix, so it gets fewer. */
const RUNS: Record<string, number> = { 'quick fixes': 600, 'dockerfile analysis': 1000, 'kubernetes analysis': 1000, 'compose analysis': 1000, 'layer/tar reading': 1500 };
const DEFAULT_RUNS = 3000;

let ctx: FuzzContext;
before(async () => {
  ctx = { shellParser: await loadShellParser(), layerSeeds: await layerSeeds() };
});

describe('fuzz (short, seeded)', () => {
  // Targets are built after `before`: they need the shell parser. Names are fixed here so the suite lists them.
  const names = ['dockerfile analysis', 'kubernetes analysis', 'compose analysis', 'RUN shell parsing', 'image references', 'version comparators', 'OSV range evaluation', 'layer/tar reading', 'quick fixes'];
  for (const name of names) {
    it(`${name}: no crash, ranges inside the input`, async () => {
      const target = fuzzTargets(ctx).find((t) => t.name === name);
      if (!target) throw new Error(`no fuzz target ${name}`);
      const numRuns = RUNS[name] ?? DEFAULT_RUNS;
      await fc.assert(fc.asyncProperty(target.arbitrary, async (input) => { await target.check(input); }), { seed: SEED, numRuns, endOnFailure: true });
    });
  }
  it('covers every target', () => {
    const missing = fuzzTargets(ctx).map((t) => t.name).filter((n) => !names.includes(n));
    if (missing.length > 0) throw new Error(`targets not run in the short fuzz: ${missing.join(', ')}`);
  });
});
