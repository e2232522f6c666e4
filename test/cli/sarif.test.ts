/**
 * `drydock scan --format sarif` against the SARIF 2.1.0 JSON schema. The schema is the one that
 * @microsoft/jest-sarif ships (sarif-2.1.0-rtm.5.json, the 2.1.0 schema as published on
 * SchemaStore; draft-04, hence ajv-draft-04); no npm package ships the OASIS file under its
 * own name, sarif-schema-2.1.0.json.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { allRules } from '../../server/src/core/rules';
import type { Rule } from '../../server/src/core/rule';
import { assertCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } };
    results: Record<string, any>[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Record<string, any>[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
  }[];
}

function validator() {
  // The published schema's `language` pattern has a stray `]`, legal only without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
}

/** A rule with a fix and a fixture showing it (enabled explicitly, whatever its default). */
function fixableExample(): { rule: Rule; text: string } | undefined {
  for (const rule of allRules) {
    if (!rule.fixable) continue;
    const fixture = rule.fixtures.find((f) => f.fixed !== undefined && f.expect.length > 0 && !f.config && !f.project && !f.fileName && !f.images && !f.today && !f.advisories && !f.predictions);
    if (fixture) return { rule, text: fixture.text };
  }
  return undefined;
}

let root: string;
before(() => {
  assertCliBuilt();
  const example = fixableExample();
  root = makeTree({
    'app/Dockerfile': 'FROM ubuntu:latest\nRUN echo "hello"\n',
    'my app/Dockerfile.dev': 'FROM node:latest AS build\n',
    'bin/Dockerfile': Buffer.from([0, 1, 2, 3]),
    ...(example ? { 'fixable/Dockerfile': example.text, 'fixable/.drydock.yaml': `rules:\n  ${example.rule.id}: ${example.rule.severity}\n` } : {}),
  });
});
after(() => removeTree(root));

describe('drydock scan --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema and carries rules, results, fixes and notifications', async () => {
    const run = await runCli(['scan', '.', '--format', 'sarif'], root);
    assert.notEqual(run.code, 2, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const broken = JSON.parse(run.stdout) as SarifLog;
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(validate(broken), false, 'the schema check rejects an invalid level (negative control)');

    assert.equal(log.version, '2.1.0');
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'Drydock');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((r) => r.id), allRules.map((r) => r.id));
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text, rule.id);
      assert.ok(rule.help.text.includes('Why it matters') && rule.help.markdown.includes('**How to fix.**'), rule.id);
      assert.match(rule.helpUri, /^https:\/\/.+#/);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.ok(rule.properties.tags.length > 0 && rule.properties.precision);
      if (rule.properties.tags.includes('security')) assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    }

    const latest = sarifRun.results.filter((r) => r.ruleId === 'dockerfile/latest-tag');
    assert.deepEqual(
      latest.map((r) => r.locations[0].physicalLocation.artifactLocation.uri),
      ['app/Dockerfile', 'my%20app/Dockerfile.dev'],
    );
    const [first] = latest;
    assert.equal(first.level, 'warning');
    assert.equal(driver.rules[first.ruleIndex].id, 'dockerfile/latest-tag');
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 19 });
    assert.ok(Object.values(first.partialFingerprints)[0]);
    assert.match(sarifRun.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);

    const fingerprints = sarifRun.results.map((r) => JSON.stringify(r.partialFingerprints));
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints are unique');

    const [invocation] = sarifRun.invocations;
    assert.equal(invocation.executionSuccessful, true);
    assert.ok(
      invocation.toolExecutionNotifications.some(
        (n) => /binary/.test(n.message.text) && n.locations[0].physicalLocation.artifactLocation.uri === 'bin/Dockerfile',
      ),
    );

    if (fixableExample()) {
      const withFix = sarifRun.results.find((r) => r.fixes && r.locations[0].physicalLocation.artifactLocation.uri === 'fixable/Dockerfile');
      assert.ok(withFix, 'a fixable finding carries SARIF fixes');
      const change = withFix.fixes[0].artifactChanges[0];
      assert.equal(change.artifactLocation.uri, 'fixable/Dockerfile');
      assert.ok(change.replacements[0].deletedRegion.startLine >= 1);
      assert.equal(typeof change.replacements[0].insertedContent.text, 'string');
    }
  });

  it('is stable: two runs give the same log', async () => {
    const a = await runCli(['scan', '.', '--format', 'sarif'], root);
    const b = await runCli(['scan', '.', '--format', 'sarif'], root);
    assert.equal(a.stdout, b.stdout);
  });
});
