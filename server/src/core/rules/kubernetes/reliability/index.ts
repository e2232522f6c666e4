import type { KubernetesRule } from '../../../rule';
import { deploymentMissingReplicas } from './deploymentMissingReplicas';
import { priorityClassNotSet } from './priorityClassNotSet';
import { topologySpreadMissing } from './topologySpreadMissing';
import { podDisruptionBudgetMissing } from './podDisruptionBudgetMissing';
import { pdbAllowsNoDisruption } from './pdbAllowsNoDisruption';
import { pdbMinAvailableAboveHpa } from './pdbMinAvailableAboveHpa';
import { hpaMaxReplicasLow } from './hpaMaxReplicasLow';
import { hpaMinReplicasLow } from './hpaMinReplicasLow';

/** Availability rules (replicas, disruption budgets, autoscalers, scheduling): off by default, on with `strict`. */
export const reliabilityRules: KubernetesRule[] = [
  deploymentMissingReplicas,
  priorityClassNotSet,
  topologySpreadMissing,
  podDisruptionBudgetMissing,
  pdbAllowsNoDisruption,
  pdbMinAvailableAboveHpa,
  hpaMaxReplicasLow,
  hpaMinReplicasLow,
];
