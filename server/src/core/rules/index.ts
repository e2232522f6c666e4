import type { Rule } from '../rule';
import { dockerfileRules } from './dockerfile';
import { kubernetesRules } from './kubernetes';
import { composeRules } from './compose';
import { imageRules } from './image';
import { modelRules } from './model';

/** Every rule Drydock knows, in a stable order. */
export const allRules: readonly Rule[] = [...dockerfileRules, ...kubernetesRules, ...composeRules, ...imageRules, ...modelRules];

const RULES_BY_ID = new Map(allRules.map((rule) => [rule.id, rule]));

/** Asked per diagnostic (code actions rebuild each finding with its rule's metadata), hence a map. */
export function ruleById(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}
