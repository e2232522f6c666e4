import type { DockerfileRule } from '../../../rule';
import { instructionsWith } from '../helpers';

const KEYWORDS = new Set(['RUN', 'CMD', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'USER', 'EXPOSE', 'ENTRYPOINT', 'FROM', 'LABEL', 'VOLUME', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL']);

/** `RUN a && RUN b`, `… \ CMD x`: a Dockerfile keyword written inside a RUN's shell command (hadolint#760). */
export const instructionKeywordInRun: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/instruction-keyword-in-run',
  title: 'Dockerfile instruction keyword inside a RUN command',
  severity: 'warning',
  category: 'correctness',
  equivalents: [],
  compliance: [],
  fixable: true,
  explanation: {
    what: 'An upper-case Dockerfile keyword (`RUN`, `CMD`, `COPY`, `ENV`, …) used as a command or as the first word of a continuation line inside a RUN.',
    why:
      'It is almost always a leftover from merging RUN instructions or a forgotten line break: the shell then tries to run a program called `RUN` ' +
      '(the build fails late), or the keyword becomes an argument of the previous command (`apt-get install … RUN …`) and the step silently does something else. ' +
      'A `CMD` inside a RUN chain runs at build time, not when the container starts.',
    fix: 'Drop the stray `RUN` (`RUN a && b`), or end the RUN and start a real instruction on its own line (`CMD ["app"]`).',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && RUN apt-get install -y curl\n', expect: ['RUN apt-get install'], fixed: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' },
    { text: 'FROM debian:12\nRUN make && \\\n    CMD ["./app"]\n', expect: ['CMD'] },
    { text: 'FROM debian:12\nRUN apt-get update \\\n    RUN apt-get install -y curl\n', expect: [{ at: 'RUN', nth: 2 }], note: 'keyword swallowed as an argument' },
    { text: 'FROM debian:12\nRUN echo RUN && run-parts /etc/x && ENV=prod ./build\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['RUN'])) {
      if (!instruction.shell) continue;
      for (const command of instruction.shell.commands) {
        const name = command.name;
        if (KEYWORDS.has(name.text) && model.text.slice(name.start, name.end) === name.text) {
          const fix = name.text === 'RUN' && command.args.length > 0 ? { title: 'Remove the stray RUN', edits: [{ start: name.start, end: command.args[0].start, newText: '' }], isPreferred: true } : undefined;
          report({
            start: name.start,
            end: name.end,
            message: `${name.text} is a Dockerfile instruction, not a shell command: ${name.text === 'RUN' ? 'remove it to chain the command' : `end the RUN and write ${name.text} as its own instruction`}.`,
            fixes: fix ? [fix] : undefined,
          });
          continue;
        }
        for (const arg of command.args) {
          if (!KEYWORDS.has(arg.text) || model.text.slice(arg.start, arg.end) !== arg.text) continue;
          const lineStart = model.text.lastIndexOf('\n', arg.start - 1) + 1;
          if (!/^\s*$/.test(model.text.slice(lineStart, arg.start)) || lineStart <= instruction.start) continue;
          report({
            start: arg.start,
            end: arg.end,
            message: `${arg.text} starts a continuation line of this RUN and becomes an argument of ${command.name.text}; add && before it or end the RUN first.`,
          });
        }
      }
    }
  },
};
