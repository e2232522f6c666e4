import type { DockerfileRule } from '../../../rule';
import { copyOperands, flagOf } from './copyOperands';
import { instructionsWith } from '../helpers';

const ROOT = /^\/+\.?$/;

/** `COPY --from=stage / /`: a whole filesystem poured over the image. */
export const copyEntireFilesystem: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-entire-filesystem',
  title: 'Entire filesystem copied from another stage',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3067'],
  compliance: ['CIS-Docker-4.3'],
  explanation: {
    what: '`COPY --from=<stage or image> / /`, which copies the complete root filesystem of another stage or image over this one.',
    why:
      'Everything comes along: package databases, shells, caches, credentials left by the build, setuid binaries. It defeats multi-stage ' +
      'builds and overwrites files of the base image (passwd, certificates) with versions nobody reviewed.',
    fix: 'Copy only the artifacts you need:\n\n```dockerfile\nCOPY --from=build /out/app /usr/local/bin/app\n```',
  },
  fixtures: [
    { text: 'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build / /\n', expect: ['COPY'] },
    { text: 'FROM scratch\nCOPY --from=build "/" "/"\n', expect: ['COPY'] },
    { text: 'FROM scratch\nCOPY / /\nCOPY --from=build /app /\nCOPY --from=build / /app\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['COPY'])) {
      const from = flagOf(instruction, 'from');
      if (!from) continue;
      const operands = copyOperands(model, instruction);
      if (!operands || !ROOT.test(operands.dest.value) || !operands.sources.every((s) => ROOT.test(s.value))) continue;
      report({
        start: instruction.keywordStart,
        end: instruction.keywordEnd,
        message: `COPY --from=${from.value ?? ''} / / copies the whole filesystem of "${from.value ?? ''}"; copy only the files the image needs.`,
      });
    }
  },
};
