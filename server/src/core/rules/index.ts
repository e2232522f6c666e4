import type { Rule } from '../rule';
import { dockerfileRules } from './dockerfile';
import { kubernetesRules } from './kubernetes';
import { composeRules } from './compose';
import { imageRules } from './image';
import { modelRules } from './model';

/** Every rule Drydock knows, in a stable order. */
export const allRules: readonly Rule[] = [...dockerfileRules, ...kubernetesRules, ...composeRules, ...imageRules, ...modelRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
