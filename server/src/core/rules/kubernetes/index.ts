import type { KubernetesRule } from '../../rule';
import { podSecurityRules } from './podSecurity';
import { workloadRules } from './workload';
import { clusterRules } from './cluster';
import { reliabilityRules } from './reliability';

export const kubernetesRules: readonly KubernetesRule[] = [...podSecurityRules, ...workloadRules, ...clusterRules, ...reliabilityRules];
