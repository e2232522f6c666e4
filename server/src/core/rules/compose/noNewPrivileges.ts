import type { ComposeRule } from '../../rule';
import { serviceAnchor } from './helpers';
import { addToServiceList, canEditService, fieldChain, goBool, hasInterpolation, judgesAbsence, missingAnchor, replaceNode, securityOpts } from './shared';

/** `security_opt` lacks `no-new-privileges`: setuid binaries can raise privileges inside the container. */
export const composeNoNewPrivileges: ComposeRule = {
  kind: 'compose',
  id: 'compose/no-new-privileges',
  title: 'Service may gain new privileges',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['kics:no_new_privileges_not_set', 'semgrep:no-new-privileges'],
  compliance: ['CIS-Docker-5.25', 'CWE-250'],
  fixable: true,
  explanation: {
    what:
      'A service\'s `security_opt` (own, merged from `<<:` or inherited with `extends`) does not enable ' +
      '`no-new-privileges`, or sets it to false. `no-new-privileges`, `no-new-privileges:true` and ' +
      '`no-new-privileges=true` all enable it (Docker splits at `=`, else at `:`, and parses the value like Go\'s ' +
      'ParseBool).',
    why:
      'Without it, a process in the container can gain privileges through setuid/setgid binaries (`su`, `sudo`, ' +
      '`passwd`) or file capabilities, turning a compromised unprivileged user into root inside the container — the ' +
      'first step of most escapes. The flag sets the kernel\'s `no_new_privs` bit, which nothing a normal service ' +
      'does needs.',
    fix: 'Add it to `security_opt`:\n\n```yaml\nsecurity_opt:\n  - no-new-privileges:true\n```',
  },
  fixtures: [
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n',
      expect: ['web'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n    - no-new-privileges:true\n',
    },
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - apparmor:docker-default\n',
      expect: ['security_opt'],
      fixed: 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - apparmor:docker-default\n      - no-new-privileges:true\n',
      note: 'appends to an existing list',
    },
    {
      text: 'services:\n  web: {image: "nginx:1.27", security_opt: ["no-new-privileges:false"]}\n',
      expect: ['"no-new-privileges:false"'],
      fixed: 'services:\n  web: {image: "nginx:1.27", security_opt: ["no-new-privileges:true"]}\n',
      note: 'explicitly off',
    },
    {
      text: '{"services": {"web": {"image": "nginx:1.27"}}}\n',
      expect: ['"web"'],
      fixed: '{"services": {"web": {"image": "nginx:1.27", "security_opt": ["no-new-privileges:true"]}}}\n',
      note: 'JSON',
    },
    {
      text: 'x-sec: &sec\n  security_opt: [label:type:app_t]\nservices:\n  a:\n    <<: *sec\n    image: a:1\n',
      expect: ['a:\n'],
      fixed: 'x-sec: &sec\n  security_opt: [label:type:app_t]\nservices:\n  a:\n    <<: *sec\n    image: a:1\n    security_opt:\n    - label:type:app_t\n    - no-new-privileges:true\n',
      note: 'a merged list is copied so that its entries survive',
    },
    {
      text:
        'x-sec: &sec\n  security_opt: [no-new-privileges]\nservices:\n  a:\n    <<: *sec\n    image: a:1\n  b:\n    image: b:1\n    security_opt: ["no-new-privileges=true"]\n' +
        '  c:\n    extends: b\n  d:\n    image: d:1\n    security_opt: [no-new-privileges:1]\n  e:\n    image: e:1\n    security_opt: ["no-new-privileges:${NNP}"]\n  g:\n    image: g:1\n    security_opt: ["${SECOPT}"]\n' +
        '  f:\n    environment: [A=1]\n',
      expect: [],
      note: 'bare, =true, extends, 1, interpolation, fragment',
    },
  ],
  check({ model, fileName, report }) {
    for (const service of model.services) {
      const all = securityOpts(model, service, true);
      // An entry that is wholly a variable (`${SECURITY_OPT}`) may be the flag.
      if (all.some((o) => hasInterpolation(o.name))) continue;
      const options = all.filter((o) => o.name === 'no-new-privileges');
      const disabled = options.find((o) => o.via !== 'extends' && o.value !== undefined && goBool(o.value) === false);
      if (disabled) {
        report({
          ...disabled.span,
          message: `service "${service.name}" turns no-new-privileges off: setuid binaries can make a compromised process root; set no-new-privileges:true.`,
          fixes: canEditService(service) ? [{ title: 'Set no-new-privileges:true', edits: replaceNode(model, disabled.node, 'no-new-privileges:true'), isPreferred: true }] : undefined,
        });
        continue;
      }
      if (options.some((o) => o.value === undefined || goBool(o.value) === true || hasInterpolation(o.value))) continue;
      if (!judgesAbsence(model, service, fileName)) continue;
      const fix = addToServiceList(model, service, 'security_opt', 'no-new-privileges:true', 'Add no-new-privileges:true to security_opt');
      report({
        ...(fieldChain(model, service, 'security_opt').length > 0 ? missingAnchor(model, service, 'security_opt') : serviceAnchor(service)),
        message: `service "${service.name}" does not set no-new-privileges: setuid binaries can make a compromised process root; add no-new-privileges:true to security_opt.`,
        missing: true,
        fixes: fix ? [fix] : undefined,
      });
    }
  },
};
