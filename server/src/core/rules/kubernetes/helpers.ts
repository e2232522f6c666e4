/**
 * Queries and fixes many Kubernetes rules share, so that each rule module holds only its own logic.
 * Fixes are minimal YAML edits (documents/yamlEdit.ts): they keep comments, order and style.
 */
import type { OffsetFix } from '../../rule';
import type { Container, PodSpec, Span } from '../../documents/kubernetes';
import { containerAnchor, podAnchor } from '../../documents/kubernetes';
import { removePath, setIn, type YamlValue } from '../../documents/yamlEdit';

export * from '../../documents/kubernetes';

/** Fix: set `securityContext.<path>` of a container (creating `securityContext` when absent). */
export function setContainerSecurityFix(container: Container, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  const { file, document } = container.pod.object;
  return { title, edits: setIn(file, document, container.node, ['securityContext', ...path], value), isPreferred: true };
}

/** Fix: set `spec.securityContext.<path>` of a pod spec. */
export function setPodSecurityFix(pod: PodSpec, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  const { file, document } = pod.object;
  return { title, edits: setIn(file, document, pod.node, ['securityContext', ...path], value), isPreferred: true };
}

/** Fix: set a field of the pod spec itself (`automountServiceAccountToken`, `hostNetwork`). */
export function setPodFieldFix(pod: PodSpec, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  const { file, document } = pod.object;
  return { title, edits: setIn(file, document, pod.node, path, value), isPreferred: true };
}

/** Fix: set a field of a container (`resources`, `imagePullPolicy`). */
export function setContainerFieldFix(container: Container, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  const { file, document } = container.pod.object;
  return { title, edits: setIn(file, document, container.node, path, value), isPreferred: true };
}

/** Fix: remove `securityContext.<path>` of a container, and `securityContext` if that empties it. */
export function removeContainerSecurityFix(container: Container, path: readonly string[], title: string): OffsetFix {
  const { file, document } = container.pod.object;
  return { title, edits: removePath(file, document, container.node, ['securityContext', ...path]), isPreferred: true };
}

/** Fix: remove a field of the pod spec (`hostNetwork: true`). */
export function removePodFieldFix(pod: PodSpec, path: readonly string[], title: string): OffsetFix {
  const { file, document } = pod.object;
  return { title, edits: removePath(file, document, pod.node, path), isPreferred: true };
}

/** Where a "missing in this container" finding goes. */
export function missingInContainer(container: Container): Span {
  return containerAnchor(container);
}

/** Where a "missing in this pod" finding goes. */
export function missingInPod(pod: PodSpec): Span {
  return podAnchor(pod);
}

