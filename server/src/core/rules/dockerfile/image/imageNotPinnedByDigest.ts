import type { DockerfileRule, OffsetFix } from '../../../rule';
import { pinToDigestFix } from '../../../images/pinFix';
import { imageSources } from './imageSources';

const optionalFix = (fix: OffsetFix | undefined): OffsetFix[] | undefined => (fix ? [fix] : undefined);

/** A tag is a mutable pointer; only a digest names exact bytes. */
export const imageNotPinnedByDigest: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/image-not-pinned-by-digest',
  title: 'Image not pinned by digest',
  severity: 'info',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.2', 'CWE-1357', 'CWE-494'],
  fixable: true,
  explanation: {
    what: 'A `FROM` (in any stage), `COPY --from=<image>` or `RUN --mount=from=<image>` references an image by tag only, without `@sha256:…`.',
    why:
      'Tags can be re-pushed: `node:22` today is not `node:22` next week, and a registry or account compromise can swap ' +
      'the content behind a tag you trust. Build stages matter as much as the final one, because what they produce is ' +
      'copied into the final image. A digest makes the build reproducible and tamper-evident.',
    fix:
      'Append the digest of the image you tested, keeping the tag for readability:\n\n' +
      '```dockerfile\nFROM node:22.11-bookworm-slim@sha256:<digest>\n```\n\n' +
      'Drydock cannot look the digest up offline. Get it with `docker buildx imagetools inspect node:22.11-bookworm-slim` ' +
      '(or `docker inspect --format "{{index .RepoDigests 0}}"`), or let the image scanner resolve it when network access is ' +
      'enabled. Tools such as Renovate or Dependabot keep pinned digests up to date.',
  },
  fixtures: [
    {
      text: 'FROM node:22-alpine\n',
      expect: ['node:22-alpine'],
      images: [{ reference: 'docker.io/library/node:22-alpine', digest: 'sha256:' + 'ab'.repeat(32) }],
      fixed: 'FROM node:22-alpine@sha256:' + 'ab'.repeat(32) + '\n',
      note: 'with the digest the registry gave, the fix pins it',
    },
    { text: 'FROM node:22-slim\n', expect: ['node:22-slim'] },
    { text: 'FROM node:22-slim@sha256:' + 'a'.repeat(64) + '\n', expect: [] },
    { text: 'FROM scratch\n', expect: [] },
    {
      text: 'FROM golang:1.22@sha256:' + 'b'.repeat(64) + ' AS build\nFROM build\nCOPY --from=build /a /a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n',
      expect: ['nginx:1.27'],
      note: 'stage references are not images; COPY --from an image counts',
    },
    { text: 'FROM alpine:3.20@sha256:' + 'c'.repeat(64) + '\nRUN --mount=type=bind,from=ghcr.io/acme/tools:1,target=/t /t/run\n', expect: ['ghcr.io/acme/tools:1'] },
    { text: 'ARG BASE\nFROM $BASE\n', expect: [], note: 'unknown at lint time' },
  ],
  check({ model, report, images }) {
    for (const source of imageSources(model)) {
      if (source.ref.digest !== undefined) continue;
      const where = source.kind === 'FROM' ? (source.stage?.isFinal ? 'Base image' : 'Build-stage image') : `Image in ${source.kind}`;
      report({
        start: source.span.start,
        end: source.span.end,
        message: `${where} "${source.resolved}" is not pinned by digest; append @sha256:<digest> (from \`docker buildx imagetools inspect ${source.resolved}\` or the image scan) so the build cannot change under you.`,
        evidence: source.resolved,
        fixes: optionalFix(pinToDigestFix(model.text, source.span.end, source.ref, images)),
      });
    }
  },
};
