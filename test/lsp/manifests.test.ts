/**
 * Kubernetes manifests and compose files through the real bundled server (dist/server.js over
 * stdio): multi-document positions, hovers, quick fixes that edit YAML in place, ignore comments,
 * annotation suppressions, and YAML that is not ours staying silent.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { parseYamlFile } from '../../server/src/core/documents/yaml';
import { TestServer, applyEdits, codes, editsFor, untitledUri } from './harness';

const PRIVILEGED = 'kubernetes/privileged-container';
const TIMEOUT = { timeout: 60_000 };

const manifest = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{port: 80}]
---
# the app
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
          privileged: true   # needed? no
          runAsNonRoot: true
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            image: busybox:1.36
            securityContext: {privileged: true}
`;

function byRule(diagnostics: Diagnostic[], rule: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === rule);
}

function preferredFix(actions: CodeAction[]): CodeAction | undefined {
  return actions.find((a) => a.isPreferred && a.edit);
}

describe('language server on manifests and compose files', TIMEOUT, () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start();
  });
  after(async () => {
    await server.stop();
  });

  it('reports findings of every document of a multi-document file at their own lines', async () => {
    const uri = untitledUri('deploy.yaml');
    const diagnostics = await server.open(uri, manifest, 'yaml');
    const privileged = byRule(diagnostics, PRIVILEGED);
    assert.deepEqual(
      privileged.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        [19, 10, 26],
        [35, 30, 46],
      ],
    );
    assert.ok(!codes(diagnostics).includes('drydock/analysis'), 'no analysis problem');
  });

  it('hover explains the finding with its Pod Security Standards and peer references', async () => {
    const uri = untitledUri('deploy.yaml');
    await server.open(uri, manifest, 'yaml');
    const hover = await server.hover(uri, { line: 19, character: 12 });
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /Privileged container/);
    assert.match(value, /Also reported by kube-linter privileged-container, kube-score container-security-context-privileged, Polaris runAsPrivileged, Trivy KSV-0017/);
    assert.match(value, /Pod Security Standards \(Baseline\): privileged/);
    assert.match(value, /CIS Kubernetes Benchmark v1\.12 5\.2\.2/);
  });

  it('the quick fix removes privileged: true in place, keeping comments and the other documents', async () => {
    const uri = untitledUri('deploy.yaml');
    const diagnostics = await server.open(uri, manifest, 'yaml');
    const [first] = byRule(diagnostics, PRIVILEGED);
    const action = preferredFix(await server.codeActions(uri, [first]));
    assert.ok(action, 'a preferred fix is offered');
    const fixed = applyEdits(manifest, editsFor(action.edit, uri));
    assert.equal(fixed, manifest.replace('          privileged: true   # needed? no\n', ''));
    assert.deepEqual(parseYamlFile(fixed).problems, []);
    const after = await server.change(uri, fixed);
    assert.equal(byRule(after, PRIVILEGED).length, 1, 'only the CronJob finding is left');
  });

  it('fix-all on save fixes both documents, flow style included', async () => {
    const uri = untitledUri('deploy.yaml');
    await server.open(uri, manifest, 'yaml');
    const [action] = await server.codeActions(uri, [], ['source.fixAll.drydock']);
    const fixed = applyEdits(manifest, editsFor(action.edit, uri));
    assert.ok(fixed.includes('            securityContext: {}\n') || !fixed.includes('privileged: true'), fixed);
    const after = await server.change(uri, fixed);
    assert.deepEqual(byRule(after, PRIVILEGED), []);
    // Fixes that add keys to the same mapping overlap; fix-all applies them in passes until none is left.
    const stillFixable = after.filter((d) => ((d.data as { finding?: { fixes?: unknown[] } })?.finding?.fixes?.length ?? 0) > 0);
    assert.deepEqual(stillFixable.map((d) => `${String(d.code)}@${d.range.start.line}`), [], fixed);
    assert.deepEqual(parseYamlFile(fixed).problems, []);
  });

  it('"Ignore for this entry" puts a reasoned comment above the key and silences it', async () => {
    const uri = untitledUri('deploy.yaml');
    const diagnostics = await server.open(uri, manifest, 'yaml');
    const [first] = byRule(diagnostics, PRIVILEGED);
    const actions = await server.codeActions(uri, [first]);
    const ignore = actions.find((a) => a.title === `Ignore ${PRIVILEGED} for this entry`);
    assert.ok(ignore, actions.map((a) => a.title).join(', '));
    const edited = applyEdits(manifest, editsFor(ignore.edit, uri));
    assert.ok(edited.includes(`          # drydock-ignore ${PRIVILEGED} -- \n          privileged: true`), edited);
    const after = await server.change(uri, edited.replace(' -- \n', ' -- device plugin\n'));
    assert.equal(byRule(after, PRIVILEGED).length, 1);
    assert.equal(byRule(after, PRIVILEGED)[0].range.start.line, 36, 'the CronJob finding stays, one line lower');
  });

  it('honours drydock.dev/ignore on the pod template and kube-linter annotations on the object', async () => {
    const uri = untitledUri('deploy.yaml');
    const text = manifest
      .replace('  template:\n    spec:', `  template:\n    metadata:\n      annotations:\n        drydock.dev/ignore: "${PRIVILEGED}:app"\n    spec:`)
      .replace('  name: nightly\n', '  name: nightly\n  annotations:\n    ignore-check.kube-linter.io/privileged-container: "vendor"\n');
    const diagnostics = await server.open(uri, text, 'yaml');
    assert.deepEqual(byRule(diagnostics, PRIVILEGED), []);
  });

  it('analyses compose files and JSON manifests, and leaves other YAML alone', async () => {
    const compose = untitledUri('compose.yaml');
    const composeDiagnostics = await server.open(compose, 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n', 'dockercompose');
    assert.deepEqual(byRule(composeDiagnostics, 'compose/privileged').map((d) => d.range.start), [{ line: 3, character: 4 }]);

    const json = untitledUri('pod.json');
    const jsonText = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n "spec": {"containers": [{"name": "c", "image": "x:1", "securityContext": {"privileged": true}}]}}\n';
    const jsonDiagnostics = await server.open(json, jsonText, 'json');
    const [finding] = byRule(jsonDiagnostics, PRIVILEGED);
    assert.ok(finding);
    const actions = await server.codeActions(json, [finding]);
    assert.ok(!actions.some((a) => a.title.startsWith('Ignore')), 'JSON has no comments: no ignore-comment actions');
    const fixed = applyEdits(jsonText, editsFor(preferredFix(actions)!.edit, json));
    assert.deepEqual(JSON.parse(fixed).spec.containers[0], { name: 'c', image: 'x:1' });

    const workflow = untitledUri('ci.yml');
    assert.deepEqual(await server.open(workflow, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'yaml'), []);
  });

  it('says once that a broken manifest was analysed in part, and keeps serving', async () => {
    const uri = untitledUri('broken.yaml');
    const diagnostics = await server.open(uri, `${manifest}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n`, 'yaml');
    const problem = diagnostics.find((d) => d.code === 'drydock/analysis');
    assert.ok(problem);
    assert.match(String(problem.message), /YAML syntax error at line \d+/);
    assert.equal(byRule(diagnostics, PRIVILEGED).length, 2);
  });
});
