/**
 * How the on-device secret scorer grades a literal that a rule reports for its name alone
 * (`DB_PASSWORD: hunter2`): a name says nothing about whether the value is a real credential or
 * `changeme-later`, the scorer does. Shared by the Dockerfile, Kubernetes and compose secret rules,
 * so the three say it the same way. Values reported for a known token format or a private key are
 * certain and are never graded.
 */
import type { Severity } from '../findings';
import { secretKey, type ModelPredictions, type SecretPrediction, type SecretQuery } from '../model/predictions';
import type { SecretContext } from '../model/candidates';

/** For the `what` of the rules that grade: the severity a finding shows depends on it. */
export const SECRET_GRADE_EXPLANATION =
  'When the on-device secret model ran, a value reported for its name alone is graded: an error when the model rates it a real ' +
  'secret, a hint when a placeholder (the message gives the score); a known credential format is certain and not graded.';

export interface SecretGrade {
  /** `error` when the scorer rates the value a real secret, `hint` when a placeholder. */
  severity: Severity;
  /** Appended to the finding's message: `The secret model rates the value a real secret (score 0.97).` */
  sentence: string;
}

/**
 * The grade of the scorer's prediction for `query`, or undefined when the model did not run or did not
 * see this value. The query must be built exactly as core/model/candidates.ts builds the candidate
 * (same context, name and unquoted value as written), or the lookup misses.
 */
export function gradeSecret(predictions: ModelPredictions | undefined, query: SecretQuery): SecretGrade | undefined {
  const scored = predictions?.secret(query);
  if (!scored) return undefined;
  const real = scored.score >= scored.threshold;
  return {
    severity: real ? 'error' : 'hint',
    sentence: `The secret model rates the value ${real ? 'a real secret' : 'a placeholder'} (score ${scored.score.toFixed(2)}).`,
  };
}

/** Secret-scorer predictions for rule fixtures: `[name, value, score]` of one context, keyed as the shells key them. */
export function fixtureSecretScores(context: SecretContext, scores: [name: string, value: string, score: number][], threshold = 0.5): Record<string, SecretPrediction> {
  return Object.fromEntries(scores.map(([name, value, score]) => [secretKey({ value, name, context }), { score, threshold, evidence: [], model: 'secret-scorer fixture' }]));
}
