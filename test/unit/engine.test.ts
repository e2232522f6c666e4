import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadShellParser } from '../../server/src/shellParserLoader';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import { allRules } from '../../server/src/core/rules';
import type { ShellParser } from '../../server/src/core/documents/shell';
import type { DockerfileRule } from '../../server/src/core/rule';
import { latestTag } from '../../server/src/core/rules/dockerfile/image/latestTag';

let shellParser: ShellParser;
before(async () => {
  shellParser = await loadShellParser();
});

const analyse = (text: string, rules?: DockerfileRule[]) =>
  analyzeDocument({ fileName: 'Dockerfile', text }, defaultConfig(), { shellParser, rules });

describe('engine', () => {
  it('isolates a rule that throws: an error entry for it, the other rules still report', () => {
    const throwing: DockerfileRule = { ...latestTag, id: 'dockerfile/always-throws', check: () => { throw new Error('boom'); } };
    const result = analyse('FROM a:latest\n', [throwing, latestTag]);
    assert.deepEqual(result.findings.map((f) => f.rule), ['dockerfile/latest-tag']);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].rule, 'dockerfile/always-throws');
    assert.match(result.errors[0].message, /failed and was skipped: boom/);
  });

  it('refuses binary files with a clear message', () => {
    const result = analyse('FROM a\u0000\u0001\u0002binary');
    assert.deepEqual(result.findings, []);
    assert.match(result.errors[0].message, /binary/);
  });

  it('refuses files above the size limit with a clear message', () => {
    const big = 'FROM a:latest\n' + 'RUN echo 0123456789012345678901234567890123456789\n'.repeat(220_000);
    const result = analyse(big);
    assert.ok(big.length > 10 * 1024 * 1024);
    assert.deepEqual(result.findings, []);
    assert.match(result.errors[0].message, /above the 2\.0 MB limit/);
  });

  it('handles a BOM without losing the first instruction', () => {
    const result = analyse('\uFEFFFROM a:latest\n', [latestTag]);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].range.start.character, 6, 'offsets stay those of the input text; the CLI strips a BOM as VS Code does');
  });

  it('never throws on hostile or half-typed input, with every rule on', () => {
    const inputs = [
      '',
      'FROM',
      'FROM a\nRUN <<EOF\nunterminated heredoc\n',
      'FROM a\r\nRUN apt-get install \\\r\n curl\r\n',
      '# escape=`\nFROM a\nRUN echo `\n  x\n',
      '# escape=\\\n# escape=`\nFROM a\n',
      'RUN before from\nFROM\nCOPY --from= . .\nUSER\nEXPOSE 99999999/xyz\nHEALTHCHECK CMD\nONBUILD ONBUILD RUN x\n',
      'FROM a\nRUN ' + '$('.repeat(500) + '\n',
      'FROM a\nRUN ' + 'a | '.repeat(2000) + 'b\n',
      'FROM a\nENV ' + 'A=1 '.repeat(3000) + '\n',
      'FROM a\nRUN echo "unterminated\nLABEL a="b\n',
      '\\\n\\\n\\\n',
      'FROM ${UNDEFINED:-}\nFROM $\nFROM @sha256:\nFROM :tag\n',
    ];
    for (const text of inputs) {
      const result = analyzeDocument({ fileName: 'Dockerfile', text }, { ...defaultConfig(), profiles: ['strict'] }, { shellParser });
      assert.deepEqual(result.errors.filter((e) => e.rule), [], `a rule crashed on ${JSON.stringify(text.slice(0, 40))}: ${JSON.stringify(result.errors)}`);
    }
  });

  it('gives every finding the rule metadata contract', () => {
    const text = 'FROM ubuntu:latest\nRUN sudo apt-get install curl\nADD https://example.com/x.tgz /x\n';
    const result = analyzeDocument({ fileName: 'Dockerfile', text }, defaultConfig(), { shellParser });
    assert.ok(result.findings.length > 0);
    for (const f of result.findings) {
      const rule = allRules.find((r) => r.id === f.rule)!;
      assert.deepEqual(f.equivalents, rule.equivalents);
      assert.deepEqual(f.compliance, rule.compliance);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
      assert.ok(f.range.start.line <= f.range.end.line);
    }
  });

  it('ignores files that are not Dockerfiles', () => {
    assert.deepEqual(analyzeDocument({ fileName: 'notes.txt', text: 'FROM a:latest' }), { findings: [], errors: [] });
  });
});

describe('engine time budgets (a fake clock: the rules below advance it)', () => {
  let now = 0;
  const clock = () => now;
  const slow: DockerfileRule = { ...latestTag, id: 'dockerfile/slow-on-purpose', check: () => { now += 600; } };
  const budgets = (skipRules?: ReadonlySet<string>) => ({ clock, ruleMs: 500, documentMs: 5000, skipRules });

  it('reports a rule that overran its budget, keeps its findings this time, and the other rules run', () => {
    now = 0;
    const result = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM a:latest\n' }, defaultConfig(), { shellParser, rules: [slow, latestTag], budgets: budgets() });
    assert.deepEqual(result.overruns, [{ rule: 'dockerfile/slow-on-purpose', ms: 600 }]);
    assert.deepEqual(result.findings.map((f) => f.rule), ['dockerfile/latest-tag']);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /^rule dockerfile\/slow-on-purpose took 600 ms, above the 500 ms budget per rule; it is skipped for this file from the next analysis on$/);
  });

  it('skips a rule the shell marked as slow for the document, with one notice', () => {
    now = 0;
    const result = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM a:latest\n' }, defaultConfig(), { shellParser, rules: [slow, latestTag], budgets: budgets(new Set(['dockerfile/slow-on-purpose'])) });
    assert.equal(now, 0, 'the skipped rule did not run');
    assert.equal(result.overruns, undefined);
    assert.deepEqual(result.findings.map((f) => f.rule), ['dockerfile/latest-tag']);
    assert.deepEqual(result.errors.map((e) => e.message), ['dockerfile/slow-on-purpose skipped for this file: took longer than the 500 ms budget per rule on an earlier analysis (reopen the file to retry)']);
  });

  it('stops running rules once the document budget is spent, and says how many did not run', () => {
    now = 0;
    const rules = Array.from({ length: 12 }, (_, i) => ({ ...slow, id: `dockerfile/slow-${i}` }));
    const result = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM a\n' }, defaultConfig(), { shellParser, rules: [...rules, latestTag], budgets: budgets() });
    // 600 per rule: after 9 rules 5400 > 5000, so the remaining 3 slow rules and latest-tag are not run.
    assert.equal(result.overruns?.length, 9);
    assert.ok(result.errors.some((e) => e.message === 'analysis stopped after the 5000 ms budget per file; 4 rules were not run this time'));
  });

  it('times nothing without budgets (the CLI runs every rule to the end)', () => {
    now = 0;
    const result = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM a:latest\n' }, defaultConfig(), { shellParser, rules: [slow, latestTag] });
    assert.equal(result.overruns, undefined);
    assert.deepEqual(result.errors, []);
  });
});
