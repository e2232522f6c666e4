/**
 * How the two end-of-life rules word and grade a judgement: ended with no support left is an
 * error, only extended (LTS/ESM/paid) support left is a warning, ending within 90 days is info.
 */
import type { Severity } from '../../findings';
import type { OffsetFix } from '../../rule';
import type { ImageUse } from '../../images/references';
import type { ImageFactsProvider } from '../../images/facts';
import { EOL_DATA } from '../../images/eolData';
import { describeRelease, newestSupported, type EolJudgement } from '../../images/eol';

export { EOL_DATA };

export function severityOf(judgement: EolJudgement): Severity | undefined {
  switch (judgement.status) {
    case 'end-of-life':
      return 'error';
    case 'extended-only':
      return 'warning';
    case 'ending-soon':
      return 'info';
    default:
      return undefined;
  }
}

export function eolMessage(subject: string, judgement: EolJudgement, today: string): string {
  const release = describeRelease(judgement);
  const r = judgement.release;
  const newest = newestSupported(EOL_DATA, judgement.product, today);
  const advice = newest && newest.release !== r.release ? ` Move to ${judgement.productName} ${newest.release}${newest.codename ? ` (${newest.codename})` : ''}.` : '';
  const asOf = ` (EOL data of ${judgement.builtAt})`;
  switch (judgement.status) {
    case 'end-of-life':
      return `${subject} is built on ${release}, which reached end of life on ${r.eol}${r.ltsEnd || r.extendedEnd ? ` and has no support left since ${judgement.date}` : ''}: it gets no security fixes.${advice}${asOf}`;
    case 'extended-only':
      return `${subject} is built on ${release}, whose regular security support ended on ${r.eol}; only ${r.ltsEnd && judgement.date === r.ltsEnd ? 'Debian LTS' : 'extended (paid) support'} remains, until ${judgement.date}.${advice}${asOf}`;
    case 'ending-soon':
      return `${subject} is built on ${release}, which reaches end of life on ${r.eol}.${advice}${asOf}`;
    default:
      return `${subject} is built on ${release}.`;
  }
}

/**
 * "Bump to <tag>", when the registry confirmed a newer supported tag of the same flavour exists and
 * the reference is written literally (no `${ARG}` in it), so the edit is exactly the tag.
 */
export function upgradeFix(text: string, use: ImageUse, images: ImageFactsProvider | undefined): OffsetFix | undefined {
  const upgrade = images?.get(use.ref, use.platform)?.upgrade;
  const tag = use.ref.tag;
  if (!upgrade || !tag) return undefined;
  const written = text.slice(use.start, use.end);
  if (written !== use.text) return undefined;
  const at = written.lastIndexOf(`:${tag}`);
  if (at < 0) return undefined;
  const start = use.start + at + 1;
  return { title: `Bump to ${upgrade.tag} (exists in the registry)`, edits: [{ start, end: start + tag.length, newText: upgrade.tag }], isPreferred: true };
}
