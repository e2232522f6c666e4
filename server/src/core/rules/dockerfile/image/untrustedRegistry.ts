import type { DockerfileRule } from '../../../rule';
import { isTrustedRegistry } from '../../../documents/imageReference';
import { imageSources } from './imageSources';

/** Images must come from the registries the organisation allows (`trustedRegistries`). */
export const untrustedRegistry: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/untrusted-registry',
  title: 'Image from a registry that is not trusted',
  severity: 'error',
  category: 'supply-chain',
  equivalents: ['hadolint:DL3026'],
  compliance: ['CIS-Docker-4.2', 'CWE-494'],
  fixable: false,
  explanation: {
    what:
      'With `trustedRegistries` configured, flags every `FROM`, `COPY --from=<image>` and `RUN --mount=from=<image>` whose ' +
      'image comes from another registry. Images without a registry host come from Docker Hub (`docker.io`).',
    why:
      'An allow-list keeps images to sources that are mirrored, scanned and access-controlled. `COPY --from` and ' +
      '`RUN --mount=from` pull images just like `FROM` does, so they can bring in unvetted binaries too.',
    fix:
      'Pull the image through an allowed registry (a mirror or pull-through cache), for example ' +
      '`FROM registry.example.com/dockerhub/library/debian:12`, or add the registry to `trustedRegistries` in `.drydock.yaml`:\n\n' +
      '```yaml\ntrustedRegistries:\n  - registry.example.com\n  - "*.internal.example.com"\n```',
  },
  fixtures: [
    { text: 'FROM random.com/debian:12\n', expect: [], note: 'no allow-list configured: nothing to enforce' },
    { text: 'FROM random.com/debian:12\n', expect: ['random.com/debian:12'], config: { trustedRegistries: ['docker.io'] } },
    { text: 'FROM ubuntu:24.04\nFROM docker.io/acme/app:1\n', expect: [], config: { trustedRegistries: ['docker.io'] }, note: 'all spellings of Docker Hub' },
    { text: 'FROM foo.random.com/debian:12\n', expect: [], config: { trustedRegistries: ['*.random.com'] } },
    { text: 'FROM x.com/debian:12\n', expect: ['x.com/debian:12'], config: { trustedRegistries: ['*.random.com'] } },
    { text: 'FROM random.com/foo:1 AS base\nFROM base\nCOPY --from=base /a /a\nCOPY --from=0 /b /b\n', expect: [], config: { trustedRegistries: ['random.com'] } },
    {
      text: 'FROM trusted.com/base:1\nCOPY --from=untrusted.com/repo/image:tag /foo /bar\nRUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo make\n',
      expect: ['untrusted.com/repo/image:tag', { at: 'untrusted.com/repo/image:tag', nth: 2 }],
      config: { trustedRegistries: ['trusted.com'] },
    },
    { text: 'FROM scratch\n', expect: [], config: { trustedRegistries: ['trusted.com'] } },
    { text: 'FROM anything.io/x:1\n', expect: [], config: { trustedRegistries: ['*'] }, note: '`*` trusts everything' },
  ],
  check({ model, config, report }) {
    const trusted = (config.trustedRegistries ?? []).map((t) => t.trim()).filter(Boolean);
    if (trusted.length === 0 || trusted.includes('*')) return;
    const allowed = trusted.join(', ');
    for (const source of imageSources(model)) {
      if (isTrustedRegistry(source.ref, trusted)) continue;
      const what = source.kind === 'FROM' ? 'Image' : `Image in ${source.kind}`;
      report({
        start: source.span.start,
        end: source.span.end,
        message: `${what} "${source.resolved}" comes from ${source.ref.registry}, which is not a trusted registry; allowed: ${allowed}.`,
        evidence: source.ref.registry,
      });
    }
  },
};
