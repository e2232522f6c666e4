/**
 * The bundled `drydock` CLI end to end: argument handling, JSON/text/SARIF output, exit codes,
 * config discovery and directory walking. Rule ids other than dockerfile/latest-tag are taken
 * from the catalogue, so the tests hold while rules are added.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../server/src/core/rules';
import { compareFindings, type Finding } from '../../server/src/core/findings';
import { assertCliBuilt, makeTree, removeTree, runCli, REPO_ROOT } from './cliHarness';

const LATEST = 'dockerfile/latest-tag';
const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A .drydock.yaml that leaves only `keep` on (so findings are predictable) at `severity`. */
function onlyRuleConfig(keep: string, severity = 'warning'): string {
  const lines = ['rules:'];
  for (const rule of allRules) lines.push(`  ${JSON.stringify(rule.id)}: ${rule.id === keep ? severity : 'off'}`);
  return `${lines.join('\n')}\n`;
}

interface JsonReport {
  tool: string;
  version: string;
  findings: Finding[];
  errors: { file: string; message: string; rule?: string }[];
}

function parseReport(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

const roots: string[] = [];
function tree(files: Record<string, string | Buffer>): string {
  const root = makeTree(files);
  roots.push(root);
  return root;
}

before(() => assertCliBuilt());
after(() => roots.forEach(removeTree));

describe('drydock CLI: arguments', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version'], REPO_ROOT);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), packageVersion);
  });

  it('--help prints usage and exits 0', async () => {
    const run = await runCli(['--help'], REPO_ROOT);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage:/);
    assert.match(run.stdout, /drydock scan PATH/);
  });

  it('an unknown flag exits 2 with usage on stderr', async () => {
    const run = await runCli(['scan', '.', '--frobnicate'], REPO_ROOT);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option "--frobnicate"/);
    assert.match(run.stderr, /Usage:/);
    assert.equal(run.stdout, '');
  });

  it('bad values, a missing PATH, an unknown command and a missing path exit 2', async () => {
    const dir = tree({ Dockerfile: 'FROM alpine:3.20\n' });
    for (const args of [['scan', '.', '--format', 'xml'], ['scan', '.', '--fail-on', 'fatal'], ['scan'], ['lint', '.'], ['scan', 'nope/Dockerfile'], ['scan', '.', '--config', 'missing.yaml']]) {
      const run = await runCli(args, dir);
      assert.equal(run.code, 2, `${args.join(' ')} → ${run.code} ${run.stderr}`);
      assert.match(run.stderr, /^drydock: /, args.join(' '));
    }
  });
});

describe('drydock scan: JSON', () => {
  it('has exactly { tool, version, findings, errors } with cwd-relative forward-slash paths, sorted', async () => {
    const dir = tree({
      'app/Dockerfile': 'FROM ubuntu:latest\nRUN echo hi\n',
      'svc/api/Dockerfile.prod': 'FROM node:latest AS build\nFROM alpine:latest\n',
    });
    const run = await runCli(['scan', '.', '--format', 'json'], dir);
    const report = parseReport(run.stdout);
    assert.deepEqual(Object.keys(report), ['tool', 'version', 'findings', 'errors']);
    assert.equal(report.tool, 'drydock');
    assert.equal(report.version, packageVersion);
    assert.deepEqual(report.errors, []);
    const latest = report.findings.filter((f) => f.rule === LATEST);
    assert.deepEqual(
      latest.map((f) => [f.file, f.range.start.line, f.range.start.character]),
      [
        ['app/Dockerfile', 0, 5],
        ['svc/api/Dockerfile.prod', 0, 5],
        ['svc/api/Dockerfile.prod', 1, 5],
      ],
    );
    const f = latest[0];
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range.end, { line: 0, character: 18 });
    assert.ok(f.equivalents.includes('hadolint:DL3007'));
    assert.ok(Array.isArray(f.compliance));
    assert.deepEqual([...report.findings].sort(compareFindings), report.findings, 'findings are sorted');
    assert.equal(run.code, report.findings.some((x) => x.severity === 'error') ? 1 : 0);
  });

  it('scans an explicitly named file whatever its name', async () => {
    const dir = tree({ 'build/image.txt': 'FROM ubuntu:latest\n' });
    const run = await runCli(['scan', 'build/image.txt', '--format', 'json'], dir);
    const report = parseReport(run.stdout);
    assert.ok(report.findings.some((f) => f.rule === LATEST && f.file === 'build/image.txt'));
  });
});

describe('drydock scan: text', () => {
  it('groups per file, prints path:line:col severity rule message and a summary, no colour off a TTY', async () => {
    const dir = tree({ 'a/Dockerfile': 'FROM ubuntu:latest\n', 'b/Containerfile': 'FROM alpine:3.20\nFROM debian:latest\n', '.drydock.yaml': onlyRuleConfig(LATEST) });
    const run = await runCli(['scan', '.'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no ANSI colour when stdout is not a TTY');
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'a/Dockerfile');
    assert.match(lines[1], /^\s+a\/Dockerfile:1:6\s+warning\s+dockerfile\/latest-tag\s+Base image "ubuntu:latest"/);
    assert.ok(lines.includes('b/Containerfile'));
    assert.ok(lines.some((l) => /^\s+b\/Containerfile:2:6\s+warning\s+dockerfile\/latest-tag\s/.test(l)));
    assert.match(run.stdout, /2 findings \(0 errors, 2 warnings, 0 info, 0 hints\) in 2 files; 2 files scanned\.\n$/);
  });

  it('says so when there is nothing to report', async () => {
    const dir = tree({ Dockerfile: 'FROM alpine:3.20\n', '.drydock.yaml': onlyRuleConfig(LATEST) });
    const run = await runCli(['scan', '.', '--no-color'], dir);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^No findings; 1 file scanned\.\n$/);
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const dir = tree({ Dockerfile: 'FROM ubuntu:latest\n' });
    const run = await runCli(['scan', 'Dockerfile', '--format', 'json', '--output', 'report.json'], dir);
    assert.equal(run.stdout, '');
    const report = parseReport(readFileSync(join(dir, 'report.json'), 'utf8'));
    assert.ok(report.findings.some((f) => f.rule === LATEST));
  });
});

describe('drydock scan: exit codes', () => {
  const cases: [string, string, number][] = [
    // [latest-tag severity in config, --fail-on, expected exit]
    ['warning', 'error', 0],
    ['warning', 'warning', 1],
    ['warning', 'info', 1],
    ['warning', 'none', 0],
    ['error', 'error', 1],
    ['error', 'none', 0],
    ['info', 'warning', 0],
    ['info', 'info', 1],
  ];
  for (const [severity, failOn, expected] of cases) {
    it(`a ${severity} finding with --fail-on ${failOn} exits ${expected}`, async () => {
      const dir = tree({ Dockerfile: 'FROM ubuntu:latest\n', 'policy.yaml': onlyRuleConfig(LATEST, severity) });
      const run = await runCli(['scan', '.', '--config', 'policy.yaml', '--fail-on', failOn, '--format', 'json'], dir);
      assert.equal(run.code, expected, run.stderr);
      assert.deepEqual(parseReport(run.stdout).findings.map((f) => [f.rule, f.severity]), [[LATEST, severity]]);
    });
  }

  it('defaults to --fail-on error', async () => {
    const dir = tree({ Dockerfile: 'FROM ubuntu:latest\n', '.drydock.yaml': onlyRuleConfig(LATEST, 'error') });
    assert.equal((await runCli(['scan', '.'], dir)).code, 1);
  });
});

describe('drydock scan: configuration', () => {
  it('--config turns a rule off', async () => {
    const dir = tree({ 'Dockerfile': 'FROM ubuntu:latest\n', 'conf/drydock.yaml': `rules:\n  ${LATEST}: off\n` });
    const on = parseReport((await runCli(['scan', '.', '--format', 'json'], dir)).stdout);
    assert.ok(on.findings.some((f) => f.rule === LATEST));
    const off = parseReport((await runCli(['scan', '.', '--format', 'json', '--config', 'conf/drydock.yaml'], dir)).stdout);
    assert.ok(!off.findings.some((f) => f.rule === LATEST));
  });

  it('ignorePaths of an explicit --config are relative to the current directory', async () => {
    const dir = tree({ 'vendor/Dockerfile': 'FROM ubuntu:latest\n', 'app/Dockerfile': 'FROM ubuntu:latest\n', 'ci/drydock.yaml': 'ignorePaths: [vendor/**]\n' });
    const report = parseReport((await runCli(['scan', '.', '--format', 'json', '--config', 'ci/drydock.yaml'], dir)).stdout);
    assert.deepEqual([...new Set(report.findings.map((f) => f.file))], ['app/Dockerfile']);
  });

  it('finds .drydock.yaml by walking up from each file; the nearest wins', async () => {
    const dir = tree({
      '.drydock.yaml': `rules:\n  ${LATEST}: off\n`,
      'deep/er/Dockerfile': 'FROM ubuntu:latest\n',
      'other/.drydock.yaml': `rules:\n  ${LATEST}: error\n`,
      'other/Dockerfile': 'FROM ubuntu:latest\n',
    });
    const report = parseReport((await runCli(['scan', 'deep/er/Dockerfile', 'other', '--format', 'json'], dir)).stdout);
    assert.deepEqual(
      report.findings.filter((f) => f.rule === LATEST).map((f) => [f.file, f.severity]),
      [['other/Dockerfile', 'error']],
    );
  });

  it('reports config problems as errors entries and on stderr, and still scans', async () => {
    const dir = tree({ '.drydock.yaml': 'colour: blue\nrules:\n  dockerfile/latest-tag: loud\n', Dockerfile: 'FROM ubuntu:latest\n' });
    const run = await runCli(['scan', '.', '--format', 'json'], dir);
    const report = parseReport(run.stdout);
    assert.ok(report.errors.some((e) => e.file === '.drydock.yaml' && /unknown key "colour"/.test(e.message)), JSON.stringify(report.errors));
    assert.ok(report.errors.some((e) => /unknown severity "loud"/.test(e.message)));
    assert.match(run.stderr, /\.drydock\.yaml: configuration: unknown key "colour"/);
    assert.ok(report.findings.some((f) => f.rule === LATEST));
    assert.notEqual(run.code, 2);
  });
});

describe('drydock scan: directory walking and unreadable files', () => {
  it('walks Dockerfile name patterns, skipping node_modules, .git and ignorePaths', async () => {
    const bad = 'FROM ubuntu:latest\n';
    const dir = tree({
      'Dockerfile': bad,
      'deploy/Dockerfile.prod': bad,
      'deploy/api.dockerfile': bad,
      'images/Containerfile': bad,
      'images/base.containerfile': bad,
      'README.md': bad,
      'src/Dockerfile-notes.txt': bad,
      'node_modules/pkg/Dockerfile': bad,
      'packages/x/node_modules/dep/Dockerfile': bad,
      '.git/Dockerfile': bad,
      'vendor/lib/Dockerfile': bad,
      'tmp/Dockerfile.scratch': bad,
      '.drydock.yaml': 'ignorePaths:\n  - vendor/**\n  - "*.scratch"\n',
    });
    const report = parseReport((await runCli(['scan', '.', '--format', 'json'], dir)).stdout);
    const files = [...new Set(report.findings.filter((f) => f.rule === LATEST).map((f) => f.file))];
    assert.deepEqual(files, ['deploy/api.dockerfile', 'deploy/Dockerfile.prod', 'Dockerfile', 'images/base.containerfile', 'images/Containerfile'].sort((a, b) => a.localeCompare(b)));
  });

  it('a binary Dockerfile and a 10 MB Dockerfile become errors entries; the exit code follows the findings only', async () => {
    const big = `FROM alpine:3.20\n${'# padding line to make this file large enough\n'.repeat(230_000)}`;
    assert.ok(big.length > 10 * 1024 * 1024);
    const dir = tree({
      'bin/Dockerfile': Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]),
      'big/Dockerfile': big,
      'ok/Dockerfile': 'FROM ubuntu:latest\n',
      '.drydock.yaml': onlyRuleConfig(LATEST),
    });
    const run = await runCli(['scan', '.', '--format', 'json'], dir);
    const report = parseReport(run.stdout);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report.errors.map((e) => e.file), ['big/Dockerfile', 'bin/Dockerfile']);
    assert.match(report.errors[0].message, /above the .* limit/);
    assert.match(report.errors[1].message, /binary/);
    assert.deepEqual(report.findings.map((f) => f.file), ['ok/Dockerfile']);
    const failing = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'warning'], dir);
    assert.equal(failing.code, 1);
    const text = await runCli(['scan', '.'], dir);
    assert.match(text.stdout, /bin\/Dockerfile\s+error\s+file looks binary/);
    assert.match(text.stdout, /2 problems reported above/);
  });
});

describe('drydock rules', () => {
  it('--format json lists every rule with its metadata and fixture counts', async () => {
    const run = await runCli(['rules', '--format', 'json'], REPO_ROOT);
    assert.equal(run.code, 0);
    const listing = JSON.parse(run.stdout) as { rules: Record<string, unknown>[] };
    assert.deepEqual(listing.rules.map((r) => r.id).sort(), allRules.map((r) => r.id).sort());
    for (const entry of listing.rules) {
      for (const key of ['id', 'title', 'severity', 'category', 'enabledByDefault', 'fixable', 'equivalents', 'compliance', 'explanation', 'fixtures']) {
        assert.ok(key in entry, `${String(entry.id)} lacks ${key}`);
      }
      const rule = allRules.find((r) => r.id === entry.id)!;
      assert.equal((entry.fixtures as { total: number }).total, rule.fixtures.length);
    }
  });

  it('--format markdown has a table of contents and a section per rule', async () => {
    const run = await runCli(['rules', '--format', 'markdown'], REPO_ROOT);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^# Drydock rule reference\n/);
    assert.match(run.stdout, /## Contents/);
    for (const rule of allRules) {
      const anchor = rule.id.replace(/[^a-z0-9]+/g, '-');
      assert.ok(run.stdout.includes(`](#${anchor})`), `TOC entry for ${rule.id}`);
      assert.ok(run.stdout.includes(`### \`${rule.id}\``), `section for ${rule.id}`);
    }
    assert.ok(run.stdout.includes('```dockerfile\nFROM ubuntu:latest'), 'latest-tag shows its positive example');
  });

  it('text lists every rule', async () => {
    const run = await runCli(['rules'], REPO_ROOT);
    assert.equal(run.code, 0);
    for (const rule of allRules) assert.ok(run.stdout.includes(rule.id), rule.id);
  });
});
