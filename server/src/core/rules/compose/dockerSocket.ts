import type { ComposeRule } from '../../rule';
import { pairSpan } from './helpers';
import { GroupedReports, hostBindVolumes, runtimeSocket, serviceMounts, servicesUsingVolume } from './shared';

/** A container engine's API socket (or the directory holding it) bind-mounted into a service. */
export const composeDockerSocket: ComposeRule = {
  kind: 'compose',
  id: 'compose/docker-socket',
  title: 'Container engine socket mounted into a service',
  severity: 'error',
  category: 'privileges',
  equivalents: ['kics:docker_socket_mounted_in_container', 'semgrep:exposing-docker-socket-volume'],
  compliance: ['CIS-Docker-5.31', 'CWE-284', 'CWE-250'],
  explanation: {
    what:
      'A service mounts the Docker, containerd, Podman or CRI-O API socket (`/var/run/docker.sock`, ' +
      '`/run/containerd/containerd.sock`, `$XDG_RUNTIME_DIR/podman/podman.sock`, the Windows `\\\\.\\pipe\\docker_engine` ' +
      'pipe), or a directory that holds one (`/var/run`, `/run`), in short or long volume syntax or through a top-level ' +
      'volume with `driver_opts` `o: bind`.',
    why:
      'Whoever can talk to the engine API can start a privileged container with the host\'s `/` mounted: the socket is ' +
      'root on the host. A read-only mount (`:ro`) does not help — it stops writes to the socket *file*, not API calls ' +
      'made through it. A compromised web UI, CI runner or reverse proxy with the socket owns the machine.',
    fix:
      'Remove the mount. If the service only needs to read container metadata (Traefik, monitoring), put a filtering ' +
      'proxy in front of the socket that allows just those API calls, for example `tecnativa/docker-socket-proxy` with ' +
      '`CONTAINERS=1`, and point the service at `tcp://socket-proxy:2375`. Rootless Docker or Podman limits the damage ' +
      'to one user account.',
  },
  fixtures: [
    {
      text: 'services:\n  traefik:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      expect: ['/var/run/docker.sock:/var'],
      note: 'short syntax; :ro is still dangerous',
    },
    {
      text:
        'services:\n  agent:\n    image: portainer/agent:2.21.0\n    volumes:\n      - type: bind\n        source: /run/containerd/containerd.sock\n' +
        '        target: /run/containerd/containerd.sock\n        read_only: true\n      - {type: bind, source: /var/run, target: /host/run}\n',
      expect: ['/run/containerd/containerd.sock\n', '/var/run,'],
      note: 'long syntax, block and flow; the /var/run directory',
    },
    {
      text:
        'services:\n  ci:\n    image: gitlab/gitlab-runner:v17.3.0\n    volumes:\n      - "${XDG_RUNTIME_DIR}/podman/podman.sock:/var/run/docker.sock"\n' +
        '      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n      - ${CACHE_DIR}:/cache\n',
      expect: ['"${XDG', '${DOCKER_SOCK'],
      note: 'interpolated prefix, and a variable whose default is the socket',
    },
    {
      text:
        'x-socket: &socket\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    <<: *socket\n    image: a:1\n  b:\n    <<: *socket\n    image: b:1\n',
      expect: ['/var/run/docker.sock:'],
      note: 'merged from an x- block: reported once',
    },
    {
      text:
        'services:\n  app:\n    image: app:1\n    volumes: [sock:/var/run/docker.sock]\nvolumes:\n  sock:\n    driver: local\n' +
        '    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n',
      expect: ['device:'],
      note: 'top-level volume binding the socket',
    },
    { text: 'services:\n  win:\n    image: app:1\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n', expect: ['\\\\.\\pipe\\docker_engine\n'], note: 'Windows named pipe' },
    {
      text: 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n      - data:/var/run/app\n      - /srv/docker.sockets:/x\nvolumes:\n  data: {}\n',
      expect: [],
      note: 'named volume mounted at /var/run, unrelated paths',
    },
  ],
  check({ model, report }) {
    const groups = new GroupedReports();
    for (const service of model.services) {
      for (const mount of serviceMounts(model, service)) {
        if ((mount.type !== 'bind' && mount.type !== 'npipe' && mount.type !== 'unknown') || mount.source === undefined) continue;
        const socket = runtimeSocket(mount.source);
        if (!socket) continue;
        const readOnly = mount.readOnly ? ' Mounting it read-only does not help: `:ro` stops writes to the file, not API calls.' : '';
        groups.add(mount.node, service, (label) => ({
          ...mount.span,
          message:
            socket.kind === 'socket'
              ? `${label} mounts the container engine socket ${socket.path}: anyone who controls the container can drive the engine and become root on the host.${readOnly}`
              : `${label} mounts ${socket.path}, which holds the container engine socket: anyone who controls the container can become root on the host.${readOnly}`,
        }));
      }
    }
    groups.flush(report);
    for (const volume of hostBindVolumes(model)) {
      const socket = runtimeSocket(volume.device);
      if (!socket) continue;
      const users = servicesUsingVolume(model, volume.name);
      const usedBy = users.length > 0 ? ` (used by ${users.map((u) => `"${u}"`).join(', ')})` : '';
      report({
        ...pairSpan(model.file, volume.devicePair),
        message: `volume "${volume.name}"${usedBy} binds the container engine socket ${socket.path}: a container that mounts it can become root on the host.`,
      });
    }
  },
};
