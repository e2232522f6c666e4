import type { DockerfileRule } from '../../../rule';
import { closestName, PREDEFINED_ARGS, variableReferences } from './util';

/** `FROM --platform=$BULIDPLATFORM …` / `FROM img:${version}` with no global ARG of that name. */
export const undefinedArgInFrom: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/undefined-arg-in-from',
  title: 'FROM uses an undeclared ARG',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:UndefinedArgInFrom'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A variable in a `FROM` line (image or flags) that is neither declared by an `ARG` before the first `FROM` nor a predefined platform/proxy argument.',
    why: 'FROM only sees global ARGs. An undeclared one expands to an empty string, so the build pulls a different tag or platform than intended, or fails.',
    fix: 'Declare it before the first FROM:\n\n```dockerfile\nARG VERSION=3.20\nFROM alpine:${VERSION}\n```',
  },
  fixtures: [
    { text: 'FROM --platform=$BULIDPLATFORM alpine:3.20\n', expect: ['$BULIDPLATFORM'] },
    { text: 'ARG tag=latest\nFROM busybox:${tag}${version} AS b\n', expect: ['${version}'] },
    { text: 'ARG base=alpine\nFROM --platform=$BUILDPLATFORM $base\nARG DEBUG\nFROM scra${DEBUG:-tch}\nFROM alpine:3.20${SUFFIX:-}\n', expect: [], note: 'declared, predefined, defaulted' },
  ],
  check({ model, report }) {
    const declared = [...model.globalArgs.keys()];
    for (const stage of model.stages) {
      const from = stage.from;
      const spans = [...from.flags.filter((f) => f.valueStart !== undefined).map((f) => ({ start: f.valueStart!, end: f.valueEnd! })), ...from.args.map((a) => ({ start: a.start, end: a.end }))];
      for (const span of spans) {
        for (const ref of variableReferences(model.text.slice(span.start, span.end), span.start, model.escapeChar)) {
          if (ref.modifier || model.globalArgs.has(ref.name) || PREDEFINED_ARGS.has(ref.name)) continue;
          const suggestion = closestName(ref.name, [...declared, ...PREDEFINED_ARGS]);
          report({
            start: ref.start,
            end: ref.end,
            message: `FROM uses $${ref.name}, which no ARG before the first FROM declares; it expands to an empty string.${suggestion ? ` Did you mean $${suggestion}?` : ` Add ARG ${ref.name}=… at the top.`}`,
          });
        }
      }
    }
  },
};
