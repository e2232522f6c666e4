/**
 * `drydock scan` on a repository with Kubernetes manifests and compose files next to other YAML:
 * the walk analyses manifests and compose files only, multi-document positions are right, a
 * Kustomize patch is not blamed for what its base holds, and SARIF carries the YAML findings.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/core/findings';
import { assertCliBuilt, makeTree, removeTree, runCli } from './cliHarness';

const deployment = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
        securityContext:
          privileged: true
`;

const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          privileged: true
`;

let root: string;
before(() => {
  assertCliBuilt();
  root = makeTree({
    'k8s/base/deployment.yaml': deployment,
    'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: privileged-patch.yaml\n',
    'k8s/overlays/prod/privileged-patch.yaml': patch,
    'pod.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x:1", "securityContext": {"privileged": true}}]}}\n',
    'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
    'package.json': '{"name": "x", "version": "1.0.0"}\n',
    'chart/templates/deployment.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: "{{ .Values.image }}"\n        securityContext:\n          privileged: true\n`,
  });
});
after(() => removeTree(root));

describe('drydock scan on manifests and compose files', () => {
  it('analyses manifests, JSON manifests, compose files and Helm templates, and nothing else', async () => {
    const run = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'none'], root);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: Finding[]; errors: { file: string; message: string }[] };
    const privileged = report.findings.filter((f) => f.rule === 'kubernetes/privileged-container' || f.rule === 'compose/privileged');
    assert.deepEqual(
      privileged.map((f) => [f.file, f.range.start.line, f.range.start.character]),
      [
        ['chart/templates/deployment.yaml', 11, 10],
        ['docker-compose.yml', 3, 4],
        ['k8s/base/deployment.yaml', 16, 10],
        ['k8s/overlays/prod/privileged-patch.yaml', 10, 10],
        ['pod.json', 0, 137],
      ],
    );
    const files = new Set(report.findings.map((f) => f.file));
    assert.ok(!files.has('.github/workflows/ci.yml') && !files.has('package.json') && !files.has('k8s/overlays/prod/kustomization.yaml'));
    assert.deepEqual(
      report.errors.map((e) => e.file),
      ['chart/templates/deployment.yaml', 'k8s/overlays/prod/privileged-patch.yaml'],
      'the Helm template and the Kustomize patch get a notice of how they were read; nothing else errs',
    );
  });

  it('does not blame a Kustomize patch or a Helm template for fields their base or values may hold', async () => {
    const run = await runCli(['scan', 'k8s', 'chart', '--format', 'json', '--fail-on', 'none'], root);
    const report = JSON.parse(run.stdout) as { findings: Finding[] };
    const rulesIn = (file: string) => new Set(report.findings.filter((f) => f.file === file).map((f) => f.rule));
    const base = rulesIn('k8s/base/deployment.yaml');
    for (const file of ['k8s/overlays/prod/privileged-patch.yaml', 'chart/templates/deployment.yaml']) {
      const fragment = rulesIn(file);
      assert.ok(fragment.has('kubernetes/privileged-container'), `${file}: what is present is still reported`);
      const missingOnly = [...base].filter((r) => !fragment.has(r) && r !== 'kubernetes/privileged-container');
      assert.ok(missingOnly.length > 0 || base.size === 1, `${file}: rules about absent fields are dropped`);
      for (const finding of report.findings.filter((f) => f.file === file)) assert.notEqual(finding.message, '', 'each finding says something');
    }
  });

  it('text output counts the YAML files scanned, and SARIF carries the manifest findings', async () => {
    const text = await runCli(['scan', '.', '--fail-on', 'none'], root);
    assert.match(text.stdout, /in \d+ files; 5 files scanned/);
    const sarif = await runCli(['scan', 'k8s/base', '--format', 'sarif', '--fail-on', 'none'], root);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const result = log.runs[0].results.find((r) => r.ruleId === 'kubernetes/privileged-container');
    assert.ok(result);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'k8s/base/deployment.yaml');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 17);
  });

  it('exits 1 on an error-level manifest finding by default', async () => {
    const run = await runCli(['scan', 'docker-compose.yml'], root);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /compose\/privileged/);
  });
});
