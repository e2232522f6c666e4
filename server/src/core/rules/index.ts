import type { Rule } from '../rule';
import { dockerfileRules } from './dockerfile';

/** Every rule Drydock knows, in a stable order. */
export const allRules: readonly Rule[] = [...dockerfileRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
