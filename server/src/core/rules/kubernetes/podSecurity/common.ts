/**
 * What the pod-security rules share: how a PSS profile and the target Kubernetes version change
 * what they require, how a field's value is judged (unset vs. set vs. unknown), and where
 * findings about missing settings go.
 */
import { isMap, isScalar, type ParsedNode, type Scalar, type YAMLSeq } from 'yaml';
import { kubernetesMinor, type RuleConfig } from '../../../config';
import type { Container, FieldAt, PodSpec, Span, YamlFile, YamlNode, YamlPair } from '../helpers';
import { booleanValue, capabilities, containerAnchor, containerField, describeContainer, describeObject, findPair, getMap, keySpan, numberValue, podAnchor, stringValue } from '../helpers';

/** A `pss-restricted` profile is active: rules judge as Pod Security admission would at that level. */
export function restrictedProfile(config: RuleConfig): boolean {
  return (config.profiles ?? []).includes('pss-restricted');
}

/** Some PSS profile is active: names are compared exactly, as admission compares them. */
export function pssProfile(config: RuleConfig): boolean {
  const profiles = config.profiles ?? [];
  return profiles.includes('pss-restricted') || profiles.includes('pss-baseline');
}

/** Windows pods are exempt from the Linux-only restricted controls from 1.25 (and the API rejects those fields there). */
export function windowsExempt(pod: PodSpec, config: RuleConfig): boolean {
  return pod.windows && kubernetesMinor(config) >= 25;
}

/** `hostUsers: false` relaxes runAsNonRoot, runAsUser and the baseline procMount control from 1.35. */
export function userNamespaceRelaxed(pod: PodSpec, config: RuleConfig): boolean {
  return pod.userNamespace && kubernetesMinor(config) >= 35;
}

/** A field as the API server reads it: absent or null is unset; a value we cannot read (a template, a wrong type) is unknown. */
export type Setting<T> = { kind: 'unset' } | { kind: 'set'; value: T } | { kind: 'unknown' };

const UNSET = { kind: 'unset' } as const;
const UNKNOWN = { kind: 'unknown' } as const;

function isNull(field: FieldAt): boolean {
  return field.node === null || (isScalar(field.node) && (field.node as Scalar).value === null);
}

export function booleanSetting(file: YamlFile, field: FieldAt | undefined): Setting<boolean> {
  if (!field || isNull(field)) return UNSET;
  const value = booleanValue(file, field.node);
  return value === undefined ? UNKNOWN : { kind: 'set', value };
}

export function numberSetting(file: YamlFile, field: FieldAt | undefined): Setting<number> {
  if (!field || isNull(field)) return UNSET;
  const value = numberValue(file, field.node);
  return value === undefined ? UNKNOWN : { kind: 'set', value };
}

export function stringSetting(file: YamlFile, field: FieldAt | undefined): Setting<string> {
  if (!field || isNull(field)) return UNSET;
  const value = stringValue(file, field.node);
  return value === undefined ? UNKNOWN : { kind: 'set', value };
}

/** Where a finding about a setting missing from a container goes: its `securityContext` key, else its `name`. */
export function containerSecuritySpan(container: Container): Span {
  const pair = findPair(container.node, 'securityContext');
  return pair ? keySpan(pair) : containerAnchor(container);
}

/** Where a finding about a setting missing from the pod goes: its `securityContext` key, else the pod spec's `spec` key. */
export function podSecuritySpan(pod: PodSpec): Span {
  const pair = findPair(pod.node, 'securityContext');
  return pair ? keySpan(pair) : podAnchor(pod);
}

/** `container "a"`, `containers "a" and "b"`, `init container "x" and container "a"`. */
export function describeContainers(containers: readonly Container[]): string {
  const names = containers.map(describeContainer);
  if (names.length <= 1) return names[0] ?? 'no container';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `Deployment "web"`: the object a pod spec belongs to, for messages. */
export function describePod(pod: PodSpec): string {
  return describeObject(pod.object);
}

/** Annotations of the pod (template) with their pairs, for findings and fixes on annotation values. */
export function podAnnotationPairs(pod: PodSpec): { key: string; value: string | undefined; pair: YamlPair }[] {
  const { file, document } = pod.object;
  const annotations = getMap(pod.templateMetadata, 'annotations', document);
  if (!annotations) return [];
  const result: { key: string; value: string | undefined; pair: YamlPair }[] = [];
  for (const item of annotations.items as YamlPair[]) {
    const key = stringValue(file, item.key);
    if (key === undefined) continue;
    const value = item.value === null || (isScalar(item.value) && (item.value as Scalar).value === null) ? '' : stringValue(file, item.value);
    result.push({ key, value, pair: item });
  }
  return result;
}

/** The 13 capabilities the baseline Pod Security Standard lets a container add (the runtime's default set). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

export interface CapabilityItem {
  /** As written. */
  raw: string;
  /** Upper case without `CAP_`, as the container runtime reads it. */
  name: string;
  node: YamlNode;
}

export interface CapabilityList {
  /** The `add`/`drop` pair when present. */
  pair?: YamlPair;
  /** The list when it is one; absent for a missing or null field. */
  seq?: YAMLSeq<ParsedNode>;
  /** The field holds something that is neither a list nor null (a template, a scalar): nothing can be judged. */
  unknown: boolean;
  items: CapabilityItem[];
}

/** `securityContext.capabilities.add` / `.drop` of a container, raw and normalised. */
export function capabilityList(container: Container, which: 'add' | 'drop'): CapabilityList {
  const file = container.pod.object.file;
  const field = containerField(container, ['capabilities', which]);
  const { seq, pair, entries } = capabilities(container, which);
  const unknown = field !== undefined && !seq && !isNull(field);
  const items = entries.map((entry) => ({ raw: stringValue(file, entry.node) ?? entry.name, name: entry.name, node: entry.node }));
  return { pair, seq, unknown, items };
}

/** A `seccompProfile` / `appArmorProfile` / `seLinuxOptions` block: unset, a map (maybe without `type`), or unreadable. */
export type ProfileSetting = { kind: 'unset' } | { kind: 'unknown' } | { kind: 'set'; type: string; field: FieldAt; typeField?: FieldAt };

/** The profile `key` (`seccompProfile`) of a container or pod security context; a map without `type` reads as type "". */
export function profileSetting(file: YamlFile, profile: FieldAt | undefined, type: FieldAt | undefined): ProfileSetting {
  if (!profile || isNull(profile)) return UNSET;
  if (!isMap(profile.node)) return UNKNOWN;
  const value = stringSetting(file, type);
  if (value.kind === 'unknown') return UNKNOWN;
  return { kind: 'set', type: value.kind === 'set' ? value.value : '', field: profile, typeField: type };
}
