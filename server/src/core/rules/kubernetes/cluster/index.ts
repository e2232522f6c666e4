import type { KubernetesRule } from '../../../rule';
import { rbacWildcard } from './rbacWildcard';
import { rbacClusterAdminBinding } from './rbacClusterAdminBinding';
import { rbacSecretsAccess } from './rbacSecretsAccess';
import { rbacExecAttach } from './rbacExecAttach';
import { rbacExecAttachBinding } from './rbacExecAttachBinding';
import { rbacEscalateBindImpersonate } from './rbacEscalateBindImpersonate';
import { rbacCreatePods } from './rbacCreatePods';
import { rbacNodesProxy } from './rbacNodesProxy';
import { rbacPrivilegedGroups } from './rbacPrivilegedGroups';
import { defaultServiceAccountBinding } from './defaultServiceAccountBinding';
import { serviceNodePort } from './serviceNodePort';
import { serviceLoadBalancer } from './serviceLoadBalancer';
import { serviceExternalIps } from './serviceExternalIps';
import { ingressWithoutTls } from './ingressWithoutTls';
import { networkPolicyMissing } from './networkPolicyMissing';
import { defaultNamespace } from './defaultNamespace';
import { ingressNginxSnippets } from './ingressNginxSnippets';
import { deprecatedApiVersion } from './deprecatedApiVersion';
import { podSecurityPolicyRemoved } from './podSecurityPolicyRemoved';
import { hostAliases } from './hostAliases';
import { secretInConfigMap } from './secretInConfigMap';

export const clusterRules: KubernetesRule[] = [
  // RBAC
  rbacWildcard,
  rbacClusterAdminBinding,
  rbacSecretsAccess,
  rbacExecAttach,
  rbacExecAttachBinding,
  rbacEscalateBindImpersonate,
  rbacCreatePods,
  rbacNodesProxy,
  rbacPrivilegedGroups,
  defaultServiceAccountBinding,
  // Network exposure
  serviceNodePort,
  serviceLoadBalancer,
  serviceExternalIps,
  ingressWithoutTls,
  networkPolicyMissing,
  defaultNamespace,
  // Other objects
  ingressNginxSnippets,
  deprecatedApiVersion,
  podSecurityPolicyRemoved,
  hostAliases,
  secretInConfigMap,
];
