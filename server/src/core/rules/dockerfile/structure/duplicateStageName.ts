import type { DockerfileRule } from '../../../rule';

/** Two stages called `build` (names are case-insensitive). */
export const duplicateStageName: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/duplicate-stage-name',
  title: 'Duplicate stage name',
  severity: 'error',
  category: 'correctness',
  equivalents: ['hadolint:DL3024', 'checkov:CKV_DOCKER_11', 'trivy:DS-0012', 'buildkit:DuplicateStageName', 'dockerfile-utils:DUPLICATE_BUILD_STAGE_NAME'],
  compliance: [],
  fixable: false,
  explanation: {
    what: 'A `FROM … AS <name>` whose name (compared case-insensitively) was already used by an earlier stage.',
    why: 'BuildKit refuses the build; older builders silently let the later stage shadow the earlier one for `COPY --from` and `FROM <name>`.',
    fix: 'Give every stage a unique name: `FROM golang:1.23 AS build-api`, `FROM node:22 AS build-web`.',
  },
  fixtures: [
    { text: 'FROM node:22 AS build\nRUN npm ci\nFROM golang:1.23 AS Build\n', expect: ['Build'] },
    { text: 'FROM node:22 AS b1\nFROM --platform=$BUILDPLATFORM golang:1.23 AS b2\n', expect: [] },
  ],
  check({ model, report }) {
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameSpan) continue;
      const key = stage.name.toLowerCase();
      const previous = seen.get(key);
      if (previous !== undefined) {
        report({
          start: stage.nameSpan.start,
          end: stage.nameSpan.end,
          message: `Stage name "${stage.name}" is already used by the stage on line ${previous + 1}; stage names must be unique.`,
        });
      } else seen.set(key, model.lines.positionAt(stage.from.start).line);
    }
  },
};
