/**
 * Inputs fuzzing and the resource-bound review found, kept as regression tests. Each case names what went wrong
 * before the fix. These assert outcomes, never times; a case that regresses to exponential time fails by the
 * test's timeout instead of finishing.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { loadShellParser } from '../../server/src/shellParserLoader';
import type { ShellParser } from '../../server/src/core/documents/shell';
import { MAX_YAML_NESTING } from '../../server/src/core/documents/yaml';
import { LineIndex } from '../../server/src/core/text';
import { parseYamlFile } from '../../server/src/core/documents/yaml';
import { applyFix } from './targets';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

const strict = () => ({ ...defaultConfig(), profiles: ['strict'] });

/** `x-aN: &aN {<<: [*aN-1 ×9]}`: each level merges the previous one nine times. */
function mergeLaughs(levels: number, top: string): string {
  let text = `${top}  s0: &a0 {image: "nginx:latest", privileged: true, environment: [A=1]}\n`;
  for (let i = 1; i < levels; i++) text += `  s${i}: &a${i} {<<: [${Array(9).fill(`*a${i - 1}`).join(', ')}]}\n`;
  return text;
}

describe('fuzz regressions', () => {
  it('compose: merge keys that name the previous level nine times ("billion laughs" through <<) are followed once per mapping', { timeout: 120_000 }, () => {
    // Before: every compose rule walked 9^levels merges; 5 levels (266 bytes) took 15 s, 12 levels never finished.
    const result = analyzeDocument({ fileName: 'compose.yaml', text: mergeLaughs(12, 'services:\n') }, strict(), { shellParser });
    assert.deepEqual(result.errors.filter((e) => e.rule), []);
    const privileged = result.findings.filter((f) => f.rule === 'compose/privileged');
    assert.ok(privileged.length >= 1, 'the merged privileged: true is still found');
  });

  it(`YAML nested more than ${MAX_YAML_NESTING} levels is refused with one clear message, not a parse error`, () => {
    for (const text of [
      'apiVersion: v1\nkind: Pod\nmetadata: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n',
      'apiVersion: v1\nkind: Pod\nmetadata: ' + '{a: '.repeat(300) + '1' + '}'.repeat(300) + '\n',
    ]) {
      const result = analyzeDocument({ fileName: 'pod.yaml', text }, strict(), { shellParser });
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors.map((e) => e.message), [`YAML nested more than ${MAX_YAML_NESTING} levels deep; not analysed`]);
    }
  });

  it('YAML nested less deeply than the limit is analysed as usual', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: ' + '{a: '.repeat(150) + '1' + '}'.repeat(150) + '\nspec:\n  containers:\n  - name: c\n    image: nginx:latest\n';
    const result = analyzeDocument({ fileName: 'pod.yaml', text }, strict(), { shellParser });
    assert.deepEqual(result.errors, []);
    assert.ok(result.findings.some((f) => f.rule === 'kubernetes/latest-tag' || f.rule.includes('latest')), JSON.stringify(result.findings.map((f) => f.rule)));
  });

  it('kubernetes: many aliases to one anchor are resolved once each (alias targets are cached per node)', { timeout: 120_000 }, () => {
    let text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - &c {name: c, image: "nginx:1.27", securityContext: {privileged: true}}\n';
    for (let i = 0; i < 2000; i++) text += '  - *c\n';
    const result = analyzeDocument({ fileName: 'pod.yaml', text }, strict(), { shellParser });
    assert.deepEqual(result.errors.filter((e) => e.rule), []);
    assert.equal(result.findings.filter((f) => f.rule === 'kubernetes/privileged-container').length, 1, 'an aliased container is reported once, at its anchor');
  });
});

describe('fuzz regressions: quick fixes', () => {
  it('ENV with a backslash followed by blanks: the secret-mount fix removes only its own key (dockerfile-ast added an overlapping bogus key)', () => {
    const text = 'FROM alpine:3.20\nENV APP_ENV=prod API_TOKEN=9f8e7d6c5b4a39281726 \\   LOG_LEVEL=info\nRUN curl -fH "X-Token: $API_TOKEN" https://api.example.com/\n';
    const result = analyzeDocument({ fileName: 'Dockerfile', text }, strict(), { shellParser });
    const lines = new LineIndex(text);
    for (const f of result.findings) {
      for (const fix of f.fixes ?? []) {
        for (const e of fix.edits) assert.ok(lines.offsetAt(e.range.start) <= lines.offsetAt(e.range.end), `${f.rule}: "${fix.title}" has an inverted range`);
      }
    }
    const mount = result.findings.flatMap((f) => f.fixes ?? []).find((fix) => /secret mount/i.test(fix.title));
    assert.ok(mount, 'the secret-mount fix is still offered');
    assert.ok(mount.edits.some((e) => text.slice(lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)).includes('API_TOKEN=9f8e')), 'and removes the API_TOKEN assignment');
  });
});

describe('fuzz regressions: YAML fixes keep the file parsing (npm run fuzz, quick fixes, 100,000 inputs)', () => {
  /** Every fix the rules offer, applied alone, leaves YAML without a syntax error; returns the fixed texts. */
  function fixedTexts(fileName: string, text: string, rule: string): string[] {
    assert.equal(parseYamlFile(text).problems.length, 0, 'the input parses');
    const result = analyzeDocument({ fileName, text }, strict(), { shellParser });
    const fixes = result.findings.filter((f) => f.rule === rule).flatMap((f) => f.fixes ?? []);
    assert.ok(fixes.length > 0, `${rule} offers a fix`);
    return fixes.map((fix) => {
      const fixed = applyFix(text, fix).text;
      assert.deepEqual(parseYamlFile(fixed).problems.map((p) => p.message), [], `"${fix.title}" keeps the YAML valid:\n${fixed}`);
      return fixed;
    });
  }

  it('a tagged first key (`!!binary securityContext:`): a new sibling lines up with the tag, not with the key text', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  !!binary securityContext:\n    fsGroup: 2000\n  containers:\n  - name: app\n    image: nginx:1.27\n    securityContecap_add: [ALL]\nxt: {}\n';
    const fixed = fixedTexts('pod.yaml', text, 'kubernetes/run-as-root');
    assert.ok(fixed.some((t) => /\n {2}securityContext:\n {4}runAsNonRoot: true\n/.test(t)), fixed.join('\n---\n'));
  });

  it('a service whose keys sit at two columns (`environment db:` then an explicit `?` key): the new pair lines up with the first key', () => {
    const text =
      'services:\n  db:\n    image: postgres:16\n    environment db:\n    image: postgres:16\n    environment:\n     ?  POSTGRES_PASSWORD: "pa$$w0rd-Tr0ub4dor"\n' +
      '      REDIS_PASSWORD: local-dev-only-1\n      API_KEY: 9f8e7d6c5b4a39281726\n      GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n' +
      '  app:\n    image: app:1\n    environment:\n      - SESSION_SECRET=Zq8vR2mL9kP4rT7w\n';
    fixedTexts('compose.yaml', text, 'compose/capabilities-not-dropped');
  });

  it('a flow mapping whose last pair has an empty value (`"ports":}`): the new pair goes after the colon', () => {
    const text = '{"services": {"web": {"image": "nginx:1.27", "ports":}}}\n';
    const fixed = fixedTexts('compose.yaml', text, 'compose/capabilities-not-dropped');
    assert.ok(fixed.includes('{"services": {"web": {"image": "nginx:1.27", "ports":, "cap_drop": ["ALL"]}}}\n'), fixed.join('\n'));
  });
});

describe('regex audit regressions (catastrophic or quadratic backtracking on one line of the document)', () => {
  const config = strict;
  it('HEALTHCHECK followed by a long run of dashes (exponential: `(?:\\s*--\\S+)*`)', { timeout: 60_000 }, () => {
    const result = analyzeDocument({ fileName: 'Dockerfile', text: `FROM a\nHEALTHCHECK ${'--'.repeat(5000)}!\n` }, config(), { shellParser });
    assert.deepEqual(result.errors.filter((e) => e.rule), []);
    const ok = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM a\nHEALTHCHECK --interval=5s --timeout=3s CMD ["curl", "-f", "http://localhost/"]\n' }, config(), { shellParser });
    assert.deepEqual(ok.errors.filter((e) => e.rule), [], 'flags before CMD still read');
  });

  it('a Dockerfile line of many blanks before its last character (quadratic: `/\\s+$/`)', { timeout: 60_000 }, () => {
    const result = analyzeDocument({ fileName: 'Dockerfile', text: `FROM a\nRUN echo${' '.repeat(400_000)}x\n` }, config(), { shellParser });
    assert.deepEqual(result.errors.filter((e) => e.rule), []);
  });

  it('a manifest with many blank lines after apiVersion (quadratic kind detection)', { timeout: 60_000 }, () => {
    const result = analyzeDocument({ fileName: 'pod.yaml', text: `apiVersion: v1\n${'\n'.repeat(400_000)}kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: "nginx:latest"}\n` }, config(), { shellParser });
    assert.ok(result.findings.length > 0, 'still detected as a manifest and analysed');
  });

  it('an env value with a long run of dashes (quadratic private-key pattern)', { timeout: 60_000 }, () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    env:\n    - {name: KEY, value: "${'-'.repeat(300_000)}BEGI"}\n    - {name: PEM, value: "-----BEGIN RSA PRIVATE KEY-----MIIEow-----END RSA PRIVATE KEY-----"}\n`;
    const result = analyzeDocument({ fileName: 'pod.yaml', text }, config(), { shellParser });
    assert.deepEqual(result.errors.filter((e) => e.rule), []);
    assert.ok(result.findings.some((f) => f.rule === 'kubernetes/secret-in-env' && f.range.start.line === 9), 'the real key is still found');
  });
});
