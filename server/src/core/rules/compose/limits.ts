/** What memory-limit, pids-limit and cpu-limit share: find the limit, tell unset from unlimited. */
import type { Report } from '../../rule';
import type { ComposeModel, ComposeService } from './helpers';
import { pairSpan, serviceAnchor } from './helpers';
import { judgesAbsence, limitSource, type LimitSource } from './shared';

export interface LimitCheck {
  serviceKeys: readonly string[];
  deployKey: string;
  /** The value means "no limit" (0, -1). */
  unlimited(value: unknown, path: string): boolean;
  missingMessage(service: ComposeService): string;
  unlimitedMessage(service: ComposeService, source: LimitSource): string;
}

export function checkLimit(model: ComposeModel, fileName: string, report: (r: Report) => void, check: LimitCheck): void {
  const reported = new Set<unknown>();
  for (const service of model.services) {
    const source = limitSource(model, service, check.serviceKeys, check.deployKey);
    if (source) {
      // A base's unlimited value is reported on the base; a shared x- block once.
      if (source.via === 'extends' || !check.unlimited(source.value, source.path) || reported.has(source.pair)) continue;
      reported.add(source.pair);
      report({ ...pairSpan(model.file, source.pair), message: check.unlimitedMessage(service, source) });
      continue;
    }
    if (!judgesAbsence(model, service, fileName)) continue;
    report({ ...serviceAnchor(service), message: check.missingMessage(service), missing: true });
  }
}

/** `0`, `-1`, `"0"`, `"-1"`, `0b`…: Docker reads them as "no limit". */
export function isZeroOrNegative(value: unknown): boolean {
  if (typeof value === 'number') return value <= 0;
  if (typeof value === 'string') return /^\s*(-1|0+(\.0*)?)\s*[a-zA-Z]*\s*$/.test(value);
  return false;
}
