/**
 * Conformance benchmark: runs the engine over peer test cases (JSONL, one case a line) and prints
 * agreement per peer rule and overall. Usage: npm run conformance -- <cases.jsonl…> [--rule ID] [--disagreements]
 * Only cases whose peer rule some Drydock rule claims as an equivalent are scored.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeDocument } from '../server/src/core/engine';
import { defaultConfig, parseKubernetesVersion } from '../server/src/core/config';
import type { Finding } from '../server/src/core/findings';
import { allRules } from '../server/src/core/rules';
import { loadShellParser } from '../server/src/shellParserLoader';

interface Case {
  source: string;
  rule: string;
  dockerfile?: string;
  expect: 'catches' | 'passes';
  config?: Record<string, unknown>;
  frontend_attrs?: unknown;
  dockerignore?: unknown;
  build_error?: unknown;
  test?: string;
  line?: number;
  file?: string;
  index?: number;
  /** `k8s` cases carry the manifest in `file` and its origin in `path`. */
  kind?: string;
  path?: string;
  level?: 'baseline' | 'restricted';
  k8s_version?: string;
}

const PSS_RANK = { baseline: 1, restricted: 2 } as const;

/** The text of a case and the file name it is written to. */
function documentOf(c: Case): { fileName: string; text: string } | undefined {
  if (c.kind === 'k8s' && typeof c.file === 'string') return { fileName: 'manifest.yaml', text: c.file };
  if (c.dockerfile !== undefined) return { fileName: 'Dockerfile', text: c.dockerfile };
  return undefined;
}

interface Tally {
  agree: number;
  total: number;
  disagreements: string[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('--') && !args[args.indexOf(a) - 1]?.startsWith('--rule'));
  const onlyRule = args.includes('--rule') ? args[args.indexOf('--rule') + 1] : undefined;
  const showDisagreements = args.includes('--disagreements');
  if (files.length === 0) {
    console.error('usage: npm run conformance -- <cases.jsonl…> [--rule PEER_ID] [--disagreements]');
    process.exit(2);
  }
  const shellParser = await loadShellParser();
  const claimed = new Set(allRules.flatMap((r) => r.equivalents));
  const perRule = new Map<string, Tally>();
  const claimsPss = [...claimed].some((id) => id.startsWith('pss:'));
  const ruleOf = new Map(allRules.map((r) => [r.id, r]));
  const skipped = { unclaimed: 0, needsContext: 0, notDockerfile: 0 };
  for (const file of files) {
    const cases = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
    for (const c of cases) {
      const peerId = `${c.source}:${c.rule}`;
      if (onlyRule && c.rule !== onlyRule) continue;
      const document = documentOf(c);
      if (!document) {
        skipped.notDockerfile++;
        continue;
      }
      const isPss = c.source === 'pss';
      if (!(claimed.has(peerId) || (isPss && c.rule === '*' && claimsPss))) {
        skipped.unclaimed++;
        continue;
      }
      if (c.frontend_attrs || c.dockerignore || c.build_error) {
        skipped.needsContext++;
        continue;
      }
      const config = defaultConfig();
      config.profiles = ['strict'];
      if (isPss) {
        // The PSA harness evaluates one level at one version: the profile selects those controls.
        config.profiles.push(`pss-${c.level ?? 'restricted'}`);
        const version = c.k8s_version ? parseKubernetesVersion(c.k8s_version) : undefined;
        if (version) config.kubernetesVersion = version;
      }
      const options: Record<string, unknown> = {};
      if (c.config) {
        if (Array.isArray(c.config.allowedRegistries)) config.trustedRegistries = c.config.allowedRegistries as string[];
        if (c.config.labelSchema) options.labelSchema = c.config.labelSchema;
        if (c.config.strictLabels) options.strictLabels = c.config.strictLabels;
        if (Array.isArray(c.config.ignoreRules)) {
          for (const ignored of c.config.ignoreRules as string[]) {
            for (const r of allRules) if (r.equivalents.includes(`${c.source}:${ignored}`)) config.rules[r.id] = { severity: 'off' };
          }
        }
      }
      for (const r of allRules) config.rules[r.id] = { ...config.rules[r.id], options: { ...config.rules[r.id]?.options, ...options } };
      const result = analyzeDocument(document, config, { shellParser });
      // PSS verdicts are per level: a passing pod must draw no finding of any control of that level.
      const atLevel = (f: Finding) => (ruleOf.get(f.rule)?.pss ?? []).some((p) => PSS_RANK[p.level] <= PSS_RANK[c.level ?? 'restricted']);
      const fired = isPss
        ? result.findings.filter((f) => atLevel(f) && (c.expect === 'passes' || f.equivalents.includes(peerId)))
        : result.findings.filter((f) => f.equivalents.includes(peerId));
      const agrees = c.expect === 'catches' ? fired.length > 0 : fired.length === 0;
      const tally = perRule.get(peerId) ?? { agree: 0, total: 0, disagreements: [] };
      tally.total++;
      if (agrees) tally.agree++;
      else {
        const where = c.kind === 'k8s' ? c.path : c.test ? `${c.test} (${c.file}:${c.line})` : `${c.file}#${c.index}`;
        const errors = result.errors.length ? ` errors: ${result.errors.map((e) => e.message).join('; ')}` : '';
        const why = fired.length ? ` fired: ${fired.map((f) => `${f.rule}@${f.range.start.line + 1}`).join(', ')}` : '';
        tally.disagreements.push(`${c.expect === 'catches' ? 'missed' : 'false positive'}: ${where}${why}\n      ${JSON.stringify(document.text).slice(0, showDisagreements ? 1200 : 300)}${errors}`);
      }
      perRule.set(peerId, tally);
    }
  }
  const rows = [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  let agree = 0;
  let total = 0;
  console.log(`Conformance of drydock over ${files.map((f) => basename(f)).join(', ')}`);
  console.log(`${'peer rule'.padEnd(44)} ${'agree'.padStart(6)} ${'cases'.padStart(6)} ${'%'.padStart(7)}`);
  for (const [id, t] of rows) {
    agree += t.agree;
    total += t.total;
    console.log(`${id.padEnd(44)} ${String(t.agree).padStart(6)} ${String(t.total).padStart(6)} ${((100 * t.agree) / t.total).toFixed(1).padStart(6)}%`);
    if (showDisagreements) for (const d of t.disagreements) console.log(`    ${d}`);
  }
  console.log(`${'OVERALL'.padEnd(44)} ${String(agree).padStart(6)} ${String(total).padStart(6)} ${(total ? (100 * agree) / total : 0).toFixed(1).padStart(6)}%`);
  console.log(`skipped: ${skipped.unclaimed} cases of peer rules no drydock rule claims, ${skipped.needsContext} needing build args/.dockerignore/build errors, ${skipped.notDockerfile} without a document`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
