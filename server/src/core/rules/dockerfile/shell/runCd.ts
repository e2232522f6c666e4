import type { DockerfileRule } from '../../../rule';
import { invocationsOfPrograms } from './invocations';

/** `RUN cd …`: a directory change that WORKDIR expresses better (hadolint DL3003, trivy DS-0013). */
export const runCd: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/run-cd',
  title: 'cd in RUN instead of WORKDIR',
  severity: 'info',
  category: 'maintainability',
  equivalents: ['hadolint:DL3003', 'trivy:DS-0013'],
  compliance: [],
  explanation: {
    what: 'A `RUN` that changes directory with `cd`.',
    why:
      '`cd` only lasts for that RUN, which readers easily forget, and long `cd a && … && cd ../b` chains are hard to follow. `WORKDIR` ' +
      'documents the directory, creates it if needed and applies to the following instructions.',
    fix: 'Use WORKDIR (absolute paths are clearest):\n\n```dockerfile\nWORKDIR /usr/src/app\nRUN make install\n```',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN cd /opt && make\n', expect: ['cd /opt'] },
    { text: 'FROM debian:12\nONBUILD RUN cd /src\n', expect: ['cd /src'] },
    { text: 'FROM debian:12\nWORKDIR /opt\nRUN make\nCMD cd /opt && ./run\n', expect: [], note: 'CMD is not a build step' },
  ],
  check({ model, report }) {
    const seen = new Set<unknown>();
    for (const inv of invocationsOfPrograms(model, ['cd'])) {
      if (!inv.command || seen.has(inv.instruction)) continue;
      seen.add(inv.instruction);
      const target = inv.args.find((a) => !a.text.startsWith('-'))?.text;
      report({
        start: inv.command.start,
        end: inv.command.end,
        message: `RUN changes directory with cd${target ? ` ${target}` : ''}; use WORKDIR${target && target.startsWith('/') ? ` ${target}` : ''} so the directory is explicit for later instructions.`,
      });
    }
  },
};
