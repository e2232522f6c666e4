/**
 * Cross-object resolution shared by the reliability rules: which PodDisruptionBudgets select a
 * workload's pods, which HorizontalPodAutoscaler scales it, and how `minAvailable` /
 * `maxUnavailable` scale. Resolution is within one file, with the API's own semantics
 * (label selectors, policy/v1 empty selector = every pod, percentages rounded up as the
 * disruption controller does). Anything that cannot be read (templated values) is "unknown",
 * and unknown never produces a finding.
 */
import {
  asMap, deref, findPair, getMap, getNode, getSeq, keySpan, numberValue, objectAnchor, objectsOfKind, scalarValue, selectorMatches, stringValue,
  type KubernetesModel, type KubernetesObject, type PodSpec, type Span, type YamlPair,
} from '../helpers';

/** Kinds whose pods come and go as replicas: the ones a PDB protects and an HPA scales. */
const NOT_REPLICATED = new Set(['Pod', 'Job', 'CronJob', 'DaemonSet', 'PodTemplate']);

/** A workload that runs a replicated set of pods (Deployment, StatefulSet, ReplicaSet, Argo Rollout…). */
export function isReplicated(object: KubernetesObject): boolean {
  return object.podSpec !== undefined && !NOT_REPLICATED.has(object.kind);
}

/**
 * Both objects can live in the same namespace. An unset namespace is usually filled in for the
 * whole file by `kubectl -n`, Helm or Kustomize, so it is compatible with any other.
 */
export function sameNamespace(a: KubernetesObject, b: KubernetesObject): boolean {
  return a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace;
}

/** The top-level `spec:` pair of an object. */
export function specPairOf(object: KubernetesObject): YamlPair | undefined {
  return findPair(object.node, 'spec');
}

export function specOf(object: KubernetesObject) {
  return getMap(object.node, 'spec', object.document);
}

/** Where a finding about a field missing from an object's spec goes: `spec:`, else `kind:`. */
export function specAnchor(object: KubernetesObject): Span {
  const pair = specPairOf(object);
  return pair ? keySpan(pair) : objectAnchor(object);
}

export interface NumberField {
  pair?: YamlPair;
  /** The value when it is a readable integer. */
  value?: number;
}

/** `spec.<key>` as an integer field: absent (no pair), unreadable (pair, no value) or a number. */
export function specNumber(object: KubernetesObject, key: string): NumberField {
  const pair = findPair(specOf(object), key);
  if (!pair) return {};
  const value = numberValue(object.file, deref(object.document, pair.value));
  return { pair, value: value !== undefined && Number.isInteger(value) ? value : undefined };
}

/**
 * A map-valued field read as label pairs: absent or empty-valued (`labels:`) is no labels, but in
 * a Helm template an empty value is where an `include` was blanked, so it is unknown there, as is
 * any pair whose key or value cannot be read.
 */
function labelMap(object: KubernetesObject, pair: YamlPair | undefined): Map<string, string> | undefined {
  const { file, document } = object;
  const labels = new Map<string, string>();
  if (!pair) return labels;
  const value = deref(document, pair.value);
  const map = asMap(value);
  if (!map) {
    const empty = pair.value === null || scalarValue(file, value) === null;
    return empty && file.templateActions.length === 0 ? labels : undefined;
  }
  for (const item of map.items as YamlPair[]) {
    const key = scalarValue(file, item.key);
    const node = deref(document, item.value);
    const text = stringValue(file, node) ?? (typeof scalarValue(file, node) === 'boolean' ? String(scalarValue(file, node)) : undefined);
    if (key === undefined || key === null || text === undefined) return undefined;
    labels.set(String(key), text);
  }
  return labels;
}

/** Labels of the pods a workload creates; undefined when some label cannot be read. */
export function podLabels(pod: PodSpec): Map<string, string> | undefined {
  return labelMap(pod.object, findPair(pod.templateMetadata, 'labels'));
}

export function describeLabels(labels: ReadonlyMap<string, string>): string {
  return labels.size === 0 ? 'no labels' : [...labels].map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * Whether a PodDisruptionBudget selects pods with these labels. policy/v1 reads an empty selector
 * (`{}`) as every pod of the namespace, policy/v1beta1 as none; no selector selects nothing.
 */
export function pdbSelects(pdb: KubernetesObject, labels: ReadonlyMap<string, string>): boolean | undefined {
  const { file, document } = pdb;
  const pair = findPair(specOf(pdb), 'selector');
  if (!pair) return false;
  const selector = asMap(deref(document, pair.value));
  if (!selector) return file.templateActions.length === 0 ? false : undefined;
  const matchLabels = labelMap(pdb, findPair(selector, 'matchLabels'));
  const expressionsPair = findPair(selector, 'matchExpressions');
  const expressions = getSeq(selector, 'matchExpressions', document);
  if (!matchLabels || (expressionsPair && !expressions && file.templateActions.length > 0)) return undefined;
  if (matchLabels.size === 0 && (expressions?.items.length ?? 0) === 0) return pdb.apiVersion !== 'policy/v1beta1';
  return selectorMatches(pdb, selector, labels);
}

export interface PdbMatch {
  pdb: KubernetesObject;
  /** undefined: the selector or the pod labels could not be read. */
  selects: boolean | undefined;
}

/** Every PodDisruptionBudget of the file that may apply to the workload's pods. */
export function pdbsFor(model: KubernetesModel, workload: KubernetesObject): PdbMatch[] {
  const labels = workload.podSpec ? podLabels(workload.podSpec) : undefined;
  return objectsOfKind(model, 'PodDisruptionBudget')
    .filter((pdb) => sameNamespace(pdb, workload))
    .map((pdb) => ({ pdb, selects: labels ? pdbSelects(pdb, labels) : undefined }));
}

/** Whether an HPA's `scaleTargetRef` names this object (kind and name, same namespace). */
export function hpaTargets(hpa: KubernetesObject, object: KubernetesObject): boolean | undefined {
  const ref = getMap(specOf(hpa), 'scaleTargetRef', hpa.document);
  const kind = stringValue(hpa.file, getNode(ref, 'kind', hpa.document));
  const name = stringValue(hpa.file, getNode(ref, 'name', hpa.document));
  if (!sameNamespace(hpa, object)) return false;
  if (kind === undefined || name === undefined || object.name === undefined) return undefined;
  return kind === object.kind && name === object.name;
}

/** HPAs of the file that scale the object (true) or might (undefined: unreadable target). */
export function hpasFor(model: KubernetesModel, object: KubernetesObject): { hpa: KubernetesObject; targets: boolean | undefined }[] {
  return objectsOfKind(model, 'HorizontalPodAutoscaler')
    .map((hpa) => ({ hpa, targets: hpaTargets(hpa, object) }))
    .filter((m) => m.targets !== false);
}

export interface IntOrPercent {
  value: number;
  percent: boolean;
}

/** An IntOrString budget field: `2` or `"50%"`; undefined for anything else (templates, typos). */
export function intOrPercent(object: KubernetesObject, pair: YamlPair | undefined): IntOrPercent | undefined {
  if (!pair) return undefined;
  const value = scalarValue(object.file, deref(object.document, pair.value));
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { value, percent: false };
  if (typeof value === 'string') {
    const match = /^\s*(\d+)%\s*$/.exec(value);
    if (match) return { value: Number(match[1]), percent: true };
  }
  return undefined;
}

/** The number of pods a budget value stands for, rounded up as the disruption controller does. */
export function scaledValue(budget: IntOrPercent, total: number): number {
  return budget.percent ? Math.ceil((budget.value * total) / 100) : budget.value;
}

export function formatBudget(budget: IntOrPercent): string {
  return budget.percent ? `${budget.value}%` : String(budget.value);
}
