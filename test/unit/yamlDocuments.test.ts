/**
 * The YAML side of the core: parsing with ranges, the Kubernetes and compose models, YAML edits,
 * detection, suppressions and how the engine treats Helm templates, Kustomize patches and bad input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlFile, parseYamlFileSteps, releaseYamlFile, getNode, asMap, isTemplated, stringValue, booleanValue, clearYamlCache, type YamlFile, type YamlNode } from '../../server/src/core/documents/yaml';
import {
  parseKubernetes,
  allContainers,
  containerAnchor,
  podAnchor,
  effectiveField,
  fieldBoolean,
  capabilities,
  effectiveSeccomp,
  describeContainer,
} from '../../server/src/core/documents/kubernetes';
import { parseCompose, keyValueEntries, parseShortPort, parseShortVolume, portEntries, securityOptions, serviceValue, volumeEntries, resourceLimit } from '../../server/src/core/documents/compose';
import { applyEdits, appendItem, insertPair, removePath, setIn } from '../../server/src/core/documents/yamlEdit';
import { detectKind } from '../../server/src/core/documents/detect';
import { isSuppressed, kubernetesAnnotationSuppressions, yamlCommentSuppressions } from '../../server/src/core/suppressions';
import { analyzeDocument } from '../../server/src/core/engine';
import { defaultConfig } from '../../server/src/core/config';
import type { KubernetesRule, ComposeRule } from '../../server/src/core/rule';

const deployment = `# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
      - name: init
        image: busybox:1.36
        securityContext:
          runAsNonRoot: false
      containers:
      - name: app   # trailing
        image: nginx:1.27
        securityContext:
          capabilities:
            drop: [cap_net_raw, All]
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
`;

describe('YAML layer', () => {
  it('keeps file offsets across documents and collects comments', () => {
    const file = parseYamlFile(deployment);
    assert.equal(file.documents.length, 2);
    const second = asMap(file.documents[1].contents)!;
    const kind = getNode(second, 'kind')!;
    assert.equal(deployment.slice(kind.range![0], kind.range![1]), 'CronJob');
    assert.deepEqual(
      file.comments.map((c) => [c.line, c.content, c.trailing]),
      [
        [0, 'a comment', false],
        [19, 'trailing', true],
      ],
    );
    assert.deepEqual(file.style, { indent: 2, indentSequences: false });
    assert.equal(file.json, false);
  });

  it('reports syntax errors and still parses the rest', () => {
    const file = parseYamlFile('apiVersion: v1\nkind: Pod\nmetadata: {name: [\n---\napiVersion: v1\nkind: Service\n');
    assert.ok(file.problems.length > 0);
    assert.equal(stringValue(file, getNode(asMap(file.documents[1].contents), 'kind')), 'Service');
  });

  it('blanks Helm actions without moving offsets, and templated values read as unknown', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n';
    const file = parseYamlFile(text);
    assert.equal(file.text.length, text.length);
    assert.equal(file.templateActions.length, 2);
    const spec = asMap(getNode(asMap(file.documents[0].contents), 'spec'));
    const hostNetwork = getNode(spec, 'hostNetwork');
    assert.equal(booleanValue(file, hostNetwork), undefined);
    assert.equal(isTemplated(file, asMap(file.documents[0].contents)), true);
  });

  it('blanks a line of 50,000 Helm actions as one value, an action alone on its line as blank (no rescan of the line per action)', () => {
    const many = '{{ .Values.x }}'.repeat(50_000);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: ${many}\n  {{- if .Values.b }}  {{ end }}\n  b: x{{ .Values.y }} \n`;
    const file = parseYamlFile(text);
    assert.equal(file.templateActions.length, 50_003);
    const lines = file.text.split('\n');
    assert.ok(lines[4] === `  a: ${'_'.repeat(many.length)}`, 'actions inside a value become part of the scalar');
    assert.equal(lines[5], `${' '.repeat('  {{- if .Values.b }}  '.length)}${'_'.repeat('{{ end }}'.length)}`, 'an action alone on its line (but for more actions) is blank');
    assert.equal(lines[6], `  b: x${'_'.repeat('{{ .Values.y }}'.length)} `);
    const data = asMap(getNode(asMap(file.documents[0].contents), 'data'));
    assert.equal(isTemplated(file, getNode(data, 'a')), true);
  });

  it('never expands aliases (billion laughs costs nothing)', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) text += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    text += 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n';
    const started = Date.now();
    const model = parseKubernetes(text);
    assert.equal(model.objects[0].kind, 'ConfigMap');
    // No assertion on time (house rule); the parse must simply return.
    assert.ok(Date.now() >= started);
  });

  it('reuses unchanged documents after an edit and gives the same offsets as a fresh parse', () => {
    const offsets = (file: YamlFile) => file.documents.map((d) => {
      const kind = getNode(asMap(d.contents), 'kind');
      return [d.start, kind?.range?.[0], file.text.slice(kind!.range![0], kind!.range![1])];
    });
    const base = `${deployment}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n`;
    parseYamlFile(base, { reuseDocuments: true });
    for (const edited of [base.replace('name: web', 'name: web-frontend'), base.replace('  name: web\n', ''), base, base.replace('kind: CronJob', 'kind: CronJob # nightly')]) {
      const warm = offsets(parseYamlFile(edited, { reuseDocuments: true }));
      clearYamlCache();
      assert.deepEqual(warm, offsets(parseYamlFile(edited)));
    }
  });

  it('a file is parsed a document at a time; abandoned midway, it gives back the documents it held', () => {
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\n`;
    const text = [service('a'), service('b'), service('c')].join('---\n');
    clearYamlCache();
    const first = parseYamlFile(text, { reuseDocuments: true, owner: 'one' });
    const edited = text.replace('name: c', 'name: c2');
    const steps = parseYamlFileSteps(edited, { reuseDocuments: true, hold: true, owner: 'one' });
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    assert.ok(yields >= 3, `one step per document at least (${yields})`);
    releaseYamlFile(step.value);
    // The same parse abandoned after its first document: what it held is free again for the next parse.
    const paused = parseYamlFileSteps(text, { reuseDocuments: true, hold: true, owner: 'one' });
    paused.next();
    paused.return(undefined as never);
    const again = parseYamlFile(text, { reuseDocuments: true, owner: 'one' });
    assert.equal(again.documents[0].document, first.documents[0].document, 'the first document is reused, not parsed again');
    clearYamlCache();
  });

  it('documents are cached per owner: a file held by a paused analysis does not make another parse whole', () => {
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\n`;
    const text = [service('a'), service('b'), service('c')].join('---\n');
    clearYamlCache();
    const other = parseYamlFile(text, { reuseDocuments: true, owner: 'other' });
    const holder = parseYamlFile(text, { reuseDocuments: true, hold: true, owner: 'holder' });
    const edited = text.replace('name: c', 'name: c2');
    const next = parseYamlFile(edited, { reuseDocuments: true, owner: 'other' });
    assert.equal(next.documents[0].document, other.documents[0].document, 'its own unchanged documents are reused');
    assert.notEqual(next.documents[0].document, holder.documents[0].document, 'never the other file\'s');
    // Each owner keeps the documents of its last parse only: the old third document is gone.
    const back = parseYamlFile(text, { reuseDocuments: true, owner: 'other' });
    assert.notEqual(back.documents[2].document, other.documents[2].document);
    assert.equal(back.documents[0].document, other.documents[0].document);
    releaseYamlFile(holder);
    clearYamlCache();
  });

  it('reads YAML 1.1 booleans as kubectl does, only when plain', () => {
    const file = parseYamlFile('a: yes\nb: "yes"\nc: off\n');
    const root = asMap(file.documents[0].contents);
    assert.equal(booleanValue(file, getNode(root, 'a')), true);
    assert.equal(booleanValue(file, getNode(root, 'b')), undefined);
    assert.equal(booleanValue(file, getNode(root, 'c')), false);
  });
});

describe('Kubernetes model', () => {
  const model = parseKubernetes(deployment);

  it('finds pod specs of workloads and CronJob jobTemplate nesting', () => {
    assert.deepEqual(
      model.objects.map((o) => [o.kind, o.name, o.podSpec?.containers.map((c) => `${c.list}:${c.name}`)]),
      [
        ['Deployment', 'web', ['initContainers:init', 'containers:app']],
        ['CronJob', 'nightly', ['containers:job']],
      ],
    );
    const cron = model.objects[1].podSpec!;
    assert.equal(deployment.slice(podAnchor(cron).start, podAnchor(cron).end), 'spec');
    assert.equal(podAnchor(cron).start, deployment.lastIndexOf('spec:'));
  });

  it('lets a container override the pod-level security context (unset vs false)', () => {
    const [init, app, job] = allContainers(model);
    assert.equal(fieldBoolean(model.file, effectiveField(init, ['runAsNonRoot'])), false);
    assert.equal(effectiveField(init, ['runAsNonRoot'])!.level, 'container');
    assert.equal(fieldBoolean(model.file, effectiveField(app, ['runAsNonRoot'])), true);
    assert.equal(effectiveField(app, ['runAsNonRoot'])!.level, 'pod');
    assert.equal(effectiveField(job, ['runAsNonRoot']), undefined);
    assert.equal(describeContainer(init), 'init container "init"');
    const anchor = containerAnchor(app);
    assert.equal(deployment.slice(anchor.start, anchor.end), 'name: app');
  });

  it('normalises capabilities and reads legacy seccomp annotations', () => {
    const app = allContainers(model)[1];
    assert.deepEqual(capabilities(app, 'drop').entries.map((e) => e.name), ['NET_RAW', 'ALL']);
    assert.deepEqual(effectiveSeccomp(app), { type: 'RuntimeDefault', level: 'pod', fromAnnotation: true });
  });

  it('expands List items, ignores CRDs and unknown kinds without pod templates, and finds embedded templates', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec: {containers: [{name: c, image: x}]}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec: {template: {spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec: {template: {spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: 3}
---
just: a mapping
`;
    const m = parseKubernetes(text);
    assert.deepEqual(
      m.objects.map((o) => [o.kind, o.podSpec ? o.podSpec.containers.length : null]),
      [
        ['Pod', 1],
        ['CustomResourceDefinition', null],
        ['Rollout', 1],
        ['Widget', null],
      ],
    );
  });

  it('marks patches (containers without image) as partial', () => {
    const m = parseKubernetes('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        resources: {limits: {memory: 1Gi}}\n');
    assert.equal(m.objects[0].partial, true);
    assert.equal(model.objects[0].partial, false);
  });
});

describe('compose model', () => {
  const text = `services:
  web:
    image: nginx:1.27
    environment:
      - API_TOKEN=abc123
      - "DEBUG=1"
      - FROM_SHELL
    ports:
      - "8080:80"
      - 127.0.0.1:8443:443/tcp
      - "[::1]:9000:9000"
      - 3000
      - target: 80
        published: "8081"
        host_ip: 0.0.0.0
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - data:/data
      - type: bind
        source: /etc
        target: /host-etc
        read_only: true
    security_opt:
      - no-new-privileges
      - seccomp=unconfined
      - "apparmor:unconfined"
    deploy:
      resources:
        limits: {memory: 256M}
  worker:
    build: .
    environment:
      PASSWORD: hunter2
      EMPTY:
`;
  const model = parseCompose(text);

  it('lists services in order', () => {
    assert.deepEqual(model.services.map((s) => s.name), ['web', 'worker']);
  });

  it('reads environment in list and map form with value spans', () => {
    const web = keyValueEntries(model, serviceValue(model, model.services[0], 'environment'));
    assert.deepEqual(web.map((e) => [e.key, e.value, e.form]), [
      ['API_TOKEN', 'abc123', 'list'],
      ['DEBUG', '1', 'list'],
      ['FROM_SHELL', undefined, 'list'],
    ]);
    assert.equal(text.slice(web[0].valueSpan!.start, web[0].valueSpan!.end), 'abc123');
    assert.equal(text.slice(web[1].valueSpan!.start, web[1].valueSpan!.end), '1');
    const worker = keyValueEntries(model, serviceValue(model, model.services[1], 'environment'));
    assert.deepEqual(worker.map((e) => [e.key, e.value, e.form]), [
      ['PASSWORD', 'hunter2', 'map'],
      ['EMPTY', undefined, 'map'],
    ]);
  });

  it('parses every port syntax', () => {
    assert.deepEqual(
      portEntries(model, model.services[0]).map((p) => [p.hostIp, p.published, p.target, p.protocol, p.form]),
      [
        [undefined, '8080', '80', undefined, 'short'],
        ['127.0.0.1', '8443', '443', 'tcp', 'short'],
        ['::1', '9000', '9000', undefined, 'short'],
        [undefined, undefined, '3000', undefined, 'short'],
        ['0.0.0.0', '8081', '80', undefined, 'long'],
      ],
    );
    assert.deepEqual(parseShortPort('::1:8080:80'), { hostIp: '::1', published: '8080', target: '80', protocol: undefined });
  });

  it('parses every volume syntax', () => {
    assert.deepEqual(
      volumeEntries(model, model.services[0]).map((v) => [v.type, v.source, v.target, v.readOnly]),
      [
        ['bind', '/var/run/docker.sock', '/var/run/docker.sock', true],
        ['volume', 'data', '/data', false],
        ['bind', '/etc', '/host-etc', true],
      ],
    );
    assert.deepEqual(parseShortVolume('C:\\data:/data:rw,rshared'), { type: 'bind', source: 'C:\\data', target: '/data', readOnly: false, propagation: 'rshared' });
  });

  it('reads security_opt with ":", "=" and bare forms, and deploy limits', () => {
    assert.deepEqual(securityOptions(model, model.services[0]).map((o) => [o.name, o.value]), [
      ['no-new-privileges', undefined],
      ['seccomp', 'unconfined'],
      ['apparmor', 'unconfined'],
    ]);
    assert.equal(resourceLimit(model, model.services[0], ['mem_limit'], 'memory')?.value, '256M');
    assert.equal(resourceLimit(model, model.services[1], ['mem_limit'], 'memory'), undefined);
  });
});

describe('YAML edits', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p  # keep me\nspec:\n  containers:\n    - name: app\n      image: "nginx:1.27"\n      securityContext:\n';

  it('creates nested keys under an empty key, in the file\'s indentation', () => {
    const m = parseKubernetes(pod);
    const c = allContainers(m)[0];
    const out = applyEdits(pod, setIn(m.file, c.pod.object.document, c.node, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault'));
    assert.equal(out, `${pod.trimEnd()}\n        seccompProfile:\n          type: RuntimeDefault\n`);
  });

  it('appends to a block mapping after its last key and keeps comments', () => {
    const m = parseKubernetes(pod);
    const meta = asMap(getNode(m.objects[0].node, 'metadata'))!;
    const out = applyEdits(pod, insertPair(m.file, meta, 'namespace', 'shop'));
    assert.ok(out.includes('  name: p  # keep me\n  namespace: shop\nspec:'), out);
  });

  it('keeps flow style and JSON quoting', () => {
    const flow = 'services:\n  web: {image: nginx, cap_drop: [NET_RAW]}\n';
    const c = parseCompose(flow);
    const seq = getNode(c.services[0].node, 'cap_drop') as YamlNode;
    assert.equal(applyEdits(flow, appendItem(c.file, seq as never, 'ALL')), 'services:\n  web: {image: nginx, cap_drop: [NET_RAW, ALL]}\n');
    const json = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n "spec": {"containers": [{"name": "c", "image": "x"}]}}\n';
    const m = parseKubernetes(json);
    const container = allContainers(m)[0];
    const out = applyEdits(json, setIn(m.file, container.pod.object.document, container.node, ['securityContext', 'runAsNonRoot'], true));
    assert.equal(out, '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},\n "spec": {"containers": [{"name": "c", "image": "x", "securityContext": {"runAsNonRoot": true}}]}}\n');
    assert.deepEqual(JSON.parse(out).spec.containers[0].securityContext, { runAsNonRoot: true });
  });

  it('replaces scalars keeping their quotes, and removes keys with the mappings they empty', () => {
    const text = 'services:\n  web:\n    image: "nginx"\n    read_only: \'false\'\n    security_opt:\n      - x\n';
    const c = parseCompose(text);
    const web = c.services[0];
    assert.equal(applyEdits(text, setIn(c.file, c.document!, web.node, ['read_only'], 'true')), text.replace("'false'", "'true'"));
    const k = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      privileged: true\n  hostPID: true\n';
    const m = parseKubernetes(k);
    const container = allContainers(m)[0];
    assert.equal(
      applyEdits(k, removePath(m.file, container.pod.object.document, container.node, ['securityContext', 'privileged'])),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n  hostPID: true\n',
    );
  });

  it('adds several keys to an empty flow mapping as one valid edit', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {}\n';
    const m = parseKubernetes(text);
    const c = allContainers(m)[0];
    const out = applyEdits(text, setIn(m.file, c.pod.object.document, c.node, ['securityContext'], { runAsNonRoot: true, capabilities: { drop: ['ALL'] } }));
    assert.ok(out.endsWith('    securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}\n'), out);
    assert.deepEqual(parseYamlFile(out).problems, []);
  });

  it('keeps CRLF line endings', () => {
    const text = 'services:\r\n  web:\r\n    image: nginx\r\n';
    const c = parseCompose(text);
    assert.equal(applyEdits(text, setIn(c.file, c.document!, c.services[0].node, ['read_only'], true)), 'services:\r\n  web:\r\n    image: nginx\r\n    read_only: true\r\n');
  });
});

describe('detection', () => {
  it('tells manifests, compose files and other YAML apart', () => {
    assert.equal(detectKind('k8s/deploy.yaml', undefined, 'apiVersion: apps/v1\nkind: Deployment\n'), 'kubernetes');
    assert.equal(detectKind('pod.json', undefined, '{"apiVersion": "v1", "kind": "Pod"}'), 'kubernetes');
    assert.equal(detectKind('docker-compose.prod.yml', undefined, 'services: {}\n'), 'compose');
    assert.equal(detectKind('stack.yaml', undefined, 'version: "3"\nservices:\n  web:\n    image: x\n'), 'compose');
    assert.equal(detectKind('.github/workflows/ci.yml', undefined, 'on: push\njobs: {}\n'), undefined);
    assert.equal(detectKind('.drydock.yaml', undefined, 'apiVersion: x\nkind: y\n'), undefined);
    assert.equal(detectKind('untitled-1', 'yaml', 'apiVersion: v1\nkind: Service\n'), 'kubernetes');
    assert.equal(detectKind('Dockerfile', undefined, 'apiVersion: v1\nkind: Pod\n'), 'dockerfile');
  });
});

describe('YAML suppressions', () => {
  it('applies a comment to the node below it (the whole container), or to the node on its own line when trailing', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  # drydock-ignore kubernetes/x -- vendor image\n  - name: a\n    image: x\n    securityContext:\n      privileged: true\n  - name: b  # trivy:ignore:KSV017\n    image: y\n';
    const file = parseKubernetes(text).file;
    const s = yamlCommentSuppressions(file);
    assert.deepEqual(s.map((x) => [x.source, x.matchers, x.lines, x.reason]), [
      ['drydock', ['kubernetes/x'], { first: 6, last: 9 }, 'vendor image'],
      ['trivy', ['trivy:KSV-0017'], { first: 10, last: 11 }, undefined],
    ]);
    assert.equal(isSuppressed(s, 'kubernetes/x', [], 9), true);
    assert.equal(isSuppressed(s, 'kubernetes/x', [], 10), false);
    assert.equal(isSuppressed(s, 'kubernetes/y', ['trivy:KSV-0017'], 10), true);
  });

  it('honours annotations on the object or the pod template, per container, and the peers\' annotations', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    ignore-check.kube-linter.io/privileged-container: "needs the device"
    polaris.fairwinds.com/hostNetworkSet-exempt: "true"
spec:
  template:
    metadata:
      annotations:
        drydock.dev/ignore: "kubernetes/run-as-root:init, kubernetes/read-only-root-filesystem"
        kube-score/ignore: container-image-tag
        checkov.io/skip1: CKV_K8S_20=reviewed
    spec:
      initContainers:
      - name: init
        image: x
      containers:
      - name: app
        image: y
`;
    const s = kubernetesAnnotationSuppressions(parseKubernetes(text));
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;
    assert.equal(isSuppressed(s, 'kubernetes/privileged-container', ['kube-linter:privileged-container'], lineOf('name: app')), true);
    assert.equal(isSuppressed(s, 'kubernetes/host-network', ['polaris:hostNetworkSet'], lineOf('spec:')), true);
    assert.equal(isSuppressed(s, 'kubernetes/run-as-root', [], lineOf('name: init')), true);
    assert.equal(isSuppressed(s, 'kubernetes/run-as-root', [], lineOf('name: app')), false);
    assert.equal(isSuppressed(s, 'kubernetes/read-only-root-filesystem', [], lineOf('name: app')), true);
    assert.equal(isSuppressed(s, 'kubernetes/image-latest-tag', ['kube-score:container-image-tag'], lineOf('name: app')), true);
    assert.equal(isSuppressed(s, 'kubernetes/privilege-escalation-allowed', ['checkov:CKV_K8S_20'], lineOf('name: app')), true);
  });
});

describe('engine on YAML', () => {
  const missingAndPresent: KubernetesRule = {
    kind: 'kubernetes',
    id: 'kubernetes/test-rule',
    title: 'Test rule for the engine',
    severity: 'warning',
    category: 'privileges',
    equivalents: [],
    compliance: [],
    explanation: { what: 'w', why: 'y', fix: 'f' },
    fixtures: [],
    check({ model, report }) {
      for (const c of allContainers(model)) {
        const a = containerAnchor(c);
        report({ ...a, message: `missing in ${c.name}`, missing: true });
        if (fieldBoolean(model.file, effectiveField(c, ['privileged']))) report({ ...a, message: `present in ${c.name}` });
      }
    },
  };
  const throwing: ComposeRule = {
    kind: 'compose',
    id: 'compose/test-throws',
    title: 'Throws on purpose',
    severity: 'warning',
    category: 'privileges',
    equivalents: [],
    compliance: [],
    explanation: { what: 'w', why: 'y', fix: 'f' },
    fixtures: [],
    check() {
      throw new Error('boom');
    },
  };
  const pod = (extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    securityContext: {privileged: true}${extra}\n`;
  const run = (fileName: string, text: string, project = {}) => analyzeDocument({ fileName, text }, defaultConfig(), { rules: [missingAndPresent, throwing], project });

  it('reports missing and present fields in a plain manifest', () => {
    assert.deepEqual(run('pod.yaml', pod()).findings.map((f) => f.message), ['missing in a', 'present in a']);
  });

  it('drops findings about missing fields in Helm templates and says why', () => {
    const result = run('chart/templates/pod.yaml', pod('\n{{- if .Values.x }}\n# x\n{{- end }}'));
    assert.deepEqual(result.findings.map((f) => f.message), ['present in a']);
    assert.match(result.errors[0].message, /template actions/);
  });

  it('drops findings about missing fields in Kustomize patches', () => {
    assert.deepEqual(run('overlay/patch.yaml', pod(), { kustomizePatch: true }).findings.map((f) => f.message), ['present in a']);
    const patch = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: true}\n';
    assert.deepEqual(run('patch.yaml', patch).findings.map((f) => f.message), ['present in a']);
  });

  it('analyses what parsed of broken YAML and says where it broke', () => {
    const result = run('pod.yaml', `${pod()}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n`);
    assert.deepEqual(result.findings.map((f) => f.message), ['missing in a', 'present in a']);
    assert.match(result.errors[0].message, /YAML syntax error at line 13, column 1: Flow sequence/);
  });

  it('isolates a throwing compose rule', () => {
    const result = run('compose.yaml', 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(result.findings, []);
    assert.match(result.errors[0].message, /compose\/test-throws failed and was skipped: boom/);
  });

  it('ignores YAML that is neither a manifest nor a compose file', () => {
    assert.deepEqual(run('ci.yml', 'on: push\n'), { findings: [], errors: [] });
  });
});
