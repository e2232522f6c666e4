import type { ComposeRule } from '../../rule';
import { pairSpan } from './helpers';
import { GroupedReports, serviceMounts } from './shared';

/** Bind mounts with `shared`/`rshared` propagation: mounts made in the container appear on the host. */
export const composeVolumePropagationShared: ComposeRule = {
  kind: 'compose',
  id: 'compose/volume-propagation-shared',
  title: 'Bind mount with shared propagation',
  severity: 'warning',
  category: 'privileges',
  equivalents: ['kics:volume_mounted_in_multiple_containers'],
  compliance: ['CIS-Docker-5.19'],
  explanation: {
    what:
      'A bind mount sets propagation `shared` or `rshared` (short syntax `/src:/dst:rshared`, long syntax ' +
      '`bind: {propagation: rshared}`). `slave`/`rslave` only let host mounts flow into the container and are not ' +
      'reported (KICS\'s Volume Mounted In Multiple Containers reports them too, so it is not claimed as an equivalent).',
    why:
      'With shared propagation, mounts the container creates under that path propagate back to the host and to every ' +
      'other container sharing the mount: a compromised container with mount rights can overlay host directories.',
    fix: 'Use the default `rprivate`, or `rslave` when the container must see mounts made on the host (storage drivers, backup agents).',
  },
  fixtures: [
    {
      text:
        'services:\n  csi:\n    image: csi:1\n    volumes:\n      - /var/lib/csi:/var/lib/csi:rshared\n      - type: bind\n        source: /mnt\n        target: /mnt\n' +
        '        bind:\n          propagation: shared\n',
      expect: ['/var/lib/csi:', 'propagation: shared'],
    },
    {
      text: 'services:\n  app:\n    image: app:1\n    volumes: ["/srv:/srv:ro,shared", {type: bind, source: /data, target: /data, bind: {propagation: rshared}}]\n',
      expect: ['"/srv', 'propagation: rshared'],
      note: 'combined modes, flow long syntax',
    },
    { text: 'services:\n  app:\n    image: app:1\n    volumes: ["/mnt:/mnt:rslave", "./data:/data:ro,z", {type: bind, source: /x, target: /x, bind: {propagation: private}}]\n', expect: [] },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const mount of serviceMounts(model, service)) {
        if (mount.propagation !== 'shared' && mount.propagation !== 'rshared') continue;
        const span = mount.propagationPair ? pairSpan(model.file, mount.propagationPair) : mount.span;
        groups.add(mount.node, service, (label) => ({
          ...span,
          message: `${label} bind-mounts ${mount.source ?? 'a host path'} with ${mount.propagation} propagation: mounts made inside the container appear on the host; use rslave or the default.`,
        }));
      }
    }
    groups.flush(report);
  },
};
