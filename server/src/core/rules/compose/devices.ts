import type { ComposeRule } from '../../rule';
import { asMap } from '../../documents/yaml';
import { getNode, nodeSpan, stringValue } from './helpers';
import { GroupedReports, dangerousDevice, hasInterpolation, normalizeHostPath, ownField } from './shared';
import { isSeq } from 'yaml';
import type { YamlNode } from '../../documents/yaml';

/** `devices:` passes host devices into the container; raw memory and disks are as good as root. */
export const composeDevices: ComposeRule = {
  kind: 'compose',
  id: 'compose/devices',
  title: 'Host device passed into a service',
  severity: 'warning',
  category: 'privileges',
  equivalents: [],
  compliance: ['CIS-Docker-5.17', 'CWE-250'],
  explanation: {
    what:
      'A service\'s `devices:` maps a host device that gives raw access to the host: `/dev/mem`, `/dev/kmem`, ' +
      '`/dev/port`, disks and partitions (`/dev/sda`, `/dev/nvme0n1`, `/dev/mapper/*`, `/dev/disk/*`, `/dev/loop*`), ' +
      '`/dev/kmsg`, CPU MSRs. With the `strict` profile every device mapping is reported (GPUs, `/dev/net/tun`, USB ' +
      'serial ports…). CDI names (`nvidia.com/gpu=all`) are not host paths and are not reported. No other linter ' +
      'checks this.',
    why:
      'A device node bypasses the filesystem and namespace isolation: with a host disk the container can read every ' +
      'file on it (password hashes, other containers\' data) or rewrite it; `/dev/mem` exposes physical memory. Such a ' +
      'mapping is close to `privileged: true`. Other devices widen the kernel driver surface the container can reach.',
    fix: 'Remove the mapping, or pass only the specific device the service needs (a GPU render node, one serial port) and prefer CDI device names.',
  },
  fixtures: [
    { text: 'services:\n  app:\n    image: app:1\n    devices:\n      - /dev/sda:/dev/xvda:rwm\n      - /dev/mem\n      - /dev/dri:/dev/dri\n', expect: ['/dev/sda', '/dev/mem'] },
    { text: 'services:\n  app: {image: "app:1", devices: ["/dev/nvme0n1", "/dev/net/tun"]}\n', expect: ['"/dev/nvme0n1"', '"/dev/net/tun"'], config: { profiles: ['strict'] }, note: 'strict reports every device' },
    { text: 'services:\n  app:\n    image: app:1\n    devices: [/dev/dri/renderD128, /dev/ttyUSB0, "nvidia.com/gpu=all", "${DEVICE}:/dev/x"]\n', expect: [] },
  ],
  check({ model, config, report }) {
    const strict = config.profiles?.includes('strict') === true;
    const groups = new GroupedReports();
    for (const service of model.services) {
      const source = ownField(model, service, 'devices');
      if (!source || !isSeq(source.value)) continue;
      for (const item of source.value.items as YamlNode[]) {
        const map = asMap(item);
        const text = map ? stringValue(model.file, getNode(map, 'source', model.document)) : stringValue(model.file, item);
        if (text === undefined || hasInterpolation(text)) continue;
        const host = text.split(':')[0].trim();
        if (!host.startsWith('/')) continue;
        const { path } = normalizeHostPath(host);
        const danger = dangerousDevice(path);
        if (!danger && !strict) continue;
        groups.add(item, service, (label) => ({
          ...nodeSpan(item),
          message: danger
            ? `${label} gets host device ${path} (${danger}): that is close to privileged access to the host; remove it.`
            : `${label} gets host device ${path}: it widens the kernel surface the container can reach; keep device mappings to what the service needs.`,
        }));
      }
    }
    groups.flush(report);
  },
};
