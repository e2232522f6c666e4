import type { KubernetesRule, Report } from '../../../rule';
import { isHarmlessValue, isPlaceholder, redact, secretWordOf } from '../../../secrets/secretNames';
import { knownSecretFormats, looksRandom } from '../../../secrets/secretValues';
import { deref, describeObject, getMap, objectsOfKind, pairSpan, scalarValue, stringValue, type KubernetesObject, type YamlNode, type YamlPair } from '../helpers';

/** Credential variables named after their provider rather than with a secret word (polaris's list). */
const PROVIDER_SECRET_NAMES = /^(AWS_SECRET_ACCESS_KEY|OCI_CLI_KEY_CONTENT|GOOGLE_APPLICATION_CREDENTIALS|AZURE_\w*KEY)$/i;
/** Secret words that also name non-secrets (`routing_key`, `basic_auth: enabled`): the value must look generated too. */
const WEAK_WORDS = new Set(['key', 'keys', 'auth', 'pass', 'access_key']);

/** Values that say nothing secret: empty, numbers, switches, file paths. */
function trivial(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  return v === '' || /^-?\d+(\.\d+)?$/.test(v) || /^(true|false|yes|no|on|off|none|null|enabled?|disabled?)$/i.test(v) || /^(\/|~\/|\.\/)\S*$/.test(v);
}

type Strength = 'strong' | 'weak' | undefined;

function nameStrength(name: string): Strength {
  if (PROVIDER_SECRET_NAMES.test(name) || /(^|[_\-.])bearer($|[_\-.])/i.test(name)) return 'strong';
  const word = secretWordOf(name);
  if (!word) return undefined;
  return WEAK_WORDS.has(word) ? 'weak' : 'strong';
}

/** `key=value` / `key: value` lines of an embedded config file (properties, .env, YAML). */
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][\w.\-]*)["']?[ \t]*[=:][ \t]*(.*?)[ \t]*$/gm;

interface Hit {
  start: number;
  end: number;
  message: string;
}

/** Where `needle` sits in the source of `node`, so that a finding inside a block scalar points at its line. */
function locate(object: KubernetesObject, node: YamlNode, needle: string): { start: number; end: number } | undefined {
  const range = node.range;
  if (!range || needle === '') return undefined;
  const at = object.file.text.slice(range[0], range[1]).indexOf(needle);
  return at < 0 ? undefined : { start: range[0] + at, end: range[0] + at + needle.length };
}

function embeddedHit(object: KubernetesObject, key: string, value: string, node: YamlNode): Hit | undefined {
  for (const m of value.matchAll(CONFIG_LINE)) {
    const name = m[1];
    const raw = m[2].replace(/[,;]$/, '').replace(/^(["'])(.*)\1$/, '$2');
    const strength = nameStrength(name);
    if (!strength || trivial(raw) || raw.length < 4 || /[$%]\{|\{\{|\$\(|^\$/.test(raw) || isPlaceholder(raw) || isHarmlessValue(raw)) continue;
    if (strength === 'weak' ? !looksRandom(raw) : /\s/.test(raw)) continue;
    const span = locate(object, node, m[0].trim()) ?? locate(object, node, raw);
    if (!span) continue;
    return { ...span, message: `${describeObject(object)} key "${key}" embeds ${name} = ${redact(raw)}` };
  }
  return undefined;
}

function findingFor(object: KubernetesObject, pair: YamlPair): Hit | undefined {
  const { file, document } = object;
  const key = scalarValue(file, pair.key);
  const node = deref(document, pair.value);
  const value = stringValue(file, node);
  if (typeof key !== 'string' || value === undefined || !node) return undefined;
  const format = knownSecretFormats(value)[0];
  if (format) {
    const span = locate(object, node, value.slice(format.start, format.end)) ?? pairSpan(file, pair);
    return { ...span, message: `${describeObject(object)} key "${key}" holds a ${format.detector} (${redact(format.value)})` };
  }
  const strength = nameStrength(key);
  if (strength === 'strong' && !trivial(value)) return { ...pairSpan(file, pair), message: `${describeObject(object)} key "${key}" holds a secret (${redact(value)})` };
  if (strength === 'weak' && looksRandom(value)) return { ...pairSpan(file, pair), message: `${describeObject(object)} key "${key}" holds a secret-looking value (${redact(value)})` };
  return value.includes('\n') ? embeddedHit(object, key, value, node) : undefined;
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${data}`;

/** ConfigMaps are plain configuration: readable by anyone with `get configmaps`, never encrypted, often logged. */
export const secretInConfigMap: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/secret-in-configmap',
  title: 'Secret stored in a ConfigMap',
  severity: 'warning',
  category: 'secrets',
  equivalents: ['polaris:sensitiveConfigmapContent', 'trivy:KSV-0109'],
  compliance: ['CWE-312', 'CWE-798'],
  explanation: {
    what:
      'A ConfigMap `data` entry holds a credential: a known format anywhere (private key, cloud or forge token, JWT, password in a ' +
      'URL), a key named like a secret (`db_password`, `api_token`, `AWS_SECRET_ACCESS_KEY`) with a real value (not empty, a number, a ' +
      'switch or a file path), a `…_key`/`…_auth` key with a generated-looking value, or a `password=…` line inside an embedded config file.',
    why:
      'ConfigMaps are meant for non-confidential data: RBAC roles grant `get configmaps` freely, they are not encrypted at rest even ' +
      'where Secrets are, they show up in `kubectl describe`, dashboards and support bundles, and the manifest puts the value in ' +
      'version control.',
    fix:
      'Move the value to a Secret (created from a secret manager, e.g. External Secrets or Sealed Secrets, rather than committed) and ' +
      'reference it with `secretKeyRef` or a secret volume; keep only the non-secret settings in the ConfigMap.',
  },
  fixtures: [
    { text: configMap('  db_user: postgres\n  db_password: abc123\n'), expect: ['db_password: abc123'] },
    {
      text: configMap('  tls.key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEA7\n    -----END RSA PRIVATE KEY-----\n'),
      expect: ['-----BEGIN RSA PRIVATE KEY-----'],
    },
    {
      text: configMap('  application.properties: |\n    spring.datasource.url=jdbc:postgresql://db:5432/app\n    spring.datasource.password=Sup3rS3cret!\n    server.port=8080\n'),
      expect: ['spring.datasource.password=Sup3rS3cret!'],
      note: 'embedded properties file',
    },
    {
      text: configMap('  routing_key: orders.created\n  password_min_length: "12"\n  cache_key: user-profile\n  token_file: /var/run/secrets/token\n  db_password: ""\n  app.env: |\n    DB_PASSWORD=${DB_PASSWORD}\n'),
      expect: [],
      note: 'harmless keys, references, empty and interpolated values',
    },
    { text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: abc123\n', expect: [], note: 'a Secret is the right place' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'ConfigMap')) {
      const data = getMap(object.node, 'data', object.document);
      for (const pair of (data?.items ?? []) as YamlPair[]) {
        const hit = findingFor(object, pair);
        if (!hit) continue;
        const finding: Report = {
          start: hit.start,
          end: hit.end,
          message: `${hit.message}: ConfigMaps are readable by anyone who can get configmaps and are not encrypted at rest. Move it to a Secret.`,
        };
        report(finding);
      }
    }
  },
};
