import type { ImageRule } from '../../rule';
import { isPlaceholder, redact, secretWordOf } from '../../secrets/secretNames';
import { knownSecretFormats, looksRandom } from '../../secrets/secretValues';

/** The image's own config (set by whoever built it) carries a secret in ENV: anyone who pulls it can read it. */
export const secretInImageConfig: ImageRule = {
  kind: 'image',
  id: 'image/secret-in-image-config',
  title: 'Scanned image carries a secret in its environment',
  severity: 'error',
  category: 'secrets',
  equivalents: [],
  compliance: ['CIS-Docker-4.10', 'CWE-798'],
  explanation: {
    what: 'The config of a scanned image has an `ENV` whose value is a credential: a known token format, or a secret-named variable with a random-looking value.',
    why: 'Image configs are public to everyone who can pull the image (`docker inspect`), and the value is baked into every container started from it.',
    fix: 'Rotate the credential, rebuild the image without it, and inject it at run time (a Kubernetes Secret, a compose secret, a BuildKit secret mount for build-time use).',
  },
  fixtures: [
    {
      text: 'FROM registry.example.com/team/app:1.2\n',
      expect: ['registry.example.com/team/app:1.2'],
      images: [
        {
          reference: 'registry.example.com/team/app:1.2',
          config: { env: ['PATH=/usr/bin', 'API_TOKEN=Zx8vQ2mL9kP4rT7wY1nB'], exposedPorts: [], labels: {}, history: [] },
        },
      ],
    },
    {
      text: 'FROM registry.example.com/team/app:1.2\n',
      expect: [],
      images: [{ reference: 'registry.example.com/team/app:1.2', config: { env: ['DB_PASSWORD_FILE=/run/secrets/db', 'TOKEN=changeme'], exposedPorts: [], labels: {}, history: [] } }],
    },
  ],
  check({ model, report, images }) {
    if (!images) return;
    for (const use of model.uses) {
      const env = images.get(use.ref, use.platform)?.config?.env ?? [];
      for (const entry of env) {
        const eq = entry.indexOf('=');
        if (eq <= 0) continue;
        const name = entry.slice(0, eq);
        const value = entry.slice(eq + 1);
        const format = knownSecretFormats(value)[0];
        const named = secretWordOf(name) && !isPlaceholder(value) && looksRandom(value);
        if (!format && !named) continue;
        report({
          start: use.start,
          end: use.end,
          message: `The image behind ${use.text} sets ${name} (${format ? format.detector : 'secret-named'}, ${redact(value)}) in its config: anyone who can pull it can read it. Rotate it and inject it at run time.`,
        });
      }
    }
  },
};
