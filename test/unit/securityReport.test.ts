/**
 * The security report's summary (core/report.ts): severity, category, file and rule counts from
 * real rule findings, image vulnerabilities by severity and fixability, compliance coverage.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/engine';
import { allRules, ruleById } from '../../server/src/core/rules';
import { REPORT_FILE_LIMIT, securityReport } from '../../server/src/core/report';
import type { Finding } from '../../server/src/core/findings';
import type { ImageFacts } from '../../server/src/core/images/facts';
import type { VulnerabilityMatch } from '../../server/src/images/types';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx:latest
    securityContext: {privileged: true}
`;

function findings(fileName: string, text: string): Finding[] {
  return analyzeDocument({ fileName, text }, undefined, { project: {} }).findings;
}

function vulnerability(id: string, severity: VulnerabilityMatch['severity'], fixedVersion?: string, name = 'openssl'): VulnerabilityMatch {
  return { id, aliases: [], severity, package: { ecosystem: 'deb', name, version: '1.0' }, fixedVersion, ecosystem: 'Debian:12' };
}

describe('security report summary', () => {
  const dockerfile = findings('Dockerfile', 'FROM ubuntu:latest\nUSER root\n');
  const pod = findings('pod.yaml', PRIVILEGED_POD);

  it('counts findings by severity, category, file and rule, clean files included in the file count', () => {
    const report = securityReport({
      files: [
        { file: 'app/Dockerfile', findings: dockerfile },
        { file: 'k8s/pod.yaml', findings: pod },
        { file: 'clean/Dockerfile', findings: [] },
      ],
      rules: allRules,
      images: { enabled: false },
    });
    assert.equal(report.files, 3);
    assert.equal(report.filesWithFindings, 2);
    assert.equal(report.total, dockerfile.length + pod.length);
    const bySeverity = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const f of [...dockerfile, ...pod]) bySeverity[f.severity]++;
    assert.deepEqual(report.bySeverity, bySeverity);

    const privileges = report.byCategory.find((row) => row.label === 'privileges');
    const expected = [...dockerfile, ...pod].filter((f) => ruleById(f.rule)?.category === 'privileges').length;
    assert.equal(privileges?.total, expected);
    assert.equal(
      report.byCategory.reduce((n, row) => n + row.total, 0),
      report.total,
      'every finding in exactly one category',
    );
    // Files with errors come before files with more findings but fewer errors.
    const errorsFirst = [...report.byFile].map((r) => r.bySeverity.error);
    assert.deepEqual(errorsFirst, [...errorsFirst].sort((a, b) => b - a));
    assert.ok(report.byFile.every((row) => row.label !== 'clean/Dockerfile'));

    const privileged = report.byRule.find((row) => row.rule === 'kubernetes/privileged-container');
    assert.equal(privileged?.label, ruleById('kubernetes/privileged-container')!.title);
    assert.equal(report.images.state, 'off');
    assert.equal(report.leftToPeers, 0);
  });

  it('maps findings to the compliance items their rules cite, and lists the items no finding touches', () => {
    const report = securityReport({ files: [{ file: 'k8s/pod.yaml', findings: pod }], rules: allRules, images: { enabled: false } });
    const pss = report.compliance.find((f) => f.id === 'pss')!;
    const privileged = pss.items.find((i) => i.id === 'PSS-Baseline-privileged')!;
    assert.equal(privileged.findings, pod.filter((f) => f.compliance.includes('PSS-Baseline-privileged')).length);
    assert.ok(privileged.findings >= 1);
    assert.ok(privileged.rules.includes('kubernetes/privileged-container'));
    assert.match(privileged.label, /Pod Security Standards \(Baseline\): privileged/);
    assert.equal(privileged.short, 'Baseline: privileged');
    assert.equal(pss.withFindings, pss.items.filter((i) => i.findings > 0).length);
    assert.ok(pss.items.length > pss.withFindings, 'items without findings are listed (what was checked)');
    const order = pss.items.map((i) => (i.findings > 0 ? 1 : 0));
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'items with findings first');

    const docker = report.compliance.find((f) => f.id === 'cis-docker')!;
    assert.equal(docker.withFindings, 0, 'no Dockerfile in this report');
    assert.equal(docker.items.find((i) => i.id === 'CIS-Docker-4.1')?.short, '4.1');
    const k8s = report.compliance.find((f) => f.id === 'cis-kubernetes')!;
    assert.match(k8s.items[0].short, /^[\d.]+ \(v\d+\.\d+\)$/);
    const ids = docker.items.map((i) => i.id);
    assert.ok(ids.indexOf('CIS-Docker-4.9') < ids.indexOf('CIS-Docker-4.10'), 'numbered items in natural order');
    for (const framework of report.compliance) for (const item of framework.items) assert.doesNotMatch(item.id, /^CWE-/);
  });

  it('sums the files beyond the chart limit into one row', () => {
    const files = Array.from({ length: REPORT_FILE_LIMIT + 3 }, (_, i) => ({ file: `svc-${i}/Dockerfile`, findings: dockerfile }));
    const report = securityReport({ files, rules: allRules, images: { enabled: false } });
    assert.equal(report.byFile.length, REPORT_FILE_LIMIT);
    assert.equal(report.otherFiles?.files, 3);
    assert.equal(report.otherFiles?.total, 3 * dockerfile.length);
    assert.equal(report.byFile.reduce((n, r) => n + r.total, 0) + report.otherFiles!.total, report.total);
  });

  it('counts image vulnerabilities by severity and fixability, once per advisory and package, and says which scans failed', () => {
    const debian: ImageFacts = {
      reference: 'docker.io/library/debian:12',
      vulnerabilities: [
        vulnerability('DSA-1', 'critical', '1.1'),
        vulnerability('DSA-1', 'critical', '1.1'), // the same advisory matched twice
        vulnerability('DSA-2', 'high'),
        vulnerability('DSA-3', 'high', '2.0', 'zlib1g'),
        vulnerability('CVE-4', 'low'),
      ],
    };
    const alpine: ImageFacts = { reference: 'docker.io/library/alpine:3.20', vulnerabilities: [vulnerability('ALPINE-1', 'medium', '3.0')] };
    const failed: ImageFacts = { reference: 'ghcr.io/acme/private:1', error: { kind: 'auth', message: 'authentication required' } };
    const report = securityReport({ files: [], rules: allRules, images: { enabled: true, facts: [debian, alpine, failed, debian], pending: 2 } });
    assert.equal(report.images.state, 'on');
    if (report.images.state !== 'on') return;
    assert.equal(report.images.scanned, 2);
    assert.equal(report.images.failed, 1);
    assert.equal(report.images.pending, 2);
    assert.deepEqual(report.images.bySeverity, {
      critical: { fixable: 1, unfixable: 0 },
      high: { fixable: 1, unfixable: 1 },
      medium: { fixable: 1, unfixable: 0 },
      low: { fixable: 0, unfixable: 1 },
      unknown: { fixable: 0, unfixable: 0 },
    });
    assert.deepEqual(
      report.images.images.map((i) => [i.reference, i.total, i.fixable]),
      [
        ['docker.io/library/debian:12', 4, 2],
        ['docker.io/library/alpine:3.20', 1, 1],
        ['ghcr.io/acme/private:1', 0, 0],
      ],
      'worst image first, each image once',
    );
    assert.equal(report.images.images[2].problem, 'authentication required');
  });

  it('counts what the editor left to a neighbour, and an empty workspace is all zeros', () => {
    const report = securityReport({ files: [], rules: allRules, images: { enabled: false }, leftToPeers: 4 });
    assert.equal(report.leftToPeers, 4);
    assert.equal(report.total, 0);
    assert.deepEqual(report.byFile, []);
    assert.equal(report.otherFiles, undefined);
    assert.ok(report.compliance.every((f) => f.withFindings === 0 && f.items.length > 0));
  });
});
