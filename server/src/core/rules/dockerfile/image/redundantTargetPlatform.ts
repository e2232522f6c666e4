import type { DockerfileRule } from '../../../rule';

const TARGET_PLATFORM = /^(["']?)(\$TARGETPLATFORM|\$\{TARGETPLATFORM\})\1$/;

/** `FROM --platform=$TARGETPLATFORM` restates the default. */
export const redundantTargetPlatform: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/redundant-target-platform',
  title: 'FROM --platform=$TARGETPLATFORM is redundant',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3065', 'buildkit:RedundantTargetPlatform'],
  compliance: [],
  fixable: true,
  explanation: {
    what: '`FROM --platform=$TARGETPLATFORM` sets the platform to the value it already has.',
    why: 'Stages are built for the target platform by default; the flag adds noise and suggests a cross-build that is not happening.',
    fix: 'Remove the flag: `FROM --platform=$TARGETPLATFORM alpine:3.20` becomes `FROM alpine:3.20`. (For cross-compilation you usually want `$BUILDPLATFORM`.)',
  },
  fixtures: [
    { text: 'FROM --platform=$TARGETPLATFORM alpine:3.20\n', expect: ['--platform'], fixed: 'FROM alpine:3.20\n' },
    { text: 'FROM  --platform=${TARGETPLATFORM}  scratch AS out\r\n', expect: ['--platform'], fixed: 'FROM  scratch AS out\r\n' },
    { text: 'FROM --platform=$BUILDPLATFORM alpine:3.20\n', expect: [] },
    { text: 'FROM --platform=foobar/arm64 alpine:3.20\n', expect: [] },
  ],
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.platform;
      if (!flag || flag.value === null || !TARGET_PLATFORM.test(flag.value.trim())) continue;
      let end = flag.end;
      while (end < model.text.length && (model.text[end] === ' ' || model.text[end] === '\t')) end++;
      report({
        start: flag.start,
        end: flag.end,
        message: 'FROM --platform=$TARGETPLATFORM is redundant: stages are built for the target platform by default; remove the flag.',
        fixes: [{ title: 'Remove --platform=$TARGETPLATFORM', edits: [{ start: flag.start, end, newText: '' }], isPreferred: true }],
      });
    }
  },
};
