import type { ComposeRule } from '../../rule';
import { parseImageReference } from '../../documents/imageReference';
import { GroupedReports, fieldChain, isMasked, maskInterpolations, ownField, sourceSpan, stringOf } from './shared';

/** `image: nginx` or `image: nginx:latest`: the service runs whatever the tag points at today. */
export const composeImageLatestTag: ComposeRule = {
  kind: 'compose',
  id: 'compose/image-latest-tag',
  title: 'Service image uses latest or no tag',
  severity: 'warning',
  category: 'supply-chain',
  equivalents: ['dclint:service-image-require-explicit-tag'],
  compliance: ['CIS-Docker-4.2', 'CWE-1357'],
  explanation: {
    what:
      'A service\'s `image:` has the tag `latest` or no tag at all (which means `latest`; `registry:5000/app` has no ' +
      'tag — the `:5000` is a port). References pinned by digest pass, and so do services with `build:`, whose ' +
      '`image:` names the image compose builds. Interpolated tags (`app:${TAG}`) are not judged. (DCLint\'s ' +
      'service-image-require-explicit-tag checks the same.)',
    why:
      '`latest` is just the tag most recently pushed: `docker compose pull` or a new host silently runs a different ' +
      'version — with breaking changes or, if the publisher or registry is compromised, someone else\'s code. It also ' +
      'makes rollbacks and incident analysis guesswork.',
    fix: 'Pin a version tag (`nginx:1.27.1`), ideally with its digest (`nginx:1.27.1@sha256:…`), and update it deliberately (Renovate, Dependabot).',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: nginx\n  cache:\n    image: "redis:latest"\n', expect: ['image: nginx', 'image: "redis'] },
    { text: 'services:\n  app:\n    image: registry.example.com:5000/team/app\n', expect: ['image: registry'], note: 'a registry port is not a tag' },
    { text: 'services:\n  app: {image: "${REGISTRY:-ghcr.io}/acme/app"}\n', expect: ['image: "${'], note: 'interpolated registry, no tag' },
    {
      text:
        'services:\n  a:\n    image: nginx:1.27\n  b:\n    image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' +
        '  c:\n    build: .\n    image: acme/c\n  d:\n    image: acme/d:${TAG:-latest}\n  e:\n    image: ${IMAGE}\n  f:\n    build: {context: ./f}\n',
      expect: [],
      note: 'tagged, digest, build output, interpolated tag or image',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      if (fieldChain(model, service, 'build').length > 0) continue;
      const source = ownField(model, service, 'image');
      const text = stringOf(model, source)?.trim();
      if (!text) continue;
      const masked = maskInterpolations(text);
      const ref = parseImageReference(masked.text);
      if (!ref || ref.digest !== undefined) continue;
      if (ref.tag !== undefined) {
        if (ref.tag !== 'latest') continue;
      } else if (isMasked(ref.repository.split('/').pop())) {
        continue;
      }
      groups.add(source!.pair, service, (label) => ({
        ...sourceSpan(model, source!),
        message:
          ref.tag === 'latest'
            ? `${label} uses image "${text}": latest changes whenever the publisher pushes; pin a version tag (and digest).`
            : `${label} uses image "${text}" without a tag, which means latest: it changes whenever the publisher pushes; pin a version tag (and digest).`,
      }));
    }
    groups.flush(report);
  },
};
