/**
 * LABEL pairs and the hadolint-style label schema (`options.labelSchema`: label → type,
 * `options.strictLabels`: no other labels allowed), shared by the label-* rules.
 */
import type { DockerfileModel } from '../../../documents/dockerfile';
import type { RuleConfig } from '../../../config';
import type { RuleFixture } from '../../../rule';
import { assignments, type Assignment } from '../helpers';

export type LabelType = 'RawText' | 'Url' | 'GitHash' | 'Rfc3339' | 'SemVer' | 'Spdx' | 'Email';

const TYPE_NAMES: Record<string, LabelType> = {
  rawtext: 'RawText', text: 'RawText', url: 'Url', githash: 'GitHash', hash: 'GitHash', rfc3339: 'Rfc3339',
  semver: 'SemVer', spdx: 'Spdx', email: 'Email',
};

/** Label → type from `options.labelSchema`; unknown types are treated as free text. */
export function labelSchema(config: RuleConfig): Map<string, LabelType> {
  const raw = config.options?.labelSchema;
  const schema = new Map<string, LabelType>();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return schema;
  for (const [label, type] of Object.entries(raw as Record<string, unknown>)) {
    schema.set(label, TYPE_NAMES[String(type).toLowerCase().replace(/[^a-z0-9]/g, '')] ?? 'RawText');
  }
  return schema;
}

export function strictLabels(config: RuleConfig): boolean {
  const v = config.options?.strictLabels;
  return v === true || v === 'true';
}

/** LABEL pairs of the image's own instructions (ONBUILD LABELs label child images, not this one). */
export function labelPairs(model: DockerfileModel): Assignment[] {
  return assignments(model, ['LABEL']).filter((a) => !a.instruction.onbuild && a.name !== '');
}

/** Span to report a value problem on: the value, else the key. */
export function valueSpan(pair: Assignment): { start: number; end: number } {
  return pair.valueSpan && pair.valueSpan.end > pair.valueSpan.start ? pair.valueSpan : pair.nameSpan;
}

/** Reports every label of `type` in the schema whose (non-empty, non-variable) value fails `valid`. */
export function checkLabelValues(
  model: DockerfileModel,
  config: RuleConfig,
  type: LabelType,
  valid: (value: string) => boolean,
  describe: string,
  report: (r: { start: number; end: number; message: string }) => void,
): void {
  const schema = labelSchema(config);
  for (const pair of labelPairs(model)) {
    if (schema.get(pair.name) !== type) continue;
    const value = pair.value ?? '';
    if (value === '' || value.includes('$') || valid(value)) continue;
    report({ ...valueSpan(pair), message: `Label "${pair.name}" should be ${describe}, but is "${value}".` });
  }
}

/** Positive and negative fixtures for a value-format rule. */
export function valueFixtures(label: string, type: string, bad: string, good: string[]): RuleFixture[] {
  const config = { options: { labelSchema: { [label]: type } } };
  return [
    { text: `FROM alpine:3.20\nLABEL ${label}="${bad}"\n`, expect: [`"${bad}"`], config },
    { text: `FROM alpine:3.20\n${good.map((g) => `LABEL ${label}="${g}"`).join('\n')}\nLABEL other="${bad}"\nLABEL ${label}="\${VALUE}"\n`, expect: [], config },
    { text: `FROM alpine:3.20\nLABEL ${label}="${bad}"\n`, expect: [], note: 'without a schema nothing is checked' },
  ];
}
