/**
 * The pieces behind the server, tested without a process: crash isolation in the engine, ignore
 * comment placement, hover markdown, settings over file config, project facts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig, parseConfigText } from '../../server/src/core/config';
import { latestTag } from '../../server/src/core/rules/dockerfile/image/latestTag';
import type { DockerfileRule } from '../../server/src/core/rule';
import type { Finding } from '../../server/src/core/findings';
import { ignoreFileEdit, ignoreLineEdit } from '../../server/src/core/ignoreComments';
import { findingMarkdown, peerName, complianceLabel, ruleMarkdown } from '../../server/src/core/explain/markdown';
import { analysisProblemDiagnostic, findingOf, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { effectiveConfig, normaliseSettings } from '../../server/src/lsp/settings';
import { nonOverlappingEdits } from '../../server/src/lsp/codeActions';
import { WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';
import { applyEdits } from './harness';

const throwingRule: DockerfileRule = {
  ...latestTag,
  id: 'dockerfile/test-throws',
  fixtures: [],
  check() {
    throw new Error('boom');
  },
};

describe('engine crash isolation', () => {
  it('a throwing rule becomes one error record; other rules still report', () => {
    const result = analyzeDocument({ fileName: 'Dockerfile', text: 'FROM ubuntu:latest\n' }, defaultConfig(), { rules: [throwingRule, latestTag] });
    assert.deepEqual(result.findings.map((f) => f.rule), ['dockerfile/latest-tag']);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].rule, 'dockerfile/test-throws');
    const diagnostic = analysisProblemDiagnostic(result.errors)!;
    assert.equal(diagnostic.severity, 3);
    assert.match(String(diagnostic.message), /test-throws failed/);
    assert.equal(analysisProblemDiagnostic([]), undefined);
  });

  it('many errors fold into one diagnostic', () => {
    const errors = Array.from({ length: 9 }, (_, i) => ({ file: 'Dockerfile', message: `problem ${i}` }));
    const diagnostic = analysisProblemDiagnostic(errors)!;
    assert.match(String(diagnostic.message), /and 4 more/);
  });
});

function applyIgnore(text: string, edit: ReturnType<typeof ignoreLineEdit>): string {
  return applyEdits(text, [edit.edit]);
}

describe('ignore comments', () => {
  const rule = 'dockerfile/some-rule';
  it('goes above the first line of a continued RUN, with its indentation and the cursor after "-- "', () => {
    const text = 'FROM a\n  RUN apt-get update && \\\n    # a comment inside\n\n    apt-get install curl\n';
    const edit = ignoreLineEdit(text, 4, rule);
    const out = applyIgnore(text, edit);
    assert.equal(out, `FROM a\n  # drydock-ignore ${rule} -- \n  RUN apt-get update && \\\n    # a comment inside\n\n    apt-get install curl\n`);
    assert.deepEqual(edit.cursor, { line: 1, character: `  # drydock-ignore ${rule} -- `.length });
  });

  it('respects the escape directive and heredocs', () => {
    const escaped = '# escape=`\nFROM a\nRUN echo a `\n  b\n';
    assert.equal(ignoreLineEdit(escaped, 3, rule).edit.range.start.line, 2);
    const heredoc = 'FROM a\nRUN <<EOF\necho one \\\napt-get install x\nEOF\n';
    assert.equal(ignoreLineEdit(heredoc, 3, rule).edit.range.start.line, 1);
  });

  it('keeps CRLF line endings and extends an existing ignore comment', () => {
    const crlf = 'FROM a\r\nRUN x\r\n';
    assert.equal(applyIgnore(crlf, ignoreLineEdit(crlf, 1, rule)), `FROM a\r\n# drydock-ignore ${rule} -- \r\nRUN x\r\n`);
    const existing = 'FROM a\n# drydock-ignore other/rule -- why\nRUN x\n';
    assert.equal(applyIgnore(existing, ignoreLineEdit(existing, 2, rule)), `FROM a\n# drydock-ignore other/rule,${rule} -- why\nRUN x\n`);
  });

  it('file-level comment goes below directives and leading comments', () => {
    const text = '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n# Build for prod\nFROM a\n';
    const out = applyEdits(text, [ignoreFileEdit(text, rule).edit]);
    assert.equal(out, `# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\n# Build for prod\n# drydock-ignore-file ${rule} -- \nFROM a\n`);
    assert.equal(applyEdits('FROM a\n', [ignoreFileEdit('FROM a\n', rule).edit]), `# drydock-ignore-file ${rule} -- \nFROM a\n`);
    assert.equal(applyEdits('# only', [ignoreFileEdit('# only', rule).edit]), `# only\n# drydock-ignore-file ${rule} -- `);
  });

  it('the inserted comments suppress the finding in the engine, BOM or not', () => {
    for (const text of ['FROM ubuntu:latest\n', '\uFEFFFROM ubuntu:latest\n']) {
      for (const edit of [ignoreLineEdit(text, 0, latestTag.id), ignoreFileEdit(text, latestTag.id)]) {
        const edited = applyEdits(text, [edit.edit]);
        const result = analyzeDocument({ fileName: 'Dockerfile', text: edited }, defaultConfig(), { rules: [latestTag] });
        assert.deepEqual(result.findings, []);
        assert.equal(edited.charCodeAt(0) === 0xfeff, text.charCodeAt(0) === 0xfeff, 'a BOM stays the first character');
      }
    }
  });
});

const finding: Finding = {
  rule: 'dockerfile/latest-tag',
  severity: 'warning',
  file: 'Dockerfile',
  range: { start: { line: 0, character: 5 }, end: { line: 0, character: 18 } },
  message: 'Base image "ubuntu:latest" uses the moving "latest" tag.',
  equivalents: ['hadolint:DL3007', 'checkov:CKV_DOCKER_7', 'trivy:DS-0001', 'buildkit:JSONArgsRecommended'],
  compliance: ['CIS-Docker-4.2', 'CWE-1357'],
  evidence: 'FROM ubuntu:latest',
};

describe('hover markdown', () => {
  it('spells peers and references nicely', () => {
    assert.equal(peerName('hadolint:DL3007'), 'hadolint DL3007');
    assert.equal(peerName('checkov:CKV_DOCKER_7'), 'Checkov CKV_DOCKER_7');
    assert.equal(peerName('buildkit:JSONArgsRecommended'), 'BuildKit JSONArgsRecommended');
    assert.equal(complianceLabel('CIS-Docker-4.2'), 'CIS Docker Benchmark 4.2');
    assert.match(complianceLabel('CWE-1357'), /cwe\.mitre\.org\/data\/definitions\/1357\.html/);
  });

  it('contains title, message, why, how, evidence, references and peers', () => {
    const md = findingMarkdown(finding, latestTag);
    for (const part of [latestTag.title, 'Why it matters', 'How to fix', 'Evidence: `FROM ubuntu:latest`', 'CIS Docker Benchmark 4.2', 'Also reported by hadolint DL3007, Checkov CKV_DOCKER_7, Trivy DS-0001, BuildKit JSONArgsRecommended.']) {
      assert.ok(md.includes(part), `missing ${part} in\n${md}`);
    }
    assert.ok(findingMarkdown(finding, undefined).includes('dockerfile/latest-tag'));
    assert.match(ruleMarkdown(latestTag), /## How to fix/);
  });

  it('diagnostics carry what they do not show of the finding, docs link and deprecated tag for MAINTAINER', () => {
    const d = toDiagnostic(finding, 7);
    assert.deepEqual(d.data, { finding: { evidence: 'FROM ubuntu:latest' }, version: 7 });
    // The finding comes back whole from the diagnostic and the rule's metadata.
    const fixable: Finding = {
      ...finding,
      equivalents: latestTag.equivalents,
      compliance: latestTag.compliance,
      fixes: [{ title: 'Pin', edits: [{ range: finding.range, newText: 'ubuntu:24.04' }], isPreferred: true }],
    };
    assert.deepEqual(findingOf(toDiagnostic(fixable, 3), 'Dockerfile'), { finding: fixable, version: 3 });
    for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
      assert.equal(findingOf(toDiagnostic({ ...finding, severity }, 1))?.finding.severity, severity, 'the severity comes back from the diagnostic');
    }
    assert.equal(d.code, 'dockerfile/latest-tag');
    const maintainer = toDiagnostic({ ...finding, rule: 'dockerfile/maintainer-deprecated', equivalents: ['hadolint:DL4000'] }, 1);
    assert.deepEqual(maintainer.tags, [2]);
  });
});

describe('fix-all', () => {
  it('skips fixes that overlap an earlier one', () => {
    const edit = (line: number, from: number, to: number, newText: string) => ({ range: { start: { line, character: from }, end: { line, character: to } }, newText });
    const a = { ...finding, fixes: [{ title: 'a', edits: [edit(0, 5, 11, 'debian')], isPreferred: true }] };
    const b = { ...finding, range: { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } }, fixes: [{ title: 'b', edits: [edit(0, 6, 8, 'XX')] }] };
    const c = { ...finding, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, fixes: [{ title: 'c', edits: [edit(1, 0, 3, 'run')] }] };
    const text = 'FROM ubuntu:latest\nRUN x\n';
    assert.equal(applyEdits(text, nonOverlappingEdits(text, [c, b, a])), 'FROM debian:latest\nrun x\n');
  });
});

describe('settings over file config', () => {
  it('defaults do not override the file; explicit settings do', () => {
    const file = parseConfigText('rules:\n  dockerfile/latest-tag: error\ntrustedRegistries: [registry.corp]\ninlineSuppressions: false\n').config;
    const untouched = effectiveConfig(file, normaliseSettings({}), true).config;
    assert.equal(untouched.rules['dockerfile/latest-tag'].severity, 'error');
    assert.deepEqual(untouched.trustedRegistries, ['registry.corp']);
    assert.equal(untouched.inlineSuppressions, false, 'a settings default cannot re-enable what the file turned off');
    const overridden = effectiveConfig(file, normaliseSettings({ rules: { 'dockerfile/latest-tag': 'off' }, trustedRegistries: ['ghcr.io/me'], maxFileSize: '1KB' }), true).config;
    assert.equal(overridden.rules['dockerfile/latest-tag'].severity, 'off');
    assert.deepEqual(overridden.trustedRegistries, ['ghcr.io/me']);
    assert.equal(overridden.maxFileSizeBytes, 1024);
  });

  it('the Kubernetes version comes from the setting, else the file, else the newest known', () => {
    const file = parseConfigText('kubernetesVersion: "v1.30"\nprofiles: [pss-baseline]\n').config;
    assert.deepEqual(effectiveConfig(file, normaliseSettings({}), true).config.kubernetesVersion, { major: 1, minor: 30 });
    const set = effectiveConfig(file, normaliseSettings({ kubernetesVersion: '1.33', profiles: ['pss-restricted'] }), true).config;
    assert.deepEqual(set.kubernetesVersion, { major: 1, minor: 33 });
    assert.deepEqual(set.profiles, ['pss-baseline', 'pss-restricted']);
    assert.deepEqual(effectiveConfig(defaultConfig(), normaliseSettings({}), true).config.kubernetesVersion, { major: 1, minor: 37 });
    const bad = effectiveConfig(file, normaliseSettings({ kubernetesVersion: 'soon' }), true);
    assert.match(bad.problems.join(' '), /kubernetesVersion must be a version/);
    assert.match(parseConfigText('kubernetesVersion: 1.30\n').problems.join(' '), /YAML reads 1.3 as a number/);
  });

  it('network needs the user setting and trust; model paths are dropped when untrusted', () => {
    const file = parseConfigText('network: true\nmodel:\n  path: ./evil.onnx\n').config;
    assert.equal(effectiveConfig(file, normaliseSettings({}), true).config.network.enabled, false, 'a repository file alone cannot enable network');
    assert.equal(effectiveConfig(file, normaliseSettings({ network: { enabled: true } }), true).config.network.enabled, true);
    const untrusted = effectiveConfig(file, normaliseSettings({ network: { enabled: true } }), false);
    assert.equal(untrusted.config.network.enabled, false);
    assert.equal(untrusted.config.model.path, undefined);
    assert.equal(untrusted.restricted.length, 2);
  });

  it('normalises junk from the client', () => {
    const s = normaliseSettings({ enable: 'yes', rules: { a: 'loud', b: 'off' }, diagnostics: { delay: -5 }, profiles: ['strict', 3] });
    assert.equal(s.enable, true);
    assert.deepEqual(s.rules, { b: 'off' });
    assert.equal(s.diagnostics.delay, 150);
    assert.deepEqual(s.profiles, ['strict']);
  });
});

describe('workspace files', () => {
  it('finds the nearest .drydock.yaml up to the workspace folder and the .dockerignore beside the Dockerfile', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'drydock-ws-')));
    try {
      mkdirSync(join(root, 'a', 'b'), { recursive: true });
      writeFileSync(join(root, '.drydock.yaml'), 'profiles: [strict]\n');
      writeFileSync(join(root, 'a', 'b', 'api.Dockerfile'), 'FROM a\n');
      writeFileSync(join(root, 'a', 'b', 'api.Dockerfile.dockerignore'), '# comment\nnode_modules\n\n.git\n');
      writeFileSync(join(root, 'a', 'Dockerfile'), 'FROM a\n');
      const files = new WorkspaceFiles();
      files.setFolders([pathToFileURL(root).toString()]);
      const config = await files.configFor(pathToFileURL(join(root, 'a', 'b', 'api.Dockerfile')).toString());
      assert.equal(config.path, join(root, '.drydock.yaml'));
      assert.deepEqual(config.config.profiles, ['strict']);
      assert.deepEqual(await files.projectFactsFor(pathToFileURL(join(root, 'a', 'b', 'api.Dockerfile')).toString()), {
        hasDockerignore: true,
        dockerignorePatterns: ['node_modules', '.git'],
      });
      assert.deepEqual(await files.projectFactsFor(pathToFileURL(join(root, 'a', 'Dockerfile')).toString()), { hasDockerignore: false });
      assert.deepEqual(await files.projectFactsFor('untitled:Untitled-1'), {}, 'unknown for untitled documents');
      writeFileSync(join(root, 'a', '.drydock.yml'), 'rules:\n  dockerfile/latest-tag: off\n');
      files.clear();
      const nearer = await files.configFor(pathToFileURL(join(root, 'a', 'b', 'api.Dockerfile')).toString());
      assert.equal(nearer.path, join(root, 'a', '.drydock.yml'));
      assert.ok(WorkspaceFiles.isWatched(pathToFileURL(join(root, 'a', '.drydock.yml')).toString()));
      assert.ok(!WorkspaceFiles.isWatched(pathToFileURL(join(root, 'a', 'Dockerfile')).toString()));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
