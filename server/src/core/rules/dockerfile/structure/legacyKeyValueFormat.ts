import type { DockerfileRule } from '../../../rule';
import { assignments } from '../helpers';

/** `ENV key value` / `LABEL key value`: the whitespace-separated legacy form. */
export const legacyKeyValueFormat: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/legacy-key-value-format',
  title: 'Legacy "key value" form in ENV or LABEL',
  severity: 'hint',
  category: 'maintainability',
  equivalents: ['buildkit:LegacyKeyValueFormat'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`ENV` or `LABEL` written as `key value` instead of `key=value`.',
    why: 'The legacy form sets a single variable whose value is the whole rest of the line: `ENV A 1 B 2` sets `A` to `1 B 2`. It is deprecated and easy to misread.',
    fix: '```dockerfile\nENV NODE_ENV=production\nLABEL version="1.2 beta"\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nENV testkey value\nLABEL key value\n', expect: ['testkey', { at: 'key value', nth: 2 }], fixed: 'FROM alpine:3.20\nENV testkey=value\nLABEL key=value\n' },
    { text: 'FROM alpine:3.20\nENV GREETING hello world\n', expect: ['GREETING'], fixed: 'FROM alpine:3.20\nENV GREETING="hello world"\n' },
    { text: 'FROM alpine:3.20\nENV testkey=value\nLABEL key=value other="x y"\nARG version\n', expect: [] },
    { text: 'FROM alpine:3.20\nONBUILD ENV key value\n', expect: ['key value'], fixed: 'FROM alpine:3.20\nONBUILD ENV key=value\n', note: 'ONBUILD trigger' },
  ],
  check({ model, report }) {
    for (const a of assignments(model, ['ENV', 'LABEL'])) {
      if (!a.name) continue;
      const between = model.text.slice(a.nameSpan.end, a.valueSpan ? a.valueSpan.start : a.nameSpan.end);
      if (between.includes('=') || !a.valueSpan) continue;
      const rawValue = model.text.slice(a.valueSpan.start, a.valueSpan.end);
      let newValue: string | undefined;
      if (!/[\r\n\\"']/.test(rawValue)) newValue = /\s/.test(rawValue) ? `"${rawValue}"` : rawValue;
      const keyword = a.instruction.keyword;
      report({
        start: a.nameSpan.start,
        end: a.valueSpan.end,
        message: `${keyword} ${a.name} uses the legacy "key value" form; write ${keyword} ${a.name}=${newValue ?? '…'}.`,
        fixes: newValue !== undefined ? [{ title: `Write ${a.name}=${newValue}`, edits: [{ start: a.nameSpan.end, end: a.valueSpan.end, newText: `=${newValue}` }], isPreferred: true }] : undefined,
      });
    }
  },
};
