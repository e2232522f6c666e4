import type { ComposeRule } from '../../rule';
import { addToServiceList, booleanOf, capabilityName, fieldChain, judgesAbsence, listItems, missingAnchor, serviceField } from './shared';
import { serviceAnchor } from './helpers';

/** A service keeps Docker's default capability set instead of `cap_drop: [ALL]`. */
export const composeCapabilitiesNotDropped: ComposeRule = {
  kind: 'compose',
  id: 'compose/capabilities-not-dropped',
  title: 'Service does not drop all capabilities',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['kics:container_capabilities_unrestricted'],
  compliance: ['CIS-Docker-5.3', 'CWE-250'],
  enabledByDefault: false,
  fixable: true,
  explanation: {
    what:
      'A service\'s `cap_drop` (its own, merged from `<<:` or inherited with `extends`) does not contain `ALL`. ' +
      'Privileged services are left to compose/privileged.',
    why:
      'Docker gives every container 14 capabilities by default (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, ' +
      'MKNOD…). Most services need none of them; each one left in place widens what an attacker can do after ' +
      'compromising the process — NET_RAW allows ARP/DNS spoofing on the compose network, DAC_OVERRIDE ignores file ' +
      'permissions. Off by default (the `strict` profile enables it): images whose entrypoint switches users need ' +
      'SETUID/SETGID back. KICS\'s Container Capabilities Unrestricted also fires on any `cap_add`; this rule ' +
      'only asks for `cap_drop: [ALL]`.',
    fix: 'Drop everything and add back only what the service needs:\n\n```yaml\ncap_drop: [ALL]\ncap_add: [NET_BIND_SERVICE]\n```',
  },
  fixtures: [
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n',
      expect: ['web'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop:\n    - ALL\n',
    },
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop:\n    - NET_RAW\n',
      expect: ['cap_drop'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop:\n    - NET_RAW\n    - ALL\n',
      note: 'a partial list',
    },
    {
      text: 'services:\n  web: {image: "nginx:1.27", cap_drop: []}\n',
      expect: ['cap_drop'],
      fixed: 'services:\n  web: {image: "nginx:1.27", cap_drop: [ALL]}\n',
      note: 'flow style, empty list',
    },
    {
      text: '{\n  "services": {\n    "web": {\n      "image": "nginx:1.27"\n    }\n  }\n}\n',
      expect: ['"web"'],
      fixed: '{\n  "services": {\n    "web": {\n      "image": "nginx:1.27",\n      "cap_drop": ["ALL"]\n    }\n  }\n}\n',
      note: 'JSON',
    },
    {
      text:
        'x-hardening: &hardening\n  cap_drop: [all]\n  security_opt: [no-new-privileges:true]\nservices:\n  a:\n    <<: *hardening\n    image: a:1\n' +
        '  base:\n    image: b:1\n    cap_drop: [CAP_ALL]\n  child:\n    extends: base\n  priv:\n    image: p:1\n    privileged: true\n' +
        '  fragment:\n    environment: [A=1]\n  remote:\n    extends: {file: common.yaml, service: web}\n',
      expect: [],
      note: 'merged, CAP_ prefix, extends, privileged, a fragment without image, a base in another file',
    },
    {
      text: 'x-d: &d\n  cap_drop: [NET_RAW]\nservices:\n  a:\n    <<: *d\n    image: a:1\n',
      expect: ['a:\n'],
      fixed: 'x-d: &d\n  cap_drop: [NET_RAW]\nservices:\n  a:\n    <<: *d\n    image: a:1\n    cap_drop:\n    - NET_RAW\n    - ALL\n',
      note: 'a merged list is copied into the service, since a written key replaces the merged one',
    },
    { text: 'services:\n  web:\n    image: nginx:1.27\n', fileName: 'compose.override.yaml', expect: [], note: 'override files add to another file' },
  ],
  check({ model, fileName, report }) {
    for (const service of model.services) {
      if (booleanOf(model, serviceField(model, service, 'privileged')) === true) continue;
      const chain = fieldChain(model, service, 'cap_drop');
      const names = chain.flatMap((source) => listItems(model, source).map((i) => i.value));
      if (names.some((n) => capabilityName(n) === 'ALL')) continue;
      if (names.some((n) => n.includes('$'))) continue;
      if (!judgesAbsence(model, service, fileName)) continue;
      const fix = addToServiceList(model, service, 'cap_drop', 'ALL', 'Add ALL to cap_drop');
      report({
        ...(chain.length > 0 ? missingAnchor(model, service, 'cap_drop') : serviceAnchor(service)),
        message: `service "${service.name}" keeps Docker's default capabilities: add cap_drop: [ALL] and cap_add only what it needs.`,
        missing: true,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};
