/**
 * Kubernetes objects of a YAML (or JSON) file: one object per document with `apiVersion` and
 * `kind`, `List` items expanded, and the pod spec of every pod-bearing kind found where the
 * API puts it (Pod: `spec`; workloads: `spec.template.spec`; CronJob:
 * `spec.jobTemplate.spec.template.spec`; unknown kinds that embed a pod template the same way,
 * as Argo Rollouts or OpenShift DeploymentConfig do).
 *
 * Security-context lookups follow the Pod Security Standards: a container value overrides the
 * pod value for the fields that exist at both levels, and "unset" is distinct from "false".
 */
import type { ParsedNode, YAMLMap, YAMLSeq } from 'yaml';
import { memoize } from '../memo';
import { parseYamlFile, asMap, asSeq, booleanValue, deref, findPair, getMap, getNode, getSeq, keySpan, nodeSpan, numberValue, pairSpan, scalarValue, seqItems, stringValue, type YamlDocument, type YamlFile, type YamlNode, type YamlPair } from './yaml';

export type YMap = YAMLMap<ParsedNode, ParsedNode | null>;
export type Span = { start: number; end: number };

export interface KubernetesObject {
  file: YamlFile;
  document: YamlDocument;
  /** The object's mapping (the document root, or an item of a `List`). */
  node: YMap;
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  metadata?: YMap;
  annotations: ReadonlyMap<string, string>;
  labels: ReadonlyMap<string, string>;
  /** The `kind: X` pair: where object-level findings go. */
  kindPair: YamlPair;
  podSpec?: PodSpec;
  /**
   * The object is a fragment (a Kustomize patch: a container without `image`), so findings about
   * absent fields would be wrong; rules still report what is present.
   */
  partial: boolean;
}

export interface PodSpec {
  object: KubernetesObject;
  node: YMap;
  /** The `spec:` pair that holds this pod spec: where pod-level "missing" findings go. */
  specPair: YamlPair;
  /** Metadata of the pod template (`spec.template.metadata`), or of the Pod itself. */
  templateMetadata?: YMap;
  /** Annotations of the pod (template), falling back to nothing. */
  podAnnotations: ReadonlyMap<string, string>;
  securityContext?: YMap;
  containers: Container[];
  /** `spec.os.name: windows` (PSS exempts Windows pods from some restricted controls). */
  windows: boolean;
  /** `hostUsers: false`: the pod runs in a user namespace (PSS relaxes some controls from 1.35). */
  userNamespace: boolean;
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface Container {
  pod: PodSpec;
  list: ContainerList;
  index: number;
  node: YMap;
  name?: string;
  image?: string;
  imageNode?: YamlNode;
  securityContext?: YMap;
  /** An init container with `restartPolicy: Always` (a native sidecar): long-running, may have probes. */
  sidecar: boolean;
}

export interface KubernetesModel {
  file: YamlFile;
  objects: KubernetesObject[];
}

const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** Kinds that are not workloads even though they may contain pod-like shapes. */
const NEVER_WORKLOADS = new Set(['CustomResourceDefinition', 'List', 'Kustomization', 'PodSecurityPolicy']);

export const POD_BEARING_KINDS = Object.keys(POD_TEMPLATE_PATHS);

export function parseKubernetes(text: string): KubernetesModel {
  const file = parseYamlFile(text);
  return kubernetesModelOf(file);
}

export function kubernetesModelOf(file: YamlFile): KubernetesModel {
  const objects: KubernetesObject[] = [];
  for (const document of file.documents) {
    const root = asMap(deref(document, document.contents));
    if (!root) continue;
    const kind = stringValue(file, getNode(root, 'kind', document));
    if (kind && /List$/.test(kind)) {
      for (const item of seqItems(document, getSeq(root, 'items', document))) {
        const object = objectOf(file, document, asMap(item));
        if (object) objects.push(object);
      }
      continue;
    }
    const object = objectOf(file, document, root);
    if (object) objects.push(object);
  }
  return { file, objects };
}

function objectOf(file: YamlFile, document: YamlDocument, node: YMap | undefined): KubernetesObject | undefined {
  if (!node) return undefined;
  const kindPair = findPair(node, 'kind');
  const kind = stringValue(file, kindPair?.value);
  const apiVersion = stringValue(file, getNode(node, 'apiVersion', document));
  if (!kindPair || !kind || apiVersion === undefined) return undefined;
  const metadata = getMap(node, 'metadata', document);
  const object: KubernetesObject = {
    file,
    document,
    node,
    apiVersion,
    kind,
    name: stringValue(file, getNode(metadata, 'name', document)),
    namespace: stringValue(file, getNode(metadata, 'namespace', document)),
    metadata,
    annotations: stringMap(file, document, getMap(metadata, 'annotations', document)),
    labels: stringMap(file, document, getMap(metadata, 'labels', document)),
    kindPair,
    partial: false,
  };
  object.podSpec = podSpecOf(object);
  object.partial = object.podSpec !== undefined && object.podSpec.containers.some((c) => c.image === undefined && !c.imageNode);
  return object;
}

function stringMap(file: YamlFile, document: YamlDocument, map: YMap | undefined): Map<string, string> {
  const result = new Map<string, string>();
  if (!map) return result;
  for (const item of map.items as YamlPair[]) {
    const key = scalarValue(file, item.key);
    const value = deref(document, item.value);
    if (key === undefined || key === null) continue;
    const text = stringValue(file, value) ?? (typeof scalarValue(file, value) === 'boolean' ? String(scalarValue(file, value)) : '');
    result.set(String(key), text);
  }
  return result;
}

function podSpecOf(object: KubernetesObject): PodSpec | undefined {
  if (NEVER_WORKLOADS.has(object.kind)) return undefined;
  const known = POD_TEMPLATE_PATHS[object.kind];
  const candidates = known ? [known] : [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']];
  for (const path of candidates) {
    const found = walk(object, path);
    if (!found) continue;
    // An unknown kind counts only when the shape really is a pod spec.
    if (!known && !getSeq(found.node, 'containers', object.document)) continue;
    return buildPodSpec(object, found.node, found.pair, found.parent);
  }
  return undefined;
}

function walk(object: KubernetesObject, path: readonly string[]): { node: YMap; pair: YamlPair; parent: YMap } | undefined {
  let current: YMap = object.node;
  let pair: YamlPair | undefined;
  let parent: YMap = object.node;
  for (const key of path) {
    pair = findPair(current, key);
    const next = asMap(deref(object.document, pair?.value));
    if (!pair || !next) return undefined;
    parent = current;
    current = next;
  }
  return pair ? { node: current, pair, parent } : undefined;
}

function buildPodSpec(object: KubernetesObject, node: YMap, specPair: YamlPair, parent: YMap): PodSpec {
  const { file, document } = object;
  const templateMetadata = object.kind === 'Pod' ? object.metadata : getMap(parent, 'metadata', document);
  const pod: PodSpec = {
    object,
    node,
    specPair,
    templateMetadata,
    podAnnotations: object.kind === 'Pod' ? object.annotations : stringMap(file, document, getMap(templateMetadata, 'annotations', document)),
    securityContext: getMap(node, 'securityContext', document),
    containers: [],
    windows: stringValue(file, getNode(getMap(node, 'os', document), 'name', document))?.toLowerCase() === 'windows',
    userNamespace: booleanValue(file, getNode(node, 'hostUsers', document)) === false,
  };
  // An aliased container (`- *app`) is the same node as its anchor: report it once, at the anchor.
  const seen = new Set<YMap>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    seqItems(document, getSeq(node, list, document)).forEach((item, index) => {
      const map = asMap(item);
      if (!map || seen.has(map)) return;
      seen.add(map);
      const imageNode = getNode(map, 'image', document) ?? undefined;
      pod.containers.push({
        pod,
        list,
        index,
        node: map,
        name: stringValue(file, getNode(map, 'name', document)),
        image: stringValue(file, imageNode),
        imageNode,
        securityContext: getMap(map, 'securityContext', document),
        sidecar: list === 'initContainers' && stringValue(file, getNode(map, 'restartPolicy', document)) === 'Always',
      });
    });
  }
  return pod;
}

// ---------------------------------------------------------------------------------------------
// Queries rules share.

/** Every pod spec of the model, in file order. */
export function podSpecs(model: KubernetesModel): PodSpec[] {
  return memoize(model, 'podSpecs', () => model.objects.flatMap((o) => (o.podSpec ? [o.podSpec] : [])));
}

/** Every container of every pod spec (init, regular, ephemeral). */
export function allContainers(model: KubernetesModel): Container[] {
  return memoize(model, 'allContainers', () => podSpecs(model).flatMap((p) => p.containers));
}

export function objectsOfKind(model: KubernetesModel, ...kinds: string[]): KubernetesObject[] {
  return model.objects.filter((o) => kinds.includes(o.kind));
}

/** Long-running containers: regular containers and native sidecars (not init or ephemeral). */
export function isLongRunning(container: Container): boolean {
  return container.list === 'containers' || container.sidecar;
}

/** How a container is named in messages: `container "app"`, `init container "setup"`. */
export function describeContainer(container: Container): string {
  const label = container.list === 'initContainers' ? 'init container' : container.list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return container.name ? `${label} "${container.name}"` : `${label} #${container.index + 1}`;
}

/** Where a finding about a container as a whole (or a field missing from it) goes: its `name` pair. */
export function containerAnchor(container: Container): Span {
  const namePair = findPair(container.node, 'name');
  if (namePair) return pairSpan(container.pod.object.file, namePair);
  const first = container.node.items[0] as YamlPair | undefined;
  return first ? pairSpan(container.pod.object.file, first) : nodeSpan(container.node);
}

/** Where a finding about a pod-level field that is missing goes: the `spec:` key of the pod spec. */
export function podAnchor(pod: PodSpec): Span {
  return keySpan(pod.specPair);
}

/** The `kind: X` pair of an object. */
export function objectAnchor(object: KubernetesObject): Span {
  return pairSpan(object.file, object.kindPair);
}

/** The object named for messages: `Deployment "web"`. */
export function describeObject(object: KubernetesObject): string {
  return object.name ? `${object.kind} "${object.name}"` : object.kind;
}

export interface FieldAt {
  /** The value node (null when the key is present with no value). */
  node: YamlNode | null;
  pair: YamlPair;
  level: 'pod' | 'container';
}

/** `container.securityContext.<path>`, present or undefined. */
export function containerField(container: Container, path: readonly string[]): FieldAt | undefined {
  return fieldIn(container.pod.object.document, container.securityContext, path, 'container');
}

/** `spec.securityContext.<path>` of the pod, present or undefined. */
export function podField(pod: PodSpec, path: readonly string[]): FieldAt | undefined {
  return fieldIn(pod.object.document, pod.securityContext, path, 'pod');
}

/**
 * The value that applies to a container for a field that exists at both levels (`runAsNonRoot`,
 * `runAsUser`, `runAsGroup`, `seccompProfile`, `seLinuxOptions`, `appArmorProfile`,
 * `windowsOptions`): the container's when set, else the pod's.
 */
export function effectiveField(container: Container, path: readonly string[]): FieldAt | undefined {
  return containerField(container, path) ?? podField(container.pod, path);
}

function fieldIn(document: YamlDocument, map: YMap | undefined, path: readonly string[], level: FieldAt['level']): FieldAt | undefined {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const pair = findPair(current, path[i]);
    if (!pair) return undefined;
    if (i === path.length - 1) return { node: pair.value === null ? null : (deref(document, pair.value) ?? null), pair, level };
    current = asMap(deref(document, pair.value));
    if (!current) return undefined;
  }
  return undefined;
}

export function fieldBoolean(file: YamlFile, field: FieldAt | undefined): boolean | undefined {
  return field ? booleanValue(file, field.node) : undefined;
}

export function fieldNumber(file: YamlFile, field: FieldAt | undefined): number | undefined {
  return field ? numberValue(file, field.node) : undefined;
}

export function fieldString(file: YamlFile, field: FieldAt | undefined): string | undefined {
  return field ? stringValue(file, field.node) : undefined;
}

/** The span of a present field: `key: value` for scalars, the key for collections. */
export function fieldSpan(file: YamlFile, field: FieldAt): Span {
  return pairSpan(file, field.pair);
}

/** Capability names normalised the way the runtime does: upper case, without `CAP_`. */
export function normaliseCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

export interface CapabilityEntry {
  name: string;
  node: YamlNode;
}

/** `securityContext.capabilities.add` / `.drop` of a container, normalised. */
export function capabilities(container: Container, which: 'add' | 'drop'): { seq?: YAMLSeq<ParsedNode>; pair?: YamlPair; entries: CapabilityEntry[] } {
  const field = containerField(container, ['capabilities', which]);
  const document = container.pod.object.document;
  const file = container.pod.object.file;
  if (!field) return { entries: [] };
  const seq = asSeq(field.node);
  const entries: CapabilityEntry[] = [];
  for (const item of seqItems(document, seq)) {
    const name = stringValue(file, item);
    if (name !== undefined) entries.push({ name: normaliseCapability(name), node: item });
  }
  return { seq, pair: field.pair, entries };
}

/** Volumes of a pod spec with their source type (`hostPath`, `emptyDir`, …). */
export interface Volume {
  name?: string;
  node: YMap;
  /** The volume source key (`hostPath`), or undefined when none is recognisable. */
  sourcePair?: YamlPair;
  source?: string;
}

const NON_SOURCE_VOLUME_KEYS = new Set(['name']);

export function volumes(pod: PodSpec): Volume[] {
  return memoize(pod, 'volumes', () => {
    const { file, document } = pod.object;
    const result: Volume[] = [];
    for (const item of seqItems(document, getSeq(pod.node, 'volumes', document))) {
      const map = asMap(item);
      if (!map) continue;
      const sourcePair = (map.items as YamlPair[]).find((p) => {
        const key = scalarValue(file, p.key);
        return typeof key === 'string' && !NON_SOURCE_VOLUME_KEYS.has(key);
      });
      result.push({ name: stringValue(file, getNode(map, 'name', document)), node: map, sourcePair, source: sourcePair ? String(scalarValue(file, sourcePair.key)) : undefined });
    }
    return result;
  });
}

export interface VolumeMount {
  container: Container;
  node: YMap;
  name?: string;
  mountPath?: string;
  readOnly: boolean;
}

export function volumeMounts(container: Container): VolumeMount[] {
  const { file, document } = container.pod.object;
  return seqItems(document, getSeq(container.node, 'volumeMounts', document)).flatMap((item) => {
    const map = asMap(item);
    if (!map) return [];
    return [{
      container,
      node: map,
      name: stringValue(file, getNode(map, 'name', document)),
      mountPath: stringValue(file, getNode(map, 'mountPath', document)),
      readOnly: booleanValue(file, getNode(map, 'readOnly', document)) === true,
    }];
  });
}

/** The seccomp profile type that applies to a container, from fields or the pre-1.19 annotations. */
export interface SeccompSetting {
  type?: string;
  /** Where it was set (for the finding's range). */
  span?: Span;
  level?: 'pod' | 'container';
  fromAnnotation?: boolean;
}

export function effectiveSeccomp(container: Container): SeccompSetting {
  const { file } = container.pod.object;
  const own = containerField(container, ['seccompProfile', 'type']);
  if (own) return { type: fieldString(file, own), span: fieldSpan(file, own), level: 'container' };
  const annotations = container.pod.podAnnotations;
  const containerAnnotation = container.name ? annotations.get(`container.seccomp.security.alpha.kubernetes.io/${container.name}`) : undefined;
  if (containerAnnotation !== undefined) return { type: seccompAnnotationType(containerAnnotation), level: 'container', fromAnnotation: true };
  const pod = podField(container.pod, ['seccompProfile', 'type']);
  if (pod) return { type: fieldString(file, pod), span: fieldSpan(file, pod), level: 'pod' };
  const podAnnotation = annotations.get('seccomp.security.alpha.kubernetes.io/pod');
  if (podAnnotation !== undefined) return { type: seccompAnnotationType(podAnnotation), level: 'pod', fromAnnotation: true };
  return {};
}

function seccompAnnotationType(value: string): string {
  if (value === 'runtime/default' || value === 'docker/default') return 'RuntimeDefault';
  if (value === 'unconfined') return 'Unconfined';
  if (value.startsWith('localhost/')) return 'Localhost';
  return value;
}

const SELECTOR_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * Whether a label selector (`matchLabels` + `matchExpressions`) of `object` selects `labels`, as
 * the API server evaluates it; undefined when the selector cannot be read (template actions, an
 * unknown operator). An empty selector selects everything.
 */
export function selectorMatches(object: KubernetesObject, selector: YMap | undefined, labels: ReadonlyMap<string, string>): boolean | undefined {
  if (!selector) return undefined;
  const { file, document } = object;
  const matchLabels = getMap(selector, 'matchLabels', document);
  for (const pair of (matchLabels?.items ?? []) as YamlPair[]) {
    const key = scalarValue(file, pair.key);
    const value = stringValue(file, deref(document, pair.value));
    if (key === undefined || key === null || value === undefined) return undefined;
    if (labels.get(String(key)) !== value) return false;
  }
  for (const item of seqItems(document, getSeq(selector, 'matchExpressions', document))) {
    const expression = asMap(item);
    const key = stringValue(file, getNode(expression, 'key', document));
    const operator = stringValue(file, getNode(expression, 'operator', document));
    const values = seqItems(document, getSeq(expression, 'values', document)).map((v) => stringValue(file, v));
    if (key === undefined || operator === undefined || !SELECTOR_OPERATORS.has(operator) || values.includes(undefined)) return undefined;
    const has = labels.has(key);
    const value = labels.get(key);
    if (operator === 'In' && !(has && values.includes(value))) return false;
    if (operator === 'NotIn' && has && values.includes(value)) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** A present key of the container map (e.g. `resources`), for anchoring findings. */
export function containerPair(container: Container, key: string): YamlPair | undefined {
  return findPair(container.node, key);
}

export { findPair, getMap, getNode, getSeq, seqItems, stringValue, booleanValue, numberValue, scalarValue, asMap, deref, keySpan, pairSpan, nodeSpan };
export type { YamlFile, YamlNode, YamlPair, YamlDocument };
