import type { DockerfileRule } from '../../../rule';
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { variablesInScope, instructionsWith } from '../helpers';
import { argsBeforeHeredocs, closestName, PREDEFINED_ARGS, stageChain, variableReferences, type VariableReference } from './util';

/** Instructions whose arguments Docker itself expands (RUN, CMD, ENTRYPOINT and HEALTHCHECK are left to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Variables nearly every base image defines; used only to recognise typos of them. */
const COMMON_IMAGE_ENV = ['PATH', 'HOME', 'HOSTNAME', 'LANG', 'TERM'];

function allDefinedNames(model: DockerfileModel): Set<string> {
  const names = new Set<string>(model.globalArgs.keys());
  for (const i of instructionsWith(model, ['ARG', 'ENV'])) {
    const props = (i.ast as unknown as { getProperties?: () => { getName(): string }[] }).getProperties?.() ?? [];
    for (const p of props) names.add(p.getName());
  }
  return names;
}

/** Text Docker expands for `instruction`: flags and arguments, heredoc bodies excluded. */
function expandedSpans(instruction: DockerInstruction): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const f of instruction.flags) if (f.valueStart !== undefined) spans.push({ start: f.valueStart, end: f.valueEnd! });
  for (const a of argsBeforeHeredocs(instruction)) if (!a.value.startsWith('<<')) spans.push({ start: a.start, end: a.end });
  return spans;
}

/**
 * `COPY $DIR_ASSET .` where no ARG/ENV defines the variable. The base image's environment is
 * unknown, so an unknown name is only reported when it cannot come from there: the stage builds
 * on `scratch`, the name is defined further down (used too early), or it is a near-miss of a
 * defined name (a typo).
 */
export const undefinedVariable: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/undefined-variable',
  title: 'Variable used before it is defined',
  severity: 'warning',
  category: 'correctness',
  equivalents: ['buildkit:UndefinedVar'],
  compliance: [],
  fixable: false,
  explanation: {
    what:
      'A `$VAR` in an instruction Docker expands (COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, ARG) that no earlier `ARG`/`ENV` defines ' +
      'and that is not a predefined build argument. RUN, CMD and ENTRYPOINT are expanded by the shell and are not checked here.',
    why: 'Docker silently replaces an undefined variable with an empty string: `COPY $DIR_ASSET .` copies the whole context, `ENV PATH=$PAHT:/x` drops the system PATH.',
    fix: 'Fix the typo, or declare the variable first:\n\n```dockerfile\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSETS /app/assets/\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nCOPY $foo .\nARG foo=bar\n', expect: ['$foo'], note: 'used before its ARG' },
    { text: 'FROM alpine:3.20\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nCOPY $DIR_ASSET .\n', expect: ['$DIR_ASSET'], note: 'typo' },
    { text: 'FROM alpine:3.20\nENV PATH=$PAHT:/tmp/bin\n', expect: ['$PAHT'] },
    { text: 'FROM scratch\nCOPY ${APP_DIR}/bin /bin\n', expect: ['${APP_DIR}'], note: 'scratch has no environment' },
    { text: 'FROM golang:1.23\nENV PATH=$GOPATH/bin:$PATH\nCOPY --chown=$UID app /app\nRUN echo $UNKNOWN\n', expect: [], note: 'may come from the base image; RUN is the shell\'s' },
    { text: 'FROM alpine:3.20 AS base\nARG foo=Dockerfile\nFROM base\nCOPY $foo ${TARGETARCH}/ .\nCOPY ${bar:-x} \'$baz\' \\$qux /x/\n', expect: [], note: 'inherited ARG, predefined, default, quoted, escaped' },
    { text: 'ARG APP_UID=1000\nFROM alpine:3.20\nUSER ${APP_UID}\n', expect: ['${APP_UID}'], note: 'global ARG not redeclared in the stage' },
    { text: 'FROM scratch\nONBUILD COPY $SRC /app/\n', expect: [], note: 'ONBUILD: expanded in the child build' },
    { text: 'FROM scratch\nCOPY <<EOF /x\n$NOT_EXPANDED_HERE\nEOF\n', expect: [], note: 'heredoc body' },
  ],
  check({ model, report }) {
    let everywhere: Set<string> | undefined;
    for (const instruction of model.instructions) {
      // ONBUILD triggers are expanded in the child build, whose variables are unknown here.
      if (!EXPANDED.has(instruction.keyword) || !instruction.stage) continue;
      // Bounded to the instruction: searching on from its start could run through the rest of the file.
      if (!model.text.slice(instruction.start, instruction.end).includes('$')) continue;
      const refs: VariableReference[] = [];
      for (const span of expandedSpans(instruction)) {
        const text = model.text.slice(span.start, span.end);
        if (text.includes('$')) for (const ref of variableReferences(text, span.start, model.escapeChar)) refs.push(ref);
      }
      if (refs.length === 0) continue;
      // Most instructions reference nothing; the scope and the rest are worked out only for those that do.
      const scope = variablesInScope(model, instruction);
      let sameInstruction: Set<string> | undefined;
      let fromScratch: boolean | undefined;
      let typoCandidates: string[] | undefined;
      const reported = new Set<string>();
      for (const ref of refs) {
        if (ref.modifier || scope.has(ref.name) || PREDEFINED_ARGS.has(ref.name)) continue;
        if (!sameInstruction) {
          sameInstruction = new Set<string>();
          const props = (instruction.ast as unknown as { getProperties?: () => { getName(): string }[] }).getProperties?.() ?? [];
          for (const p of props) sameInstruction.add(p.getName());
        }
        if (sameInstruction.has(ref.name)) continue;
        typoCandidates ??= [...scope.keys(), ...COMMON_IMAGE_ENV];
        const typoOf = closestName(ref.name, typoCandidates);
        everywhere ??= allDefinedNames(model);
        const definedLater = everywhere.has(ref.name);
        fromScratch ??= stageChain(instruction.stage).at(-1)?.resolvedImage.trim().toLowerCase() === 'scratch';
        if (!fromScratch && !typoOf && !definedLater) continue;
        const key = `${ref.name}@${ref.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const hint = model.globalArgs.has(ref.name)
          ? ` ${ref.name} is a global ARG, which is not visible inside a stage; add "ARG ${ref.name}" after FROM.`
          : typoOf ? ` Did you mean $${typoOf}?` : definedLater ? ' It is defined further down or in another stage; declare it before this line.' : '';
        report({ start: ref.start, end: ref.end, message: `$${ref.name} is not defined at this point and expands to an empty string.${hint}` });
      }
    }
  },
};
