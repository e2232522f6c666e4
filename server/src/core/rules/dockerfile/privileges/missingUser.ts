import type { DockerfileRule } from '../../../rule';
import { firstLineSpan } from '../helpers';
import { finalUser } from './finalUser';

/** No USER anywhere in the final image's stages: the image default applies, usually root. */
export const missingUser: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/missing-user',
  title: 'Final image sets no USER',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['checkov:CKV_DOCKER_3', 'trivy:DS-0002'],
  compliance: ['CIS-Docker-4.1', 'CWE-250'],
  fixable: false,
  explanation: {
    what:
      'Neither the final stage nor any stage it builds on (`FROM <stage>`) contains a `USER` instruction, so the container ' +
      'runs as whatever user the base image configured, which is root for almost all base images. Base images whose tag says ' +
      '`nonroot` (distroless `:nonroot`) are trusted to set one. `FROM scratch` images are reported too: without a USER ' +
      'the process runs as UID 0.',
    why:
      'Root in the container owns every file of the image and is one kernel bug, mounted socket or host path away from ' +
      'the host. The base image\'s user can also change under you; stating it in the Dockerfile makes it reviewable.',
    fix:
      'Create an unprivileged user and switch to it by number (numeric IDs also work in `scratch` images, which have no `/etc/passwd`):\n\n' +
      '```dockerfile\nRUN useradd -r -u 10001 app\nUSER 10001\n```\n\nIf the base image already runs as non-root, restate it (`USER 65532`) to make the intent explicit.',
  },
  fixtures: [
    { text: 'FROM debian:12\nRUN apt-get update\n', expect: ['FROM debian:12'] },
    { text: 'FROM debian:12\nUSER app\n', expect: [] },
    { text: 'FROM debian:12 AS base\nUSER 10001\nFROM base\nRUN ls\n', expect: [], note: 'inherited from the parent stage' },
    { text: 'FROM debian:12 AS build\nUSER 10001\nFROM debian:12-slim\nCOPY --from=build /a /a\n', expect: [{ at: 'FROM debian:12-slim' }], note: 'USER in an unrelated build stage does not count' },
    { text: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n', expect: [], note: 'base image runs as nonroot' },
    { text: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n', expect: ['FROM scratch'], note: 'scratch runs as UID 0' },
    { text: 'FROM debian:12\nONBUILD USER app\n', expect: ['FROM debian:12'], note: 'ONBUILD USER applies to child images only' },
  ],
  check({ model, report }) {
    const final = model.finalStage;
    if (!final || finalUser(model)) return;
    let root = final;
    while (root.parent) root = root.parent;
    if (/nonroot/i.test(root.resolvedImage)) return;
    const span = firstLineSpan(model, final.from);
    const base = root.resolvedImage || root.image;
    report({
      start: span.start,
      end: span.end,
      message: `The final image sets no USER, so it runs as the base image's default user ("${base}" — usually root); add an unprivileged user and "USER 10001" (numeric).`,
    });
  },
};
