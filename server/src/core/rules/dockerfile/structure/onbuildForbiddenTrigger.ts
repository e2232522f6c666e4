import type { DockerfileRule } from '../../../rule';

const FORBIDDEN = ['ONBUILD', 'FROM', 'MAINTAINER'];

/** `ONBUILD ONBUILD …`, `ONBUILD FROM …`, `ONBUILD MAINTAINER …`: rejected by Docker. */
export const onbuildForbiddenTrigger: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/onbuild-forbidden-trigger',
  title: 'ONBUILD triggers ONBUILD, FROM or MAINTAINER',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3043', 'dockerfile-utils:ONBUILD_CHAINING_DISALLOWED', 'dockerfile-utils:ONBUILD_TRIGGER_DISALLOWED'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'An `ONBUILD` whose trigger is `ONBUILD`, `FROM` or `MAINTAINER`.',
    why: 'Docker refuses these triggers ("Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed"), so every child image build fails.',
    fix: 'Trigger a different instruction, e.g. `ONBUILD COPY . /app`, or move the logic into the child Dockerfile.',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nONBUILD ONBUILD RUN anything\nONBUILD FROM debian:bookworm\nonbuild maintainer "x"\n', expect: ['ONBUILD RUN', 'FROM debian', 'maintainer'] },
    { text: 'FROM alpine:3.20\nONBUILD COPY . /app\nONBUILD RUN make\nMAINTAINER x\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const trigger = instruction.trigger;
      if (instruction.keyword !== 'ONBUILD' || !trigger || !FORBIDDEN.includes(trigger.keyword)) continue;
      report({
        start: trigger.keywordStart,
        end: trigger.keywordEnd,
        message: `ONBUILD cannot trigger ${trigger.keyword}; Docker rejects the instruction.`,
      });
    }
  },
};
