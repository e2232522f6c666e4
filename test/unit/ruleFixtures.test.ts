/**
 * Every rule's own fixtures: positive ones must report exactly the anchored findings, negative
 * ones nothing, and fixable fixtures must turn into the expected text and then stop firing.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { allRules } from '../../server/src/core/rules';
import { loadShellParser } from '../../server/src/shellParserLoader';
import type { ShellParser } from '../../server/src/core/documents/shell';
import { LineIndex } from '../../server/src/core/text';
import { applyFixes, expectedOffsets, runFixture } from '../helpers/fixtures';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

for (const rule of allRules) {
  describe(rule.id, () => {
    it('has complete metadata', () => {
      assert.match(rule.id, /^(dockerfile|kubernetes|compose|image|secret|model)\/[a-z0-9-]+$/);
      assert.ok(rule.title.length > 5, 'title');
      assert.ok(rule.explanation.what && rule.explanation.why && rule.explanation.fix, 'explanation what/why/fix');
      assert.ok(rule.fixtures.some((f) => f.expect.length > 0), 'at least one positive fixture');
      assert.ok(rule.fixtures.some((f) => f.expect.length === 0), 'at least one negative fixture');
      for (const e of rule.equivalents) assert.match(e, /^(hadolint|checkov|trivy|buildkit|dockerfile-utils|kube-linter|kube-score|polaris|kics|pss|semgrep|dclint):\S+$/);
    });
    rule.fixtures.forEach((fixture, n) => {
      const label = `fixture ${n + 1}${fixture.note ? ` (${fixture.note})` : ''}: ${JSON.stringify(fixture.text.slice(0, 60))}`;
      it(label, () => {
        const findings = runFixture(rule, fixture, shellParser);
        const lines = new LineIndex(fixture.text);
        const actual = findings.map((f) => lines.offsetAt(f.range.start));
        assert.deepEqual(actual, expectedOffsets(fixture), `findings: ${JSON.stringify(findings.map((f) => [f.message, f.range]))}`);
        fixture.expect.forEach((e, k) => {
          if (typeof e !== 'string' && e.severity) assert.equal(findings[k].severity, e.severity, `severity of finding ${k + 1}: ${findings[k].message}`);
        });
        if (fixture.fixed !== undefined) {
          const fixedText = applyFixes(fixture.text, findings);
          assert.equal(fixedText, fixture.fixed);
          assert.deepEqual(runFixture(rule, { ...fixture, text: fixedText }, shellParser), [], 'rule still fires after its fix');
        }
      });
    });
  });
}

describe('rule catalogue', () => {
  it('has unique ids', () => {
    const ids = allRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
