/**
 * What the model rules share: turning a prediction for a command into a finding that says
 * "suspicious" (never "malicious"), names the tokens that drove the score, and offers the fixes of
 * its category; the hover shows the technique, its MITRE ATT&CK id and the calibrated score.
 */
import type { CandidatesModel, ModelRule, OffsetFix, Report, RuleContext } from '../../rule';
import type { CommandCandidate } from '../../model/candidates';
import type { CommandPrediction, RiskCategory } from '../../model/predictions';

export interface CategoryInfo {
  category: RiskCategory;
  /** `looks like a reverse shell`. */
  phrase: string;
  attack: string;
}

/** The tokens that drove the score, quoted, strongest first. */
export function evidenceTokens(candidate: CommandCandidate, prediction: CommandPrediction, max = 3): string[] {
  return [...prediction.evidence]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, max)
    .map((e) => candidate.text.slice(e.start, e.end).trim())
    .filter((t) => t.length > 0);
}

/** Reports every command the model put in `info.category` at or above the category's threshold. */
export function reportCategory(context: RuleContext<CandidatesModel>, info: CategoryInfo, fixes?: (candidate: CommandCandidate) => OffsetFix[] | undefined): void {
  const { predictions } = context;
  if (!predictions) return;
  for (const candidate of context.model.candidates.commands) {
    const prediction = predictions.command(candidate.text);
    if (!prediction || prediction.label !== info.category || prediction.score < prediction.threshold) continue;
    const tokens = evidenceTokens(candidate, prediction);
    const report: Report = {
      start: candidate.start,
      end: candidate.end,
      message:
        `Suspicious ${candidate.where} command: it ${info.phrase} (${info.attack}; model score ${prediction.score.toFixed(2)}, threshold ${prediction.threshold.toFixed(2)})` +
        `${tokens.length > 0 ? `, driven by ${tokens.map((t) => `"${t}"`).join(', ')}` : ''}. If it is intended, mark it as expected with a reason.`,
      evidence: `${tokens.length > 0 ? `tokens: ${tokens.join(' · ')} — ` : ''}score ${prediction.score.toFixed(3)} by ${prediction.model}`,
    };
    const offered = fixes?.(candidate);
    if (offered && offered.length > 0) report.fixes = offered;
    context.report(report);
  }
}

/** Shared metadata of the category rules; each module adds its own explanation and fixtures. */
export function categoryRule(info: CategoryInfo, meta: Omit<ModelRule, 'kind' | 'check' | 'category' | 'severity' | 'equivalents'> & Partial<Pick<ModelRule, 'severity'>>, fixes?: (candidate: CommandCandidate) => OffsetFix[] | undefined): ModelRule {
  return {
    kind: 'model',
    severity: meta.severity ?? 'info',
    category: 'integrity',
    equivalents: [],
    ...meta,
    check: (context) => reportCategory(context, info, fixes),
  };
}

/** A prediction for fixtures: the category at `score` with `threshold`, evidence on `token` inside `text`. */
export function fixturePrediction(text: string, label: RiskCategory, token: string, score = 0.97, threshold = 0.6): Record<string, CommandPrediction> {
  const at = text.indexOf(token);
  return { [text]: { label, score, threshold, evidence: at >= 0 ? [{ start: at, end: at + token.length, weight: 0.5 }] : [], model: 'cmd-risk fixture' } };
}
