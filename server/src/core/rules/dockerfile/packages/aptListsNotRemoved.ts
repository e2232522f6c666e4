import type { DockerfileRule } from '../../../rule';
import { commandsAfter, headSpan, mountCovers, reachesFinalImage, removesPath } from './packageCommands';
import { invocationsOf } from './ruleKit';

/** `apt-get update` leaves /var/lib/apt/lists in the layer. */
export const aptListsNotRemoved: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/apt-lists-not-removed',
  title: 'apt lists not removed after apt-get update',
  severity: 'info',
  category: 'best-practice',
  equivalents: ['hadolint:DL3009'],
  compliance: [],
  explanation: {
    what: 'A RUN in the final image runs `apt-get update` but does not delete `/var/lib/apt/lists` in the same RUN.',
    why:
      'The package index (tens of megabytes) stays in the layer: the image is bigger, and the stale index misleads anyone ' +
      'who later installs inside the container. Deleting it in a later RUN does not shrink the earlier layer.',
    fix:
      'Delete the lists in the same RUN, or keep them out of the layer with a BuildKit cache mount:\n\n' +
      '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n' +
      '# or\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', expect: ['apt-get update'] },
    { text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n', expect: [] },
    { text: 'FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n', expect: [] },
    { text: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /out /out\n', expect: [], note: 'builder stages do not ship' },
    { text: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n', expect: ['apt-get update'] },
  ],
  check({ model, report }) {
    const seen = new Set<unknown>();
    for (const invocation of invocationsOf(model, ['apt-get', 'apt', 'aptitude'], ['update'])) {
      if (seen.has(invocation.instruction)) continue;
      if (!reachesFinalImage(model, invocation.instruction)) continue;
      if (mountCovers(invocation.instruction, '/var/lib/apt/lists')) continue;
      if (commandsAfter(invocation).some((c) => removesPath(c, ['/var/lib/apt/lists', '/var/lib/apt']))) continue;
      seen.add(invocation.instruction);
      report({ ...headSpan(invocation), message: 'apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN leaves the package index in the image.' });
    }
  },
};
