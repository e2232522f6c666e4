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
import { secretParts } from './secretParts';

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

/** What the scorer says about a whole value: its verdict on the value's parts (secretParts). */
export interface SecretVerdict {
  real: boolean;
  /** The highest score of a part the model was asked about; 0 when every part is public. */
  score: number;
  /** Set when the value is public (a documented example, a publishable key): what it is. */
  publicAs?: string;
}

/**
 * The scorer's verdict on a value, or undefined when the model did not run or did not see it. The query
 * must be built exactly as core/model/candidates.ts builds the candidate (same context, name and
 * unquoted value as written), or the lookup misses. A composite value (a URL, a connection string) is
 * real when any credential inside it is; a public value never is, and the model is not asked.
 */
export function secretVerdict(predictions: ModelPredictions | undefined, query: SecretQuery): SecretVerdict | undefined {
  if (!predictions) return undefined;
  const parts = secretParts(query);
  const asked = parts.filter((p) => p.publicAs === undefined);
  if (asked.length === 0) return { real: false, score: 0, publicAs: parts[0].publicAs };
  let verdict: SecretVerdict | undefined;
  for (const part of asked) {
    const scored = predictions.secret(part);
    if (!scored) return undefined;
    const real = scored.score >= scored.threshold;
    if (!verdict || (real && !verdict.real) || (real === verdict.real && scored.score > verdict.score)) verdict = { real, score: scored.score };
  }
  return verdict;
}

/** The grade of the scorer's verdict on `query` (see secretVerdict), or undefined when there is none. */
export function gradeSecret(predictions: ModelPredictions | undefined, query: SecretQuery): SecretGrade | undefined {
  const verdict = secretVerdict(predictions, query);
  if (!verdict) return undefined;
  if (verdict.publicAs) return { severity: 'hint', sentence: `The value is ${verdict.publicAs}: public, not a secret.` };
  return {
    severity: verdict.real ? 'error' : 'hint',
    sentence: `The secret model rates the value ${verdict.real ? 'a real secret' : 'a placeholder'} (score ${verdict.score.toFixed(2)}).`,
  };
}

/** Secret-scorer predictions for rule fixtures: `[name, value, score]` of one context, keyed as the shells key them. */
export function fixtureSecretScores(context: SecretContext, scores: [name: string, value: string, score: number][], threshold = 0.5): Record<string, SecretPrediction> {
  return Object.fromEntries(scores.map(([name, value, score]) => [secretKey({ value, name, context }), { score, threshold, evidence: [], model: 'secret-scorer fixture' }]));
}
