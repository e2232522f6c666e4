import type { Rule } from '../rule';
import { dockerfileRules } from './dockerfile';
import { kubernetesRules } from './kubernetes';
import { composeRules } from './compose';

/** Every rule Drydock knows, in a stable order. */
export const allRules: readonly Rule[] = [...dockerfileRules, ...kubernetesRules, ...composeRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
