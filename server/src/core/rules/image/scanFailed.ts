import type { ImageRule } from '../../rule';

const ADVICE: Record<string, string> = {
  auth: 'sign in: `docker login <registry>` (Drydock reads ~/.docker/config.json and credential helpers) or store a credential with "Drydock: Sign in to Registry"',
  'not-found': 'check the name and tag; the registry does not know them',
  'rate-limited': 'the registry is rate-limiting requests; sign in for a higher limit, and Drydock will retry after the time the registry gave',
  network: 'the registry could not be reached; check the network or a proxy',
  // The message already says how to trust the certificate; network advice would send the user the wrong way.
  certificate: 'the registry was reached, but its TLS certificate was refused',
  limit: 'the image exceeded a scan limit; the rest of the analysis is unaffected',
  platform: 'the image has no manifest for the requested platform',
  other: 'see the Drydock output for details',
};

/** A reference the shells tried to scan but could not: say why, once, where the reference is. */
export const scanFailed: ImageRule = {
  kind: 'image',
  id: 'image/scan-failed',
  title: 'Image could not be scanned',
  severity: 'info',
  category: 'supply-chain',
  equivalents: [],
  compliance: [],
  explanation: {
    what: 'With the network enabled, looking up or scanning the image behind a reference failed: credentials missing, name or tag unknown, rate limit, network error, or a scan limit.',
    why: 'Without the scan, vulnerabilities and the digest of the image stay unknown; the offline findings still apply.',
    fix: 'Follow the advice in the message (usually: sign in to the registry), then rescan with "Drydock: Rescan Images".',
  },
  fixtures: [
    {
      text: 'FROM registry.example.com/team/app:1.2\n',
      expect: ['registry.example.com/team/app:1.2'],
      images: [{ reference: 'registry.example.com/team/app:1.2', error: { kind: 'auth', message: 'registry.example.com answered 401 Unauthorized' } }],
    },
    {
      text: 'FROM registry.internal:5000/team/app:1.2\n',
      expect: ['registry.internal:5000/team/app:1.2'],
      images: [
        {
          reference: 'registry.internal:5000/team/app:1.2',
          error: { kind: 'certificate', message: 'refused the TLS certificate of https://registry.internal:5000 (DEPTH_ZERO_SELF_SIGNED_CERT): trust its CA with NODE_EXTRA_CA_CERTS' },
        },
      ],
      note: 'a refused certificate is not a network problem',
    },
    { text: 'FROM registry.example.com/team/app:1.2\n', expect: [], note: 'not scanned' },
  ],
  check({ model, report, images }) {
    if (!images) return;
    for (const use of model.uses) {
      const error = images.get(use.ref, use.platform)?.error;
      if (!error) continue;
      report({ start: use.start, end: use.end, message: `Could not scan ${use.text}: ${error.message}. ${ADVICE[error.kind] ?? ADVICE.other}.` });
    }
  },
};
