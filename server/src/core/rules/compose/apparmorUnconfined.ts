import type { ComposeRule } from '../../rule';
import { GroupedReports, securityOpts } from './shared';

/** `security_opt: [apparmor:unconfined]`: the container runs without an AppArmor profile. */
export const composeApparmorUnconfined: ComposeRule = {
  kind: 'compose',
  id: 'compose/apparmor-unconfined',
  title: 'AppArmor disabled for a service',
  severity: 'warning',
  category: 'privileges',
  equivalents: [],
  compliance: ['CIS-Docker-5.1', 'CWE-693'],
  explanation: {
    what: 'A service\'s `security_opt` contains `apparmor:unconfined` or `apparmor=unconfined`.',
    why:
      'On AppArmor hosts (Ubuntu, Debian, SUSE) Docker confines every container with the `docker-default` profile, ' +
      'which denies writes to `/proc` and `/sys` tunables, mounting, and access to sensitive kernel files. ' +
      '`unconfined` removes that layer, so a process that gains capabilities meets no further barrier. None of the ' +
      'usual linters (KICS, semgrep, DCLint) check this.',
    fix: 'Remove the option, or write a profile that allows what the service needs and load it with `apparmor:my-profile`.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: app:1\n    security_opt:\n      - apparmor:unconfined\n', expect: ['apparmor:unconfined'] },
    { text: 'services:\n  app: {image: "app:1", security_opt: [apparmor=unconfined, no-new-privileges]}\n', expect: ['apparmor=unconfined'], note: '= form, flow style' },
    { text: 'services:\n  app:\n    image: app:1\n    security_opt: [apparmor:docker-default, "apparmor=${PROFILE}"]\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const option of securityOpts(model, service, false)) {
        if (option.name !== 'apparmor' || option.value?.toLowerCase() !== 'unconfined') continue;
        groups.add(option.node, service, (label) => ({
          ...option.span,
          message: `${label} runs without an AppArmor profile (apparmor:unconfined): remove it or load a profile tailored to the service.`,
        }));
      }
    }
    groups.flush(report);
  },
};
