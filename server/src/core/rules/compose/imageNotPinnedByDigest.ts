import type { ComposeRule } from '../../rule';
import { imageUses } from '../../images/references';
import { pinToDigestFix } from '../../images/pinFix';

/** A service image named by tag only: the tag can be re-pushed, so two `up`s may run different bytes. */
export const composeImageNotPinnedByDigest: ComposeRule = {
  kind: 'compose',
  id: 'compose/image-not-pinned-by-digest',
  title: 'Service image not pinned by digest',
  severity: 'info',
  category: 'supply-chain',
  enabledByDefault: false,
  fixable: true,
  equivalents: [],
  compliance: ['CIS-Docker-4.2', 'CWE-1357'],
  explanation: {
    what: 'A service\'s `image:` has no `@sha256:` digest.',
    why: 'A tag is a pointer its publisher can move: the same compose file can start different images on different days or hosts, and a compromised registry account can swap it.',
    fix: 'Append the digest (`nginx:1.27@sha256:…`). With the network enabled Drydock looks it up and offers it as a quick fix; a bot such as Renovate keeps it current.',
  },
  fixtures: [
    {
      text: 'services:\n  web:\n    image: "nginx:1.27"\n',
      expect: ['nginx:1.27'],
      images: [{ reference: 'docker.io/library/nginx:1.27', digest: 'sha256:' + 'cd'.repeat(32) }],
      fixed: 'services:\n  web:\n    image: "nginx:1.27@sha256:' + 'cd'.repeat(32) + '"\n',
    },
    { text: 'services:\n  web:\n    image: nginx:1.27@sha256:' + 'ab'.repeat(32) + '\n  app:\n    build: .\n', expect: [] },
  ],
  check({ model, report, images }) {
    for (const use of imageUses('compose', model)) {
      if (use.ref.digest) continue;
      const fix = pinToDigestFix(model.file.text, use.end, use.ref, images);
      report({ start: use.start, end: use.end, message: `${use.label} runs "${use.text}" by tag only; pin it with @sha256:<digest>.`, fixes: fix ? [fix] : undefined });
    }
  },
};
