/**
 * Queries the workload rules share (host access, resources, images, probes, env), so that each
 * rule module holds only its metadata, fixtures and the judgement that makes it that rule.
 */
import type { OffsetFix } from '../../../rule';
import { parseImageReference, type ImageReference } from '../../../documents/imageReference';
import { isTemplated } from '../../../documents/yaml';
import type { YamlValue } from '../../../documents/yamlEdit';
import {
  allContainers,
  asMap,
  booleanValue,
  containerAnchor,
  deref,
  describeContainer,
  findPair,
  getMap,
  getNode,
  getSeq,
  keySpan,
  nodeSpan,
  numberValue,
  pairSpan,
  scalarValue,
  seqItems,
  setContainerFieldFix,
  stringValue,
  volumeMounts,
  type Container,
  type KubernetesModel,
  type PodSpec,
  type Span,
  type VolumeMount,
  type YamlNode,
  type YamlPair,
  type YMap,
} from '../helpers';

// ---------------------------------------------------------------------------------------------
// Host namespaces and host paths.

/** A pod-level boolean (`hostNetwork`, `hostPID`, `hostIPC`) that is `true`. */
export function podFlagTrue(pod: PodSpec, field: string): YamlPair | undefined {
  const { file, document } = pod.object;
  const pair = findPair(pod.node, field);
  return pair && booleanValue(file, deref(document, pair.value)) === true ? pair : undefined;
}


export interface HostPathVolume {
  pod: PodSpec;
  node: YMap;
  name?: string;
  hostPathPair: YamlPair;
  pathPair?: YamlPair;
  /** The host path, normalised (`/var/run/`, `//etc` → `/var/run`, `/etc`); undefined when unknown. */
  path?: string;
  /** As written. */
  rawPath?: string;
}

/** `spec.volumes[*].hostPath` of a pod. A templated value counts: the key alone makes it a hostPath volume. */
export function hostPathVolumes(pod: PodSpec): HostPathVolume[] {
  const { file, document } = pod.object;
  const result: HostPathVolume[] = [];
  for (const item of seqItems(document, getSeq(pod.node, 'volumes', document))) {
    const volume = asMap(item);
    const hostPathPair = findPair(volume, 'hostPath');
    if (!volume || !hostPathPair) continue;
    const value = deref(document, hostPathPair.value);
    const source = asMap(value);
    if (!source && !isTemplated(file, value)) continue;
    const pathPair = findPair(source, 'path');
    const rawPath = stringValue(file, deref(document, pathPair?.value));
    result.push({
      pod,
      node: volume,
      name: stringValue(file, getNode(volume, 'name', document)),
      hostPathPair,
      pathPair,
      path: rawPath === undefined ? undefined : normaliseHostPath(rawPath),
      rawPath,
    });
  }
  return result;
}

/** `/var//run/./x/` → `/var/run/x`; `..` is resolved the way the kernel would. */
export function normaliseHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.trim().split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Where a finding about a host path goes: its `path:` pair, else the `hostPath` key. */
export function hostPathSpan(volume: HostPathVolume): Span {
  const file = volume.pod.object.file;
  return volume.pathPair ? pairSpan(file, volume.pathPair) : keySpan(volume.hostPathPair);
}

/** Every container mount of a pod volume (all container lists). */
export function mountsOfVolume(pod: PodSpec, name: string | undefined): VolumeMount[] {
  if (name === undefined) return [];
  return pod.containers.flatMap((c) => volumeMounts(c).filter((m) => m.name === name));
}

const RUNTIME_SOCKETS = new Set(['docker.sock', 'containerd.sock', 'crio.sock', 'podman.sock', 'cri-dockerd.sock', 'dockershim.sock', 'cri-containerd.sock']);
/** Directories that hold a runtime socket: mounting them exposes the socket just the same. */
const RUNTIME_SOCKET_DIRS = new Set([
  '/run',
  '/var/run',
  '/run/docker',
  '/var/run/docker',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
  '/run/podman',
  '/var/run/podman',
  '/run/cri-dockerd',
  '/var/run/cri-dockerd',
  '/run/k3s/containerd',
]);

/** A host path that is, or contains, a container runtime's API socket. */
export function isRuntimeSocketPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return RUNTIME_SOCKETS.has(base) || RUNTIME_SOCKET_DIRS.has(path);
}

// ---------------------------------------------------------------------------------------------
// Resources.

export type ResourceSection = 'limits' | 'requests';

export type ResourceQuantity =
  | { state: 'set'; value: YamlValue }
  /** Absent (or zero): `span` is the nearest existing parent, or the zero value itself. */
  | { state: 'missing'; span: Span; absent: boolean; zero: boolean }
  /** Templated or of an unexpected shape: nothing can be said. */
  | { state: 'unknown' };

/** `resources.<section>.<resource>` of a container. */
export function resourceQuantity(container: Container, section: ResourceSection, resource: string): ResourceQuantity {
  const { file, document } = container.pod.object;
  const resourcesPair = findPair(container.node, 'resources');
  if (!resourcesPair) return { state: 'missing', span: containerAnchor(container), absent: true, zero: false };
  const sectionPair = childPair(resourcesPair);
  if (sectionPair === 'unknown') return { state: 'unknown' };
  const sectionOf = sectionPair === 'empty' ? undefined : findPair(sectionPair, section);
  if (!sectionOf) return { state: 'missing', span: keySpan(resourcesPair), absent: true, zero: false };
  const quantities = childPair(sectionOf);
  if (quantities === 'unknown') return { state: 'unknown' };
  const quantityPair = quantities === 'empty' ? undefined : findPair(quantities, resource);
  if (!quantityPair) return { state: 'missing', span: keySpan(sectionOf), absent: true, zero: false };
  const node = deref(document, quantityPair.value);
  if (!node || (scalarValue(file, node) === null && !isTemplated(file, node))) return { state: 'missing', span: keySpan(quantityPair), absent: true, zero: false };
  const value = scalarValue(file, node);
  if (value === 0 || (typeof value === 'string' && /^\s*0+(\.0*)?\s*$/.test(value))) {
    return { state: 'missing', span: pairSpan(file, quantityPair), absent: false, zero: true };
  }
  if (typeof value === 'string' || typeof value === 'number') return { state: 'set', value };
  return { state: 'unknown' };

  /** The mapping under `pair`; `empty` for `key:` / `key: null` / `key: {}`; `unknown` for anything else. */
  function childPair(pair: YamlPair): YMap | 'empty' | 'unknown' {
    if (pair.value === null) return 'empty';
    const value = deref(document, pair.value);
    const map = asMap(value);
    if (map) return map.items.length === 0 ? 'empty' : map;
    if (!value || (scalarValue(file, value) === null && !isTemplated(file, value))) return 'empty';
    return 'unknown';
  }
}

/** Containers that take resource settings: regular and init containers (ephemeral ones cannot have any). */
export function resourcedContainers(model: KubernetesModel): Container[] {
  return allContainers(model).filter((c) => c.list !== 'ephemeralContainers');
}

export interface ResourceCheck {
  section: ResourceSection;
  resource: 'cpu' | 'memory' | 'ephemeral-storage';
  /** Value the fix writes when the other section gives none. */
  fallback: string;
  /** `memory limit`. */
  label: string;
}

/**
 * A missing limit or request, with a fix that writes a valid starting value: the other section's
 * value when it has one (a limit below the request would be rejected), else `fallback`.
 * A request with a limit of the same resource is not missing: the API server copies the limit.
 */
export function missingResources(model: KubernetesModel, check: ResourceCheck): { container: Container; span: Span; absent: boolean; message: string; fix: OffsetFix }[] {
  const result: { container: Container; span: Span; absent: boolean; message: string; fix: OffsetFix }[] = [];
  const other: ResourceSection = check.section === 'limits' ? 'requests' : 'limits';
  const path = `resources.${check.section}.${check.resource}`;
  for (const container of resourcedContainers(model)) {
    const quantity = resourceQuantity(container, check.section, check.resource);
    if (quantity.state !== 'missing') continue;
    const counterpart = resourceQuantity(container, other, check.resource);
    if (check.section === 'requests' && counterpart.state !== 'missing') continue;
    const value = counterpart.state === 'set' ? counterpart.value : check.fallback;
    const what = quantity.zero ? `sets ${path} to 0` : `has no ${check.label}`;
    result.push({
      container,
      span: quantity.span,
      absent: quantity.absent,
      message: `${describeContainer(container)} ${what}: set ${path} (for example ${String(value)}, then adjust it to what the workload uses).`,
      fix: setContainerFieldFix(container, ['resources', check.section, check.resource], value, `Set ${path}: ${String(value)} (a starting value to adjust)`),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Images.

export interface ContainerImage {
  container: Container;
  ref: ImageReference;
  span: Span;
}

/** Image references of every container whose image is a literal (not templated, not `$VAR`). */
export function containerImages(model: KubernetesModel): ContainerImage[] {
  const result: ContainerImage[] = [];
  for (const container of allContainers(model)) {
    if (!container.imageNode || container.image === undefined || container.image.trim() === '') continue;
    const ref = parseImageReference(container.image);
    if (!ref || ref.dynamic) continue;
    result.push({ container, ref, span: nodeSpan(container.imageNode) });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Probes and lifecycle handlers.

export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export interface ProbeHandler {
  container: Container;
  /** `livenessProbe.httpGet`, `lifecycle.preStop.tcpSocket`. */
  where: string;
  node: YMap;
}

/** The `httpGet` and `tcpSocket` handlers of a container's probes and lifecycle hooks. */
export function networkHandlers(container: Container): ProbeHandler[] {
  const { document } = container.pod.object;
  const owners: { where: string; node: YMap | undefined }[] = PROBES.map((p) => ({ where: p, node: getMap(container.node, p, document) }));
  const lifecycle = getMap(container.node, 'lifecycle', document);
  for (const hook of ['postStart', 'preStop']) owners.push({ where: `lifecycle.${hook}`, node: getMap(lifecycle, hook, document) });
  const result: ProbeHandler[] = [];
  for (const owner of owners) {
    for (const kind of ['httpGet', 'tcpSocket']) {
      const node = getMap(owner.node, kind, document);
      if (node) result.push({ container, where: `${owner.where}.${kind}`, node });
    }
  }
  return result;
}

/** Pods that run to completion: probes make no sense there. */
export function runsToCompletion(pod: PodSpec): boolean {
  if (pod.object.kind === 'Job' || pod.object.kind === 'CronJob') return true;
  const restart = stringValue(pod.object.file, getNode(pod.node, 'restartPolicy', pod.object.document));
  return restart === 'Never' || restart === 'OnFailure';
}

// ---------------------------------------------------------------------------------------------
// Environment and ports.

export interface EnvEntry {
  container: Container;
  node: YMap;
  name?: string;
  namePair?: YamlPair;
  valuePair?: YamlPair;
  valueNode?: YamlNode;
  valueFrom?: YMap;
}

export function envEntries(container: Container): EnvEntry[] {
  const { file, document } = container.pod.object;
  const result: EnvEntry[] = [];
  for (const item of seqItems(document, getSeq(container.node, 'env', document))) {
    const node = asMap(item);
    if (!node) continue;
    const namePair = findPair(node, 'name');
    const valuePair = findPair(node, 'value');
    result.push({
      container,
      node,
      name: stringValue(file, deref(document, namePair?.value)),
      namePair,
      valuePair,
      valueNode: deref(document, valuePair?.value),
      valueFrom: getMap(node, 'valueFrom', document),
    });
  }
  return result;
}

/** `envFrom` items of a container. */
export function envFromSources(container: Container): YMap[] {
  const { document } = container.pod.object;
  return seqItems(document, getSeq(container.node, 'envFrom', document)).flatMap((item) => asMap(item) ?? []);
}

export interface PortField {
  container: Container;
  port: YMap;
  pair: YamlPair;
  value: number;
}

/** `ports[*].<field>` of a container, where it holds a literal number. */
export function portFields(container: Container, field: 'hostPort' | 'containerPort'): PortField[] {
  const { file, document } = container.pod.object;
  const result: PortField[] = [];
  for (const item of seqItems(document, getSeq(container.node, 'ports', document))) {
    const port = asMap(item);
    const pair = findPair(port, field);
    if (!port || !pair) continue;
    const value = numberValue(file, deref(document, pair.value));
    if (value !== undefined) result.push({ container, port, pair, value });
  }
  return result;
}
