import type { DockerfileRule } from '../../../rule';
import { substituteVariables } from '../../../documents/dockerfile';
import { copyOperands, flagOf, isGitSource } from './copyOperands';
import { variablesInScope, instructionsWith } from '../helpers';

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

/** The commit a git source is pinned to, if any: `#<sha>`, `#<sha>:subdir`, `?ref=<sha>`, `?checksum=<sha>`. */
function pinnedCommit(source: string): string | undefined {
  const fragment = /#([^:?]+)/.exec(source)?.[1];
  if (fragment && COMMIT.test(fragment)) return fragment;
  const query = /\?(.*)$/.exec(source.split('#')[0])?.[1];
  if (query) {
    for (const pair of query.split('&')) {
      const [key, value] = pair.split('=');
      if ((key === 'ref' || key === 'checksum' || key === 'commit') && value && COMMIT.test(value)) return value;
    }
  }
  return undefined;
}

/** ADD of a git repository at a branch or tag, which can move, instead of a commit. */
export const addGitUnpinned: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/add-git-unpinned',
  title: 'ADD of a git repository not pinned to a commit',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CWE-494', 'CWE-1357'],
  explanation: {
    what: '`ADD git@host:org/repo.git …` or `ADD https://host/org/repo.git#branch-or-tag …` without a full commit SHA (`#<sha>`, `?ref=<sha>`) or `--checksum=<sha>`.',
    why:
      'Branches move on every push and tags can be re-pointed, so the same Dockerfile builds different source over time; whoever can push to ' +
      'the repository (or take over the account) changes your image. `--keep-git-dir` does not change this.',
    fix:
      'Pin the commit, keeping the tag for readers, or let BuildKit verify it:\n\n```dockerfile\n' +
      'ADD https://github.com/moby/buildkit.git#2ee7b8e0b1a4d7e0c7c3d6b0f4c5a8d9e1f2a3b4 /src   # v0.15.0\n' +
      'ADD --checksum=2ee7b8e0b1a4d7e0c7c3d6b0f4c5a8d9e1f2a3b4 https://github.com/moby/buildkit.git#v0.15.0 /src\n```',
  },
  fixtures: [
    { text: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.15.0 /src\n', expect: ['https://github.com'] },
    { text: 'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n', expect: ['git@github.com'] },
    { text: 'FROM alpine:3.20\nADD --keep-git-dir=true https://github.com/moby/buildkit.git?ref=master /src\n', expect: ['https://github.com'] },
    { text: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#' + 'a'.repeat(40) + ':docs /src\n', expect: [] },
    { text: 'FROM alpine:3.20\nADD --checksum=' + 'b'.repeat(40) + ' https://github.com/moby/buildkit.git#v0.15.0 /src\n', expect: [] },
    { text: 'FROM alpine:3.20\nADD https://example.com/file.tgz /tmp/\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['ADD'])) {
      const operands = copyOperands(model, instruction);
      if (!operands) continue;
      const checksum = flagOf(instruction, 'checksum')?.value ?? '';
      if (COMMIT.test(checksum)) continue;
      const scope = variablesInScope(model, instruction.onbuild ?? instruction);
      for (const source of operands.sources) {
        const value = substituteVariables(source.value, scope);
        if (!isGitSource(value) || pinnedCommit(value)) continue;
        const ref = /#([^:?]+)/.exec(value)?.[1] ?? /[?&]ref=([^&#]+)/.exec(value)?.[1];
        report({
          start: source.start,
          end: source.end,
          message: `ADD of git repository ${value.split(/[#?]/)[0]} ${ref ? `at "${ref}", a branch or tag that can move` : 'at its default branch'}; pin a full commit SHA (#<sha>) or add --checksum=<sha>.`,
        });
      }
    }
  },
};
