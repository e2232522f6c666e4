import type { KubernetesRule } from '../../../rule';
import { deref, describeObject, getMap, objectsOfKind, pairSpan, scalarValue, stringValue, type YamlPair } from '../helpers';

const PREFIX = 'nginx.ingress.kubernetes.io/';
const SNIPPET = /^nginx\.ingress\.kubernetes\.io\/[a-z-]*snippets?$/;

/**
 * Annotations ingress-nginx copies into nginx.conf without escaping before the 2025 fixes
 * (CVE-2025-24514 auth-url, CVE-2025-1097 auth-tls-match-cn, CVE-2025-1098 mirror-*); a value
 * with these characters ends the directive and starts the attacker's own.
 */
const INJECTABLE: Record<string, RegExp> = {
  'auth-url': /[\r\n<>"{}|^`\\]/,
  'mirror-target': /[\r\n<>"{}|^`\\]/,
  'mirror-host': /[\r\n<>"{}|^`\\]/,
  'permanent-redirect': /[\r\n<>"{}|^`\\;]/,
  'auth-tls-match-cn': /[\r\n#{};|]/,
};

/** Snippet contents that reach beyond routing: Lua code, file serving, the controller's own credentials. */
const DANGEROUS_CONTENT = /_by_lua|lua_|\balias\s|\broot\s|\/var\/run\/secrets|serviceaccount|\bload_module\b/i;

const ingress = (annotations: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\n  annotations:\n${annotations}spec:\n  ingressClassName: nginx\n  defaultBackend:\n    service:\n      name: shop\n      port:\n        number: 80\n`;

/** Snippet annotations hand nginx.conf to whoever can edit an Ingress. */
export const ingressNginxSnippets: KubernetesRule = {
  kind: 'kubernetes',
  id: 'kubernetes/ingress-nginx-snippets',
  title: 'ingress-nginx configuration snippet or injectable annotation',
  severity: 'warning',
  category: 'exposure',
  equivalents: ['checkov:CKV_K8S_153', 'checkov:CKV_K8S_152', 'checkov:CKV_K8S_154', 'trivy:KCV-0093'],
  compliance: ['CWE-94'],
  explanation: {
    what:
      'An Ingress sets an ingress-nginx snippet annotation (`nginx.ingress.kubernetes.io/server-snippet`, `configuration-snippet`, ' +
      '`auth-snippet`, `modsecurity-snippet`, …), or sets `auth-url`, `auth-tls-match-cn`, `mirror-target`, `mirror-host` or ' +
      '`permanent-redirect` to a value containing characters that end an NGINX directive.',
    why:
      'Snippets are pasted into the controller\'s nginx.conf verbatim. The controller runs with a service account that can read every ' +
      'Secret in the cluster, so anyone allowed to edit an Ingress can read those Secrets or run Lua code in the controller ' +
      '(CVE-2021-25742, CVE-2023-5043). The other annotations were injectable the same way until ingress-nginx 1.12.1/1.11.5 ' +
      '(CVE-2025-24514, CVE-2025-1097, CVE-2025-1098; chained with CVE-2025-1974, "IngressNightmare", to take over clusters). ' +
      'Recent controllers reject snippets unless `allow-snippet-annotations` is turned back on.',
    fix:
      'Replace the snippet with the dedicated annotation (e.g. `nginx.ingress.kubernetes.io/enable-cors`, `…/configuration` ' +
      'via the controller ConfigMap for global settings), keep `allow-snippet-annotations: "false"` in the controller ConfigMap, and ' +
      'upgrade ingress-nginx to a patched release.',
  },
  fixtures: [
    {
      text: ingress('    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers "X-Frame-Options: DENY";\n'),
      expect: ['nginx.ingress.kubernetes.io/configuration-snippet'],
    },
    {
      text: ingress('    nginx.ingress.kubernetes.io/auth-url: "http://auth.example.com/#;}}}\\nload_module /tmp/x.so;"\n    nginx.ingress.kubernetes.io/server-snippet: "location /k { alias /var/run/secrets/; }"\n'),
      expect: ['nginx.ingress.kubernetes.io/auth-url', 'nginx.ingress.kubernetes.io/server-snippet'],
      note: 'injection in auth-url; snippet that serves the token directory',
    },
    { text: ingress('    nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/oauth2/auth"\n    nginx.ingress.kubernetes.io/rewrite-target: /\n'), expect: [] },
    { text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: "x"\nspec:\n  ports:\n  - port: 80\n', expect: [], note: 'only Ingresses are read by the controller' },
  ],
  check({ model, report }) {
    for (const object of objectsOfKind(model, 'Ingress')) {
      const { file, document } = object;
      const annotations = getMap(object.metadata, 'annotations', document);
      for (const pair of (annotations?.items ?? []) as YamlPair[]) {
        const key = scalarValue(file, pair.key);
        if (typeof key !== 'string' || !key.startsWith(PREFIX)) continue;
        const value = stringValue(file, deref(document, pair.value));
        const name = key.slice(PREFIX.length);
        if (SNIPPET.test(key)) {
          const dangerous = value !== undefined && DANGEROUS_CONTENT.test(value);
          report({
            ...pairSpan(file, pair),
            message:
              `${describeObject(object)} sets ${name}: raw NGINX configuration${dangerous ? ' that reaches Lua, files or the controller\'s credentials' : ''} ` +
              'runs in the ingress controller, which can read every Secret in the cluster (CVE-2021-25742). Use a dedicated annotation instead.',
          });
          continue;
        }
        const injectable = INJECTABLE[name];
        if (injectable && value !== undefined && injectable.test(value)) {
          report({
            ...pairSpan(file, pair),
            message:
              `${describeObject(object)} sets ${name} to a value with characters that end an NGINX directive: unpatched ingress-nginx copies it into ` +
              'nginx.conf as configuration (CVE-2025-24514/1097/1098, IngressNightmare). Remove the characters and upgrade the controller.',
          });
        }
      }
    }
  },
};
