import type { KubernetesRule } from '../../rule';
import { podSecurityRules } from './podSecurity';
import { workloadRules } from './workload';
import { clusterRules } from './cluster';

export const kubernetesRules: readonly KubernetesRule[] = [...podSecurityRules, ...workloadRules, ...clusterRules];
