import type { ComposeRule } from '../../rule';
import { GroupedReports, securityOpts } from './shared';

/** `security_opt: [seccomp:unconfined]`: the container may use every system call. */
export const composeSeccompUnconfined: ComposeRule = {
  kind: 'compose',
  id: 'compose/seccomp-unconfined',
  title: 'Seccomp disabled for a service',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['kics:default_seccomp_profile_disabled', 'semgrep:seccomp-confinement-disabled'],
  compliance: ['CIS-Docker-5.21', 'CWE-693'],
  explanation: {
    what: 'A service\'s `security_opt` contains `seccomp:unconfined` or `seccomp=unconfined`.',
    why:
      'Docker\'s default seccomp profile blocks about 50 rarely needed system calls (`keyctl`, `bpf`, `unshare`, ' +
      '`mount`, `kexec_load`, `open_by_handle_at`…) that are the entry points of many kernel exploits and container ' +
      'escapes. Disabling it exposes the whole kernel system-call surface to the container.',
    fix:
      'Remove the option. If the service needs one blocked call, copy Docker\'s default profile, allow just that call ' +
      'and load it with `seccomp:./seccomp.json`.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: app:1\n    security_opt:\n      - seccomp:unconfined\n      - no-new-privileges:true\n', expect: ['seccomp:unconfined'] },
    { text: 'services:\n  app: {image: "app:1", security_opt: ["seccomp=unconfined"]}\n', expect: ['"seccomp=unconfined"'], note: '= form, flow style' },
    { text: 'services:\n  app:\n    image: app:1\n    security_opt:\n      - seccomp:./profile.json\n      - seccomp=${SECCOMP_PROFILE}\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const option of securityOpts(model, service, false)) {
        if (option.name !== 'seccomp' || option.value?.toLowerCase() !== 'unconfined') continue;
        groups.add(option.node, service, (label) => ({
          ...option.span,
          message: `${label} disables seccomp: every system call, including the ones kernel exploits use, is allowed; remove seccomp:unconfined or use a custom profile.`,
        }));
      }
    }
    groups.flush(report);
  },
};
