import type { ComposeRule } from '../../rule';
import { pairSpan } from './helpers';
import { GroupedReports, hostBindVolumes, sensitiveHostPath, serviceMounts, servicesUsingVolume } from './shared';

/** Bind mounts of host directories that expose the host: `/`, `/etc`, `/proc`, `/sys`, `/root`, `~/.ssh`… */
export const composeSensitiveHostMount: ComposeRule = {
  kind: 'compose',
  id: 'compose/sensitive-host-mount',
  title: 'Sensitive host directory mounted into a service',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:volume_has_sensitive_host_directory'],
  compliance: ['CIS-Docker-5.5', 'CWE-668'],
  explanation: {
    what:
      'A bind mount (short `src:dst[:ro]`, long `type: bind`, or a top-level volume with `driver_opts` `o: bind` and ' +
      '`device:`) of the host\'s `/`, `/etc`, `/proc`, `/sys`, `/boot`, host disk devices, `/root`, a whole home ' +
      'directory or `/home`, a credential folder (`~/.ssh`, `~/.aws`, `~/.kube`, `~/.docker`, `~/.gnupg`, ' +
      '`~/.config/gcloud`…), the engine\'s state (`/var/lib/docker`, `/var/lib/containerd`, `/var/lib/kubelet`), the ' +
      'D-Bus/systemd sockets, or — writable — `/usr`, `/bin`, `/lib`. Time zone, CA certificate and machine-id files ' +
      'under `/etc` are not reported; `/etc/hosts` and `/etc/resolv.conf` only when writable. Runtime sockets and ' +
      '`/run`, `/var/run` are compose/docker-socket\'s.',
    why:
      'A writable `/etc` or `/` lets the container add a user, a cron job or an SSH key on the host: root in the ' +
      'container becomes root on the host. Even read-only, these paths leak `/etc/shadow`, SSH private keys, cloud ' +
      'credentials and other containers\' secrets under `/var/lib/docker`. `/proc` and `/sys` expose kernel tunables ' +
      'and other processes. KICS reports every path under `/var`, `/home`, `/usr`…; this rule avoids the common ' +
      'legitimate mounts (project directories under `/home/<user>/…`, `/var/log`, `/etc/localtime`).',
    fix:
      'Mount only the file or directory the service needs, read-only (`/etc/myapp/config.yaml:/config.yaml:ro`), or ' +
      'use a named volume. Pass credentials with compose `secrets:` instead of mounting `~/.aws` or `~/.ssh`. ' +
      'Monitoring agents that need `/proc` and `/sys` should mount them read-only under `/host` and be reviewed.',
  },
  fixtures: [
    {
      text: 'services:\n  app:\n    image: app:1\n    volumes:\n      - /:/host\n      - /etc:/host/etc:ro\n      - ~/.ssh:/root/.ssh:ro\n      - ${HOME}/.aws:/root/.aws\n',
      expect: ['/:/host', '/etc:', '~/.ssh', '${HOME}'],
    },
    {
      text:
        'services:\n  exporter:\n    image: prom/node-exporter:v1.8.2\n    volumes:\n      - type: bind\n        source: /proc\n        target: /host/proc\n' +
        '        read_only: true\n      - {type: bind, source: /var/lib/docker/, target: /var/lib/docker, read_only: true}\n',
      expect: ['/proc\n', '/var/lib/docker/,'],
      note: 'long syntax, block and flow; trailing slash',
    },
    {
      text:
        'services:\n  app:\n    image: app:1\n    volumes: [etc:/host/etc]\nvolumes:\n  etc:\n    driver: local\n    driver_opts:\n      type: none\n' +
        '      o: bind\n      device: /etc\n',
      expect: ['device: /etc'],
      note: 'top-level volume binding /etc',
    },
    {
      text: 'services:\n  app:\n    image: app:1\n    volumes:\n      - /usr/bin:/usr/bin\n      - /usr/lib:/usr/lib:ro\n      - /etc/hosts:/etc/hosts\n      - /etc/resolv.conf:/etc/resolv.conf:ro\n',
      expect: ['/usr/bin', '/etc/hosts'],
      note: 'system directories and /etc/hosts only when writable',
    },
    {
      text:
        'services:\n  app:\n    image: app:1\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/timezone:/etc/timezone:ro\n' +
        '      - ./data:/data\n      - /home/alice/projects/app:/app\n      - /var/log:/host/var/log:ro\n      - /dev/shm:/dev/shm\n' +
        '      - ${DATA_DIR:-./data}:/data2\n      - data:/etc\n      - /srv/app:/srv/app\nvolumes:\n  data: {}\n',
      expect: [],
      note: 'time zone files, project directories, /var/log, /dev/shm, named volumes mounted at /etc',
    },
    {
      text: 'services:\n  app:\n    image: app:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - C:\\Users\\me\\.kube:/root/.kube\n      - /root:/r\n',
      expect: ['C:\\Users', '/root:/r'],
      note: 'sockets are docker-socket\'s; Windows paths',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const mount of serviceMounts(model, service)) {
        if ((mount.type !== 'bind' && mount.type !== 'unknown') || mount.source === undefined) continue;
        const sensitive = sensitiveHostPath(mount.source);
        if (!sensitive || (sensitive.writableOnly && mount.readOnly)) continue;
        const access = mount.readOnly ? 'read-only' : 'writable';
        groups.add(mount.node, service, (label) => ({
          ...mount.span,
          message: `${label} mounts host path ${sensitive.path} (${sensitive.what}) ${access}: ${mount.readOnly ? 'it can read host secrets' : 'it can change the host'}; mount only the files it needs, read-only.`,
        }));
      }
    }
    groups.flush(report);
    for (const volume of hostBindVolumes(model)) {
      const sensitive = sensitiveHostPath(volume.device);
      if (!sensitive) continue;
      const users = servicesUsingVolume(model, volume.name);
      const usedBy = users.length > 0 ? ` (used by ${users.map((u) => `"${u}"`).join(', ')})` : '';
      report({
        ...pairSpan(model.file, volume.devicePair),
        message: `volume "${volume.name}"${usedBy} binds host path ${sensitive.path} (${sensitive.what}); mount only the files the services need, read-only.`,
      });
    }
  },
};
