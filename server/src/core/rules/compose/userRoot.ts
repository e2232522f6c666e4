import type { ComposeRule } from '../../rule';
import { GroupedReports, hasInterpolation, ownField, sourceSpan, stringOf } from './shared';

/** `user: root`, `user: 0`, `user: "0:0"`: the service explicitly runs as root. */
export const composeUserRoot: ComposeRule = {
  kind: 'compose',
  id: 'compose/user-root',
  title: 'Service explicitly runs as root',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['semgrep:service-runs-as-root'],
  compliance: ['CWE-250'],
  explanation: {
    what:
      'A service sets `user:` to `root` or UID `0` (`root`, `0`, `"0:0"`, `root:staff`). A missing `user:` falls back ' +
      'to the image\'s `USER`, which this rule cannot see, so it is not reported. (semgrep\'s service-runs-as-root ' +
      'checks the same.)',
    why:
      'Root in a container is the host\'s root user, restricted only by namespaces, capabilities and seccomp. Every ' +
      'container escape — a kernel bug, a mounted socket, a writable host path — lands as root on the host. Setting ' +
      '`user: root` also overrides an image that was built to run unprivileged.',
    fix:
      'Remove `user:` to use the image\'s unprivileged user, or set a non-root UID/GID (`user: "1000:1000"`) and give ' +
      'that user ownership of the volumes it writes.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: app:1\n    user: root\n', expect: ['user: root'] },
    { text: 'services:\n  app: {image: "app:1", user: "0:0"}\n  b:\n    image: b:1\n    user: 0\n', expect: ['user: "0:0"', 'user: 0'], note: 'numeric forms' },
    { text: 'services:\n  app:\n    image: app:1\n    user: "1000:0"\n  b:\n    image: b:1\n    user: ${UID}:${GID}\n  c:\n    image: c:1\n    user: rootless\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'user');
      const text = stringOf(model, source)?.trim();
      if (text === undefined || hasInterpolation(text)) continue;
      const user = text.split(':')[0].trim();
      if (user !== 'root' && !/^0+$/.test(user)) continue;
      groups.add(source!.pair, service, (label) => ({
        ...sourceSpan(model, source!),
        message: `${label} runs as root (user: ${text}): a container escape lands as root on the host; use a non-root UID or the image's own user.`,
      }));
    }
    groups.flush(report);
  },
};
