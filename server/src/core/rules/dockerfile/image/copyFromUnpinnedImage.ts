import type { DockerfileRule } from '../../../rule';
import { imageSources } from './imageSources';

/** `COPY --from=tool` pulls an external image as surely as `FROM` does, and is easier to overlook. */
export const copyFromUnpinnedImage: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/copy-from-unpinned-image',
  title: 'COPY --from / RUN --mount from an unpinned image',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.2', 'CWE-1357', 'CWE-494'],
  fixable: false,
  explanation: {
    what:
      '`COPY --from=<image>` or `RUN --mount=…,from=<image>` names an external image (not a stage of this file) without a ' +
      'version tag or digest, or with `:latest`. A bare name such as `--from=builder` that is not a stage is left alone: it ' +
      'is usually a named build context (`--build-context builder=…`) or a misspelt stage.',
    why:
      'The files copied or mounted (often compilers, binaries, CA bundles) change whenever the upstream image moves, ' +
      'so the build is neither reproducible nor reviewable. Linters that check `FROM` tags do not look here.',
    fix:
      'Pin the image, best by digest:\n\n```dockerfile\nCOPY --from=ghcr.io/astral-sh/uv:0.5.4@sha256:<digest> /uv /bin/uv\n```\n\n' +
      'If the name is meant to be a build stage or a named build context, declare the stage (`FROM … AS name`) or pass `--build-context name=…`.',
  },
  fixtures: [
    { text: 'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\n', expect: ['ghcr.io/astral-sh/uv'] },
    { text: 'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\n', expect: ['ghcr.io/astral-sh/uv:latest'] },
    { text: 'FROM python:3.12\nCOPY --from=ghcr.io/astral-sh/uv:0.5.4 /uv /bin/uv\n', expect: [] },
    { text: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app\nCOPY --from=0 /x /x\n', expect: [] },
    { text: 'FROM alpine:3.20\nRUN --mount=type=bind,from=docker.io/library/busybox,target=/bb /bb/bin/true\n', expect: ['docker.io/library/busybox'] },
    { text: 'FROM alpine:3.20\nONBUILD COPY --from=nginx:latest /etc/nginx /etc/nginx\n', expect: ['nginx:latest'], note: 'ONBUILD triggers' },
    { text: 'FROM alpine:3.20\nCOPY --from=builder /app /app\n', expect: [], note: 'bare name: an undefined stage or a named build context, not judged here' },
  ],
  check({ model, report }) {
    for (const source of imageSources(model)) {
      if (source.kind === 'FROM' || source.ref.digest !== undefined) continue;
      if (source.ref.tag !== undefined && source.ref.tag !== 'latest') continue;
      const problem = source.ref.tag === 'latest' ? 'uses the moving "latest" tag' : 'has no tag or digest (implicitly "latest")';
      report({
        start: source.span.start,
        end: source.span.end,
        message: `${source.kind}="${source.resolved}" is an external image that ${problem}; pin a version tag and digest (name:1.2.3@sha256:…).`,
        evidence: source.resolved,
      });
    }
  },
};
