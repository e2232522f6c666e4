/**
 * Regex audit: every regular-expression literal in the analysis core, the image pipeline and the shells (collected
 * from the TypeScript sources with the compiler's own parser) is run against adversarial strings — long runs of the
 * characters the pattern itself names and of common separators, each ending in a character that makes the match
 * fail late, which is what catastrophic backtracking needs. The slowest patterns are printed with their time; the
 * test asserts only that every pattern ran (a pattern that backtracks exponentially never finishes and trips the
 * test's timeout, naming no time in an assertion).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { trimTrailing, trimTrailingDigits } from '../../server/src/core/text';
import { templateActionSpans } from '../../server/src/core/documents/yaml';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE_DIRS = ['server/src'];
const LENGTH = 3000;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

interface Pattern { where: string; source: string; flags: string }

function collectPatterns(): Pattern[] {
  const patterns: Pattern[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const path of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(path, 'utf8');
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node) => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const literal = node.getText(file);
          const slash = literal.lastIndexOf('/');
          const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
          patterns.push({ where: `${relative(ROOT, path)}:${line}`, source: literal.slice(1, slash), flags: literal.slice(slash + 1).replace(/[gy]/g, '') });
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
  }
  // Patterns kept as data: the secret scorer's public values (read by TypeScript and Python).
  const publicValues = JSON.parse(readFileSync(join(ROOT, 'server/src/core/secrets/publicValues.json'), 'utf8')) as { patterns: { pattern: string }[] };
  publicValues.patterns.forEach((p, i) => patterns.push({ where: `server/src/core/secrets/publicValues.json#patterns[${i}]`, source: p.pattern, flags: '' }));
  return patterns;
}

const SEPARATORS = [' ', '\t', '\n', '-', '.', '/', ':', '=', '$', '{', '"', "'", '\\', '0', 'a', 'A', '_', ',', '@', '#'];
const ENDINGS = ['!', '\n', '\u0000', ' ', '"'];
/**
 * Whole inputs that were quadratic before the rewrites they led to (kept so they stay found): URL-credential
 * patterns with an unbounded scheme, user or password (`scheme://user:password@host`), and `/\/+$/`, `/\d+$/`,
 * `/#.*$/`, which the engine retries from every position of a long run that is not at the end.
 */
const TARGETED = [
  'a+'.repeat(LENGTH / 2),
  'a.'.repeat(LENGTH / 2) + '//',
  'x://' + 'u'.repeat(LENGTH),
  'x://u:' + 'p'.repeat(LENGTH),
  'x://u:p'.repeat(LENGTH / 7),
  'a://'.repeat(LENGTH / 4),
  '/'.repeat(LENGTH) + 'x',
  '9'.repeat(LENGTH) + 'x',
  '#'.repeat(LENGTH) + '\n',
  '{{'.repeat(LENGTH / 2) + '}',
];

/** Adversarial inputs for one pattern: runs of its own literal characters and of separators, failing at the end. */
function adversarialInputs(pattern: Pattern): string[] {
  const own = [...new Set(pattern.source.replace(/\\[dDwWsSbBnrtfv]/g, '').replace(/[\\^$*+?()[\]{}|]/g, '').split(''))].slice(0, 12);
  const units = [...new Set([...own, ...SEPARATORS, 'a ', 'a.', 'a=', 'a-', '0.', 'a:', ' \t', '${a}'])];
  const inputs: string[] = [...TARGETED];
  for (const unit of units) {
    const run = unit.repeat(Math.ceil(LENGTH / unit.length));
    for (const end of ENDINGS) inputs.push(run + end);
  }
  return inputs;
}

describe('regex audit', () => {
  it('runs every regex literal of server/src against adversarial strings (slowest printed)', { timeout: 300_000 }, () => {
    const patterns = collectPatterns();
    assert.ok(patterns.length > 200, `collected only ${patterns.length} regex literals`);
    const timings: { where: string; source: string; ms: number }[] = [];
    let runs = 0;
    for (const pattern of patterns) {
      const regex = new RegExp(pattern.source, pattern.flags);
      let total = 0;
      for (const input of adversarialInputs(pattern)) {
        const t0 = performance.now();
        regex.test(input);
        total += performance.now() - t0;
        runs++;
      }
      timings.push({ where: pattern.where, source: pattern.source, ms: total });
    }
    timings.sort((a, b) => b.ms - a.ms);
    const total = timings.reduce((n, t) => n + t.ms, 0);
    console.log(`regex audit: ${patterns.length} patterns, ${runs} adversarial inputs of ~${LENGTH} characters, ${total.toFixed(0)} ms in all; slowest:`);
    for (const t of timings.slice(0, 5)) console.log(`  ${t.ms.toFixed(1)} ms  ${t.where}  /${t.source.length > 80 ? `${t.source.slice(0, 80)}…` : t.source}/`);
    assert.equal(timings.length, patterns.length);
  });

  it('the linear rewrites of /\\/+$/ and /\\d+$/ give what the regexes gave', () => {
    for (const text of ['', '/', '///', 'a/', 'a//b//', '/a', 'a', 'a/ ', 'x:///', '9', 'abc123', 'a1b22', '12', 'key_9/']) {
      assert.equal(trimTrailing(text, '/'), text.replace(/\/+$/, ''), JSON.stringify(text));
      assert.equal(trimTrailingDigits(text), text.replace(/\d+$/, ''), JSON.stringify(text));
    }
  });

  it('the Helm action scan finds what /\\{\\{[\\s\\S]*?\\}\\}/g found, and ends on `{{{{…` without a `}}`', () => {
    const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}/g;
    for (const text of ['', '{{', '{{}}', 'a {{ x }} b {{y}}', '{{{}}}', '{{ a }}}} {{', '}}{{', 'x{{\n}}\ny{{ z', '{{{{ a }}}}']) {
      const expected = [...text.matchAll(TEMPLATE_ACTION)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
      assert.deepEqual(templateActionSpans(text), expected, JSON.stringify(text));
    }
    assert.deepEqual(templateActionSpans('{{'.repeat(200_000)), []);
  });
});
