import type { ComposeRule } from '../../rule';
import { imageUses } from '../../images/references';
import { isTrustedRegistry } from '../../documents/imageReference';

/** A service pulls from a registry outside the configured `trustedRegistries`. */
export const composeUntrustedRegistry: ComposeRule = {
  kind: 'compose',
  id: 'compose/untrusted-registry',
  title: 'Service image from a registry that is not trusted',
  severity: 'error',
  category: 'supply-chain',
  equivalents: [],
  compliance: ['CIS-Docker-4.2', 'CWE-829'],
  explanation: {
    what: 'With `trustedRegistries` set in `.drydock.yaml` (or `drydock.trustedRegistries`), a service\'s image comes from a registry or namespace not on the list.',
    why: 'Organisations restrict registries so that every image passed their scanning, signing and retention; an image from elsewhere skipped all of it.',
    fix: 'Mirror the image into a trusted registry and reference it there, or add the registry to the list if it is trusted.',
  },
  fixtures: [
    { text: 'services:\n  web:\n    image: nginx:1.27\n  api:\n    image: ghcr.io/acme/api:2\n', expect: ['nginx:1.27'], config: { trustedRegistries: ['ghcr.io/acme'] } },
    { text: 'services:\n  web:\n    image: nginx:1.27\n', expect: [], note: 'no list configured: any registry' },
  ],
  check({ model, report, config }) {
    const trusted = config.trustedRegistries ?? [];
    if (trusted.length === 0) return;
    for (const use of imageUses('compose', model)) {
      if (isTrustedRegistry(use.ref, trusted)) continue;
      report({ start: use.start, end: use.end, message: `${use.label} pulls "${use.text}" from ${use.ref.registry}, which is not in trustedRegistries (${trusted.join(', ')}).` });
    }
  },
};
