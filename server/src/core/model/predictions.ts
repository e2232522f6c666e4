/**
 * What the model said, as plain data the shells hand to the core (the core never runs the model):
 * per shell sub-command a category with its calibrated score and the tokens that drove it, per
 * candidate value the probability that it is a real secret.
 */
import type { SecretContext } from './candidates';

/** The categories of the cmd-risk model, besides `benign`. */
export const RISK_CATEGORIES = [
  'reverse-shell',
  'remote-code-execution',
  'cryptomining',
  'credential-access',
  'obfuscated-execution',
  'defence-evasion',
  'persistence',
  'container-escape',
] as const;

export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface EvidenceSpan {
  /** Offsets in the candidate's text. */
  start: number;
  end: number;
  /** How much the label's log-odds dropped when this part was removed (occlusion). */
  weight: number;
}

export interface CommandPrediction {
  label: RiskCategory | 'benign';
  score: number;
  /** The label's threshold from the model's manifest. */
  threshold: number;
  evidence: EvidenceSpan[];
  /** `cmd-risk 1.0.0`. */
  model: string;
}

export interface SecretPrediction {
  /** P(real secret). */
  score: number;
  threshold: number;
  evidence: EvidenceSpan[];
  model: string;
}

export interface SecretQuery {
  value: string;
  name: string;
  context: SecretContext;
}

export interface ModelPredictions {
  command(text: string): CommandPrediction | undefined;
  secret(query: SecretQuery): SecretPrediction | undefined;
}

export function secretKey(query: SecretQuery): string {
  return `${query.context}\u0000${query.name}\u0000${query.value}`;
}

export function predictionsFrom(commands: Iterable<[string, CommandPrediction]>, secrets: Iterable<[string, SecretPrediction]>): ModelPredictions {
  const c = new Map(commands);
  const s = new Map(secrets);
  return { command: (text) => c.get(text), secret: (query) => s.get(secretKey(query)) };
}
