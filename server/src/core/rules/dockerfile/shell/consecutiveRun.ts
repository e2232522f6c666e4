import type { DockerfileRule, OffsetFix } from '../../../rule';
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';

/** Top-level commands of a RUN (substitutions excluded); exec form counts as one. */
function commandCount(instruction: DockerInstruction): number {
  if (instruction.form === 'exec') return 1;
  if (!instruction.shell) return 2;
  return instruction.shell.commands.filter((c) => !c.substitution).length;
}

function flagKey(instruction: DockerInstruction): string {
  return instruction.flags
    .map((f) => `${f.name}=${f.value ?? ''}`)
    .sort()
    .join(' ');
}

/** Joins `current` onto `previous` with `&& \`, when nothing but blanks separates them. */
function mergeFix(model: DockerfileModel, previous: DockerInstruction, current: DockerInstruction): OffsetFix | undefined {
  const simple = (i: DockerInstruction) => i.form === 'shell' && i.heredocs.length === 0 && i.shell && !i.shell.hasSyntaxError;
  if (!simple(previous) || !simple(current)) return undefined;
  const between = model.text.slice(previous.end, current.start);
  if (!/^\s*$/.test(between)) return undefined;
  const previousBody = model.text.slice(previous.argsStart, previous.end).trimEnd();
  if (/[;&|\\`]$/.test(previousBody)) return undefined;
  const bodyStart = current.shellSpan?.start ?? current.argsStart;
  const body = model.text.slice(bodyStart, current.end);
  const lead = body.length - body.trimStart().length;
  const newline = between.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: 'Merge into the previous RUN',
    edits: [{ start: previous.argsStart + previousBody.length, end: bodyStart + lead, newText: ` && ${model.escapeChar}${newline}    ` }],
    isPreferred: true,
  };
}

/** Consecutive single-command RUNs that could be one layer (hadolint DL3059), final image only. */
export const consecutiveRun: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/consecutive-run',
  title: 'Consecutive RUN instructions could be merged',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3059'],
  compliance: [],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what:
      'Two RUN instructions in a row (comments between them do not count) that each run a single command with the same flags. RUNs that already ' +
      'chain commands, RUNs with different `--mount` flags and build stages that do not end up in the final image are left alone, since separate ' +
      'steps there help the build cache. Off by default; the `strict` profile enables it.',
    why: 'Each RUN adds a layer and a cache entry; files deleted in a later layer still take space in the earlier one.',
    fix: 'Chain the commands:\n\n```dockerfile\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN /foo.sh\nRUN /bar.sh\n', expect: ['RUN /bar.sh'], fixed: 'FROM debian:12\nRUN /foo.sh && \\\n    /bar.sh\n' },
    { text: 'FROM debian:12\nRUN a\nRUN b\nRUN c\n', expect: ['RUN b', 'RUN c'], fixed: 'FROM debian:12\nRUN a && \\\n    b && \\\n    c\n' },
    { text: 'FROM debian:12\r\nRUN /foo.sh\r\nRUN /bar.sh\r\n', expect: ['RUN /bar.sh'], fixed: 'FROM debian:12\r\nRUN /foo.sh && \\\r\n    /bar.sh\r\n', note: 'CRLF' },
    { text: 'FROM debian:12\nRUN /foo.sh\n# comment\nRUN /bar.sh\n', expect: ['RUN /bar.sh'] },
    { text: 'FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\nRUN foo && bar\nRUN baz\n', expect: [] },
    { text: 'FROM debian:12 AS build\nRUN make deps\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\n', expect: [], note: 'build stages keep their cache-friendly steps' },
  ],
  check({ model, report }) {
    const finalStages = new Set<unknown>();
    for (let s = model.finalStage; s; s = s.parent) finalStages.add(s);
    let previous: DockerInstruction | undefined;
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') {
        previous = undefined;
        continue;
      }
      const inFinalImage = !instruction.stage || finalStages.has(instruction.stage);
      if (previous && inFinalImage && flagKey(previous) === flagKey(instruction) && commandCount(previous) === 1 && commandCount(instruction) === 1) {
        const fix = mergeFix(model, previous, instruction);
        report({
          start: instruction.keywordStart,
          end: instruction.end,
          message: `RUN directly follows the RUN on line ${previous.line + 1}; chain them with && to save a layer.`,
          fixes: fix ? [fix] : undefined,
        });
      }
      previous = instruction;
    }
  },
};
