/**
 * RBAC objects of one manifest file, read the way the API server authorises: Roles and
 * ClusterRoles with their policy rules (apiGroups, resources incl. `pods/exec`-style
 * subresources, verbs, resourceNames, nonResourceURLs, aggregationRule), and RoleBindings and
 * ClusterRoleBindings with their roleRef and subjects, a binding resolved to the role defined in
 * the same file (aggregated ClusterRoles included).
 *
 * Matching follows kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go: `*` matches every group,
 * resource or verb; a star followed by `/exec` matches the `exec` subresource of every resource;
 * `pods/` followed by a star is NOT a wildcard (the API server compares it literally, so it grants
 * nothing).
 */
import { memoize } from '../../../memo';
import {
  asMap, describeObject, findPair, getMap, getNode, getSeq, nodeSpan, pairSpan, selectorMatches, seqItems, stringValue,
  type KubernetesModel, type KubernetesObject, type Span, type YamlNode, type YamlPair, type YMap,
} from '../helpers';

export interface RbacItem {
  value: string;
  node: YamlNode;
}

export interface RbacList {
  pair?: YamlPair;
  items: RbacItem[];
  /** Some entry could not be read (a template action, a non-string), so the list is not fully known. */
  unknown: boolean;
}

export interface PolicyRule {
  role: RbacRole;
  node: YMap;
  /** 0-based position in `rules`. */
  index: number;
  apiGroups: RbacList;
  resources: RbacList;
  verbs: RbacList;
  resourceNames: RbacList;
  nonResourceURLs: RbacList;
}

export interface RbacRole {
  object: KubernetesObject;
  kind: 'Role' | 'ClusterRole';
  name?: string;
  namespace?: string;
  rules: PolicyRule[];
  /** `aggregationRule.clusterRoleSelectors`: the controller replaces `rules` with those of the matching ClusterRoles. */
  aggregationSelectors?: YMap[];
}

export interface Subject {
  node: YMap;
  kind?: string;
  name?: string;
  namespace?: string;
  /** The `name:` pair of the subject (or the subject itself). */
  span: Span;
}

export interface RbacBinding {
  object: KubernetesObject;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name?: string;
  namespace?: string;
  roleRefKind?: string;
  roleRefName?: string;
  /** The `roleRef.name` pair, else `roleRef`, else `kind:`: where binding findings go. */
  roleRefSpan: Span;
  subjects: Subject[];
}

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);

function rbacList(object: KubernetesObject, map: YMap, key: string): RbacList {
  const { file, document } = object;
  const pair = findPair(map, key);
  if (!pair) return { items: [], unknown: false };
  const node = getNode(map, key, document);
  if (node === null) return { pair, items: [], unknown: false };
  const seq = getSeq(map, key, document);
  if (!seq) return { pair, items: [], unknown: true };
  const items: RbacItem[] = [];
  let unknown = false;
  for (const item of seqItems(document, seq)) {
    const value = stringValue(file, item);
    if (value === undefined) unknown = true;
    else items.push({ value, node: item });
  }
  return { pair, items, unknown };
}

export function rbacRoles(model: KubernetesModel): RbacRole[] {
  return memoize(model, 'rbacRoles', () =>
    model.objects.filter((o) => ROLE_KINDS.has(o.kind) && isRbacApi(o)).map((object) => {
      const { document } = object;
      const role: RbacRole = { object, kind: object.kind as RbacRole['kind'], name: object.name, namespace: object.namespace, rules: [] };
      seqItems(document, getSeq(object.node, 'rules', document)).forEach((item, index) => {
        const node = asMap(item);
        if (!node) return;
        role.rules.push({
          role,
          node,
          index,
          apiGroups: rbacList(object, node, 'apiGroups'),
          resources: rbacList(object, node, 'resources'),
          verbs: rbacList(object, node, 'verbs'),
          resourceNames: rbacList(object, node, 'resourceNames'),
          nonResourceURLs: rbacList(object, node, 'nonResourceURLs'),
        });
      });
      const aggregation = getMap(object.node, 'aggregationRule', document);
      if (role.kind === 'ClusterRole' && aggregation) {
        role.aggregationSelectors = seqItems(document, getSeq(aggregation, 'clusterRoleSelectors', document)).flatMap((s) => asMap(s) ?? []);
      }
      return role;
    }),
  );
}

export function rbacBindings(model: KubernetesModel): RbacBinding[] {
  return memoize(model, 'rbacBindings', () =>
    model.objects.filter((o) => BINDING_KINDS.has(o.kind) && isRbacApi(o)).map((object) => {
      const { file, document } = object;
      const roleRefPair = findPair(object.node, 'roleRef');
      const roleRef = asMap(getNode(object.node, 'roleRef', document));
      const namePair = findPair(roleRef, 'name');
      const subjects: Subject[] = seqItems(document, getSeq(object.node, 'subjects', document)).flatMap((item) => {
        const node = asMap(item);
        if (!node) return [];
        const subjectName = findPair(node, 'name');
        return [{
          node,
          kind: stringValue(file, getNode(node, 'kind', document)),
          name: stringValue(file, getNode(node, 'name', document)),
          namespace: stringValue(file, getNode(node, 'namespace', document)),
          span: subjectName ? pairSpan(file, subjectName) : nodeSpan(node),
        }];
      });
      return {
        object,
        kind: object.kind as RbacBinding['kind'],
        name: object.name,
        namespace: object.namespace,
        roleRefKind: stringValue(file, getNode(roleRef, 'kind', document)),
        roleRefName: stringValue(file, getNode(roleRef, 'name', document)),
        roleRefSpan: namePair ? pairSpan(file, namePair) : roleRefPair ? pairSpan(file, roleRefPair) : pairSpan(file, object.kindPair),
        subjects,
      };
    }),
  );
}

/** `rbac.authorization.k8s.io/…` (or a version-less apiVersion): not some CRD that happens to be called Role. */
function isRbacApi(object: KubernetesObject): boolean {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.split('/')[0] : '';
  return group === 'rbac.authorization.k8s.io' || group === '';
}

// ---------------------------------------------------------------------------------------------
// Names Kubernetes and cloud providers manage themselves.

/** Objects the platform creates and reconciles (`system:…`, GKE's `gce:podsecuritypolicy:…`): not the author's to change. */
export function isPlatformName(name: string | undefined): boolean {
  return name !== undefined && (name.startsWith('system:') || name.startsWith('gce:podsecuritypolicy:'));
}

/** Bindings every cluster has by default (bootstrap policy), by name. */
export function isDefaultBinding(binding: RbacBinding): boolean {
  if (isPlatformName(binding.name)) return true;
  return binding.kind === 'ClusterRoleBinding' && binding.name === 'cluster-admin';
}

/** Built-in user-facing ClusterRoles (bootstrap policy) that grant exec/attach by design. */
export const BUILT_IN_ADMIN_ROLES = new Set(['cluster-admin', 'admin', 'edit']);

// ---------------------------------------------------------------------------------------------
// Resolution.

export interface ResolvedRole {
  /** The role the binding names, when it is defined in this file. */
  role: RbacRole;
  /** Its effective rules: its own, or, for an aggregated ClusterRole, those of the ClusterRoles it selects in this file. */
  rules: PolicyRule[];
}

/** The role a binding grants, when the file defines it. A RoleBinding's Role must be in the binding's namespace. */
export function resolveRole(model: KubernetesModel, binding: RbacBinding): ResolvedRole | undefined {
  if (!binding.roleRefName || (binding.roleRefKind !== 'Role' && binding.roleRefKind !== 'ClusterRole')) return undefined;
  if (binding.roleRefKind === 'Role' && binding.kind === 'ClusterRoleBinding') return undefined;
  const role = rbacRoles(model).find(
    (r) =>
      r.kind === binding.roleRefKind &&
      r.name === binding.roleRefName &&
      (r.kind === 'ClusterRole' || r.namespace === undefined || binding.namespace === undefined || r.namespace === binding.namespace),
  );
  if (!role) return undefined;
  return { role, rules: effectiveRules(model, role) };
}

export function effectiveRules(model: KubernetesModel, role: RbacRole): PolicyRule[] {
  if (!role.aggregationSelectors) return role.rules;
  const sources = rbacRoles(model).filter(
    (other) => other !== role && other.kind === 'ClusterRole' && role.aggregationSelectors!.some((selector) => selectorMatches(role.object, selector, other.object.labels)),
  );
  return [...role.rules, ...sources.flatMap((s) => s.rules)];
}

export { selectorMatches };

// ---------------------------------------------------------------------------------------------
// What a policy rule allows.

function find(list: RbacList, accepts: (value: string) => boolean): RbacItem | undefined {
  return list.items.find((item) => accepts(item.value));
}

/** The `apiGroups` item that covers `group` (`""` is the core group). */
export function groupItem(rule: PolicyRule, groups: readonly string[]): RbacItem | undefined {
  return find(rule.apiGroups, (g) => g === '*' || groups.includes(g));
}

/**
 * The `resources` item that covers `resource` (`pods` or `pods/exec`), exact matches first so
 * the finding points at the most specific entry.
 */
export function resourceItem(rule: PolicyRule, resource: string): RbacItem | undefined {
  const slash = resource.indexOf('/');
  const subresource = slash >= 0 ? resource.slice(slash + 1) : undefined;
  return (
    find(rule.resources, (r) => r === resource) ??
    (subresource ? find(rule.resources, (r) => r === `*/${subresource}`) : undefined) ??
    find(rule.resources, (r) => r === '*')
  );
}

/** The `verbs` item that allows one of `verbs`, exact matches first. */
export function verbItem(rule: PolicyRule, verbs: readonly string[]): RbacItem | undefined {
  return find(rule.verbs, (v) => verbs.includes(v)) ?? find(rule.verbs, (v) => v === '*');
}

export interface Grant {
  rule: PolicyRule;
  resource: RbacItem;
  verb: RbacItem;
  /** The resource asked about (`pods/exec`). */
  requested: string;
}

/** Whether `rule` allows one of `verbs` on one of `resources` in one of `groups`. */
export function grantOf(rule: PolicyRule, groups: readonly string[], resources: readonly string[], verbs: readonly string[]): Grant | undefined {
  if (!groupItem(rule, groups)) return undefined;
  const verb = verbItem(rule, verbs);
  if (!verb) return undefined;
  for (const requested of resources) {
    const resource = resourceItem(rule, requested);
    if (resource) return { rule, resource, verb, requested };
  }
  return undefined;
}

/** `rule` is limited to named objects (`resourceNames`). */
export function restrictedToNames(rule: PolicyRule): boolean {
  return rule.resourceNames.items.length > 0 || rule.resourceNames.unknown;
}

const ALL_STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * Every verb on every resource of every API group: `*` in all three lists, or the seven standard
 * verbs spelled out (as polaris counts them).
 */
export function isSuperUserRule(rule: PolicyRule): boolean {
  if (!find(rule.apiGroups, (g) => g === '*') || !find(rule.resources, (r) => r === '*')) return false;
  if (find(rule.verbs, (v) => v === '*')) return true;
  const verbs = new Set(rule.verbs.items.map((v) => v.value));
  return ALL_STANDARD_VERBS.every((v) => verbs.has(v));
}

// ---------------------------------------------------------------------------------------------
// Messages.

/** `ClusterRole "reader" rule #2` */
export function describeRule(rule: PolicyRule): string {
  return `${describeObject(rule.role.object)} rule #${rule.index + 1}`;
}

/** `User "jane"`, `ServiceAccount "ci" (namespace "build")`, or `its subjects`. */
export function describeSubjects(binding: RbacBinding): string {
  const named = binding.subjects.filter((s) => s.name !== undefined);
  if (named.length === 0) return 'its subjects';
  const shown = named.slice(0, 2).map((s) => `${s.kind ?? 'subject'} "${s.name}"${s.namespace ? ` (namespace "${s.namespace}")` : ''}`);
  const more = named.length > 2 ? ` and ${named.length - 2} more` : '';
  return `${shown.join(' and ')}${more}`;
}

/** Where a binding's grant applies: `cluster-wide` or `in namespace "x"`. */
export function bindingScope(binding: RbacBinding): string {
  if (binding.kind === 'ClusterRoleBinding') return 'cluster-wide';
  return binding.namespace ? `in namespace "${binding.namespace}"` : 'in its namespace';
}

/** Where a role's grants apply once bound. */
export function roleScope(role: RbacRole): string {
  if (role.kind === 'ClusterRole') return 'in every namespace (when bound by a ClusterRoleBinding)';
  return role.namespace ? `in namespace "${role.namespace}"` : 'in its namespace';
}
