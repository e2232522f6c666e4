/**
 * What the compose rules need beyond helpers.ts: fields seen the way `docker compose config`
 * sees them (YAML `<<:` merge keys and `extends:` followed), `${VAR}` interpolation treated as an
 * unknown value, interpolation-safe parsing of short port and volume syntax, host-path
 * classification, and grouping of findings that several services reach through one YAML anchor.
 */
import { isAlias, isScalar, isSeq, type ParsedNode, type YAMLMap } from 'yaml';
import type { OffsetEdit, OffsetFix, Report } from '../../rule';
import { asMap, deref, keyName, scalarValue, type YamlNode, type YamlPair } from '../../documents/yaml';
import { appendItem, insertPair, replaceScalar, setIn } from '../../documents/yamlEdit';
import {
  booleanValue,
  findPair,
  getMap,
  getNode,
  isHostPath,
  nodeSpan,
  pairSpan,
  parseShortPort,
  parseShortVolume,
  stringEntries,
  stringValue,
  type ComposeModel,
  type ComposeService,
  type Span,
} from './helpers';
import { trimTrailing } from '../../text';

type YMap = YAMLMap<ParsedNode, ParsedNode | null>;

// ---------------------------------------------------------------------------------------------
// Fields through `<<:` merge keys and `extends:`.

export interface FieldSource {
  pair: YamlPair;
  /** The value with aliases resolved; null for `key:` with nothing after it. */
  value: YamlNode | null;
  /** The mapping that holds the pair (the service, or an `x-` block merged into it). */
  owner: YMap;
  /** `own`: written in the service itself; `merge`: from a `<<:` merge key; `extends`: from a base service. */
  via: 'own' | 'merge' | 'extends';
  /** The service whose definition holds the field (the base for `extends`). */
  service: ComposeService;
}

const MAX_DEPTH = 20;

/** The maps a `<<:` key merges into `map`, in precedence order (`<<: [*a, *b]`: a wins). */
function mergedMaps(model: ComposeModel, map: YMap): YMap[] {
  const pair = findPair(map, '<<');
  if (!pair || !pair.value) return [];
  const value = pair.value;
  if (isSeq(value)) return value.items.flatMap((item) => asMap(deref(model.document, item as YamlNode)) ?? []);
  const target = asMap(deref(model.document, value));
  return target ? [target] : [];
}

/**
 * Depth-first through `<<:` merges in precedence order. Each mapping is looked in once per lookup: a mapping that
 * did not hold the key will not hold it the second time, and without `seen` merge keys that each name the previous
 * level several times (`<<: [*a, *a, *a]`, a "billion laughs" through merges) cost exponential time.
 */
function findInMap(model: ComposeModel, map: YMap, key: string, depth: number, seen = new Set<YMap>()): { pair: YamlPair; owner: YMap; merged: boolean } | undefined {
  if (depth > MAX_DEPTH || seen.has(map)) return undefined;
  seen.add(map);
  const own = key === '<<' ? undefined : findPair(map, key);
  if (own) return { pair: own, owner: map, merged: false };
  for (const merged of mergedMaps(model, map)) {
    const found = findInMap(model, merged, key, depth + 1, seen);
    if (found) return { ...found, merged: true };
  }
  return undefined;
}

/** `<<`-aware lookup in any mapping (e.g. `deploy`, `healthcheck`). */
export function mapField(model: ComposeModel, map: YMap | undefined, key: string): { pair: YamlPair; value: YamlNode | null; owner: YMap } | undefined {
  if (!map) return undefined;
  const found = findInMap(model, map, key, 0);
  if (!found) return undefined;
  return { pair: found.pair, owner: found.owner, value: found.pair.value === null ? null : (deref(model.document, found.pair.value) ?? null) };
}

/** `<<`-aware mapping value of `map.key`. */
export function mapChild(model: ComposeModel, map: YMap | undefined, key: string): YMap | undefined {
  return asMap(mapField(model, map, key)?.value);
}

export interface ExtendsInfo {
  /** The base service in this file. */
  base?: ComposeService;
  /** The base lives in another file (or could not be found): its fields are unknown. */
  unknown: boolean;
}

export function extendsOf(model: ComposeModel, service: ComposeService): ExtendsInfo | undefined {
  const found = findInMap(model, service.node, 'extends', 0);
  if (!found || !found.pair.value) return undefined;
  const value = deref(model.document, found.pair.value);
  let name: string | undefined;
  const map = asMap(value);
  if (map) {
    if (findPair(map, 'file')) return { unknown: true };
    name = stringValue(model.file, getNode(map, 'service', model.document));
  } else {
    name = stringValue(model.file, value);
  }
  if (name === undefined || hasInterpolation(name)) return { unknown: true };
  const base = model.services.find((s) => s.name === name && s !== service);
  return base ? { base, unknown: false } : { unknown: true };
}

/** The service's own value of `key` (written in it or merged with `<<`), else its base's. */
export function serviceField(model: ComposeModel, service: ComposeService, key: string): FieldSource | undefined {
  return fieldChain(model, service, key)[0];
}

/**
 * Every level's value of `key` along the `extends` chain, nearest first. Compose appends list
 * fields (`security_opt`, `cap_drop`, `ports`…) of a base to the extending service's.
 */
export function fieldChain(model: ComposeModel, service: ComposeService, key: string): FieldSource[] {
  const sources: FieldSource[] = [];
  const visited = new Set<ComposeService>();
  let current: ComposeService | undefined = service;
  let via: FieldSource['via'] | undefined;
  while (current && !visited.has(current) && visited.size < MAX_DEPTH) {
    visited.add(current);
    const found = findInMap(model, current.node, key, 0);
    if (found) {
      sources.push({
        pair: found.pair,
        value: found.pair.value === null ? null : (deref(model.document, found.pair.value) ?? null),
        owner: found.owner,
        via: via ?? (found.merged ? 'merge' : 'own'),
        service: current,
      });
    }
    current = extendsOf(model, current)?.base;
    via = 'extends';
  }
  return sources;
}

/** The service's own value of `key` (written or merged with `<<`), ignoring `extends`. */
export function ownField(model: ComposeModel, service: ComposeService, key: string): FieldSource | undefined {
  const first = fieldChain(model, service, key)[0];
  return first && first.via !== 'extends' ? first : undefined;
}

/** The chain of services `extends` leads through reaches a base this file does not define. */
function hasUnknownBase(model: ComposeModel, service: ComposeService): boolean {
  const visited = new Set<ComposeService>();
  let current: ComposeService | undefined = service;
  while (current && !visited.has(current)) {
    visited.add(current);
    const info = extendsOf(model, current);
    if (!info) return false;
    if (info.unknown) return true;
    current = info.base;
  }
  return false;
}

/**
 * Whether a finding about a field this service lacks means anything. Not in override files
 * (`compose.override.yaml` adds to a base file), not when `extends` reaches another file, and not
 * for fragments with neither `image` nor `build`, which compose only accepts merged into a full
 * definition from another file.
 */
export function judgesAbsence(model: ComposeModel, service: ComposeService, fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  if (/override/i.test(base)) return false;
  if (hasUnknownBase(model, service)) return false;
  return [serviceField(model, service, 'image'), serviceField(model, service, 'build')].some((source) => source?.value);
}

/** Fixes that edit the service's mapping are safe unless the whole service is an alias (`b: *a`), which would edit `a`. */
export function canEditService(service: ComposeService): boolean {
  return !isAlias(service.keyPair.value);
}

export function booleanOf(model: ComposeModel, source: FieldSource | undefined): boolean | undefined {
  return source ? booleanValue(model.file, source.value) : undefined;
}

export function stringOf(model: ComposeModel, source: FieldSource | undefined): string | undefined {
  return source ? stringValue(model.file, source.value) : undefined;
}

/** `key: value` span of a found field. */
export function sourceSpan(model: ComposeModel, source: FieldSource): Span {
  return pairSpan(model.file, source.pair);
}

/** String items of a list field, with their nodes. */
export function listItems(model: ComposeModel, source: FieldSource | undefined): { value: string; span: Span; node: YamlNode }[] {
  return source ? stringEntries(model, source.value) : [];
}

/**
 * Where a finding about a list that lacks an item goes: the list's key when the service writes
 * the list itself, else the service's key.
 */
export function missingAnchor(model: ComposeModel, service: ComposeService, key: string): Span {
  const own = findPair(service.node, key);
  return own ? nodeSpan(own.key) : nodeSpan(service.keyPair.key);
}

/**
 * Fix: add `item` to the service's list `key`. A list the service only inherits through `<<:`
 * is copied into the service with the item added, because a key written in the service replaces
 * the merged one; a base's list (`extends`) is appended to by compose, so a new list is enough.
 */
export function addToServiceList(model: ComposeModel, service: ComposeService, key: string, item: string, title: string): OffsetFix | undefined {
  if (!model.document || !canEditService(service)) return undefined;
  const own = findPair(service.node, key);
  const ownSeq = own ? deref(model.document, own.value) : undefined;
  if (own && ownSeq && isSeq(ownSeq) && ownSeq.items.length > 0) return { title, edits: appendItem(model.file, ownSeq, item), isPreferred: true };
  if (own) return { title, edits: setIn(model.file, model.document, service.node, [key], [item]), isPreferred: true };
  const inherited = ownField(model, service, key);
  if (inherited && inherited.via === 'merge') {
    const values: string[] = [];
    for (const node of isSeq(inherited.value) ? (inherited.value.items as YamlNode[]) : []) {
      const text = stringValue(model.file, deref(model.document, node));
      if (text === undefined) return undefined;
      values.push(text);
    }
    return { title, edits: insertPair(model.file, service.node, key, [...values, item]), isPreferred: true };
  }
  return { title, edits: setIn(model.file, model.document, service.node, [key], [item]), isPreferred: true };
}

// ---------------------------------------------------------------------------------------------
// Interpolation: `${VAR}`, `${VAR:-default}`, `$VAR`; `$$` is a literal `$`.

const MASK_OPEN = '\u0001';
const MASK_CLOSE = '\u0002';

export interface Masked {
  /** The text with every interpolation replaced by a token free of `:`, `/`, `[` and `=`. */
  text: string;
  /** The interpolations, in order. */
  parts: string[];
}

export function maskInterpolations(text: string): Masked {
  const parts: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] === '$') {
      out += '$$';
      i++;
      continue;
    }
    let end = -1;
    if (text[i + 1] === '{') {
      let depth = 0;
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) {
          end = j + 1;
          break;
        }
      }
      if (end < 0) end = text.length;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (m) end = i + 1 + m[0].length;
    }
    if (end < 0) {
      out += c;
      continue;
    }
    out += `${MASK_OPEN}${parts.length}${MASK_CLOSE}`;
    parts.push(text.slice(i, end));
    i = end - 1;
  }
  return { text: out, parts };
}

export function unmask(masked: Masked, text: string): string {
  return text.replace(/\u0001(\d+)\u0002/g, (_, n: string) => masked.parts[Number(n)] ?? '');
}

export function isMasked(text: string | undefined): boolean {
  return text !== undefined && text.includes(MASK_OPEN);
}

/** The text holds a `${VAR}` or `$VAR` whose value compose fills in: the value is unknown. */
export function hasInterpolation(text: string): boolean {
  return maskInterpolations(text).parts.length > 0;
}

/** `$$` → `$`, the literal value compose passes on. */
export function unescapeDollars(text: string): string {
  return text.replace(/\$\$/g, '$');
}

/** The default of `${VAR:-default}` / `${VAR-default}`, when the interpolation is exactly that. */
export function interpolationDefault(text: string): string | undefined {
  const m = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/.exec(text);
  return m ? m[1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Ports and volumes in short and long syntax, interpolation-safe.

export interface PortMapping {
  /** Host IP as written; undefined when none is given. */
  hostIp?: string;
  published?: string;
  target?: string;
  protocol?: string;
  /** The host IP is an interpolation: where the port is published is unknown. */
  hostIpUnknown: boolean;
  form: 'short' | 'long';
  node: YamlNode;
  span: Span;
}

/** `ports:` of a service (own or merged with `<<`; a base's ports are the base's findings). */
export function portMappings(model: ComposeModel, service: ComposeService): PortMapping[] {
  const source = ownField(model, service, 'ports');
  if (!source || !isSeq(source.value)) return [];
  const out: PortMapping[] = [];
  for (const raw of source.value.items as YamlNode[]) {
    const item = deref(model.document, raw);
    if (!item) continue;
    const map = asMap(item);
    if (map) {
      const hostIp = stringValue(model.file, getNode(map, 'host_ip', model.document));
      out.push({
        hostIp,
        published: stringValue(model.file, getNode(map, 'published', model.document)),
        target: stringValue(model.file, getNode(map, 'target', model.document)),
        protocol: stringValue(model.file, getNode(map, 'protocol', model.document)),
        hostIpUnknown: hostIp !== undefined && hasInterpolation(hostIp),
        form: 'long',
        node: item,
        span: nodeSpan(item),
      });
      continue;
    }
    const text = stringValue(model.file, item);
    if (text === undefined) continue;
    const masked = maskInterpolations(text);
    const parsed = parseShortPort(masked.text);
    const restore = (s: string | undefined) => (s === undefined ? undefined : unmask(masked, s));
    out.push({
      hostIp: restore(parsed.hostIp),
      published: restore(parsed.published),
      target: restore(parsed.target),
      protocol: restore(parsed.protocol),
      hostIpUnknown: isMasked(parsed.hostIp),
      form: 'short',
      node: item,
      span: nodeSpan(item),
    });
  }
  return out;
}

export interface Mount {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | 'unknown';
  source?: string;
  target?: string;
  readOnly: boolean;
  propagation?: string;
  form: 'short' | 'long';
  node: YamlNode;
  /** The entry (short) or its `source:` value (long). */
  span: Span;
  /** Long syntax: the `propagation:` pair under `bind:`, when set. */
  propagationPair?: YamlPair;
}

/** `volumes:` of a service (own or merged with `<<`). */
export function serviceMounts(model: ComposeModel, service: ComposeService): Mount[] {
  const source = ownField(model, service, 'volumes');
  if (!source || !isSeq(source.value)) return [];
  const out: Mount[] = [];
  for (const raw of source.value.items as YamlNode[]) {
    const item = deref(model.document, raw);
    if (!item) continue;
    const map = asMap(item);
    if (map) {
      const type = stringValue(model.file, getNode(map, 'type', model.document)) ?? 'volume';
      const sourceNode = getNode(map, 'source', model.document);
      const bind = getMap(map, 'bind', model.document);
      const propagationPair = findPair(bind, 'propagation');
      out.push({
        type: (['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'].includes(type) ? type : 'unknown') as Mount['type'],
        source: stringValue(model.file, sourceNode),
        target: stringValue(model.file, getNode(map, 'target', model.document)),
        readOnly: booleanValue(model.file, getNode(map, 'read_only', model.document)) === true,
        propagation: propagationPair ? stringValue(model.file, deref(model.document, propagationPair.value)) : undefined,
        form: 'long',
        node: item,
        span: sourceNode ? nodeSpan(sourceNode) : nodeSpan(item),
        propagationPair,
      });
      continue;
    }
    const text = stringValue(model.file, item);
    if (text === undefined) continue;
    const masked = maskInterpolations(text);
    const parsed = parseShortVolume(masked.text);
    const src = parsed.source === undefined ? undefined : unmask(masked, parsed.source);
    out.push({
      type: src !== undefined && isHostPath(src) ? 'bind' : parsed.type,
      source: src,
      target: parsed.target === undefined ? undefined : unmask(masked, parsed.target),
      readOnly: parsed.readOnly,
      propagation: parsed.propagation,
      form: 'short',
      node: item,
      span: nodeSpan(item),
    });
  }
  return out;
}

export interface HostBindVolume {
  name: string;
  /** Host path of `driver_opts.device`. */
  device: string;
  devicePair: YamlPair;
}

/** Top-level named volumes that are bind mounts of a host path (`driver_opts: {type: none, o: bind, device: /path}`). */
export function hostBindVolumes(model: ComposeModel): HostBindVolume[] {
  const out: HostBindVolume[] = [];
  for (const pair of (model.volumes?.items ?? []) as YamlPair[]) {
    const name = keyName(pair);
    const volume = asMap(deref(model.document, pair.value));
    if (name === undefined || !volume) continue;
    const opts = getMap(volume, 'driver_opts', model.document);
    const devicePair = findPair(opts, 'device');
    const device = devicePair ? stringValue(model.file, deref(model.document, devicePair.value)) : undefined;
    if (!devicePair || device === undefined) continue;
    const o = stringValue(model.file, getNode(opts, 'o', model.document)) ?? '';
    const type = stringValue(model.file, getNode(opts, 'type', model.document)) ?? '';
    const isBind = o.split(',').some((x) => /^r?bind$/.test(x.trim())) || type.trim() === 'none';
    if (isBind) out.push({ name, device, devicePair });
  }
  return out;
}

/** Services whose `volumes:` mount the named volume `name`. */
export function servicesUsingVolume(model: ComposeModel, name: string): string[] {
  return model.services.filter((s) => serviceMounts(model, s).some((m) => m.type === 'volume' && m.source === name)).map((s) => s.name);
}

// ---------------------------------------------------------------------------------------------
// Host paths.

export interface HostPath {
  /** Normalised: `/`-separated, `..` resolved, no trailing slash; `~` for the home directory. */
  path: string;
  /** Part of the path comes from a variable other than HOME, or it is relative to the project. */
  unknownPrefix: boolean;
}

export function normalizeHostPath(source: string): HostPath {
  let text = source.trim();
  // The home directory, however it is written.
  text = text.replace(/^\$\{(HOME|USERPROFILE)(?:[:]?-[^}]*)?\}|^\$(HOME|USERPROFILE)\b/, '~');
  const masked = maskInterpolations(text);
  let path = masked.text.replace(/\\/g, '/');
  const windows = /^[A-Za-z]:\//.test(path);
  if (windows) path = path.toLowerCase();
  const relative = path.startsWith('./') || path.startsWith('../') || path === '.' || path === '..';
  const unknownPrefix = relative || path.startsWith(MASK_OPEN);
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length > 0 && !relative) segments.pop();
    else segments.push(segment);
  }
  let normalized: string;
  if (path.startsWith('~')) normalized = segments.join('/');
  else if (path.startsWith('/')) normalized = `/${segments.join('/')}`;
  else normalized = segments.join('/');
  return { path: unmask(masked, normalized), unknownPrefix };
}

const SOCKET_FILE = /(^|\/)(docker|containerd|podman|crio|cri-dockerd|dockershim|buildkitd|balena-engine|balena)\.sock(\.raw)?$/i;
const SOCKET_DIRS = new Set([
  '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd', '/var/run/containerd', '/run/podman',
  '/var/run/podman', '/run/crio', '/var/run/crio', '/run/buildkit', '/var/run/buildkit', '/run/k3s/containerd',
]);
const WINDOWS_ENGINE_PIPE = /^(\/\/|\\\\)\.(\/|\\)pipe(\/|\\)(docker_engine|podman-machine-default|containerd-containerd)/i;

/** The host path is a container engine's API socket, or a directory holding one. */
export function runtimeSocket(source: string): { kind: 'socket' | 'directory'; path: string } | undefined {
  if (WINDOWS_ENGINE_PIPE.test(source.trim())) return { kind: 'socket', path: source.trim() };
  const masked = maskInterpolations(source.trim());
  // A variable with a socket as its default: `${DOCKER_SOCK:-/var/run/docker.sock}`.
  if (masked.parts.length === 1 && masked.text === `${MASK_OPEN}0${MASK_CLOSE}`) {
    const fallback = interpolationDefault(masked.parts[0]);
    return fallback ? runtimeSocket(fallback) : undefined;
  }
  const { path } = normalizeHostPath(source);
  if (SOCKET_FILE.test(path)) return { kind: 'socket', path };
  if (SOCKET_DIRS.has(path) || /^\/run\/user\/\d+(\/(podman|docker))?$/.test(path)) return { kind: 'directory', path };
  return undefined;
}

export interface SensitivePath {
  path: string;
  /** What the directory holds, for the message. */
  what: string;
  /** Only a problem when the mount is writable (system binaries, kernel modules). */
  writableOnly?: boolean;
}

/** Files under /etc that containers routinely read and that hold nothing secret. */
const HARMLESS_ETC = new Set([
  '/etc/localtime', '/etc/timezone', '/etc/machine-id', '/etc/os-release', '/etc/hostname', '/etc/ssl/certs',
  '/etc/ca-certificates', '/etc/pki/ca-trust', '/etc/pki/tls/certs',
]);
const READ_ONLY_HARMLESS_ETC = new Set(['/etc/hosts', '/etc/resolv.conf', '/etc/passwd', '/etc/group']);

const HOME_SECRETS: [RegExp, string][] = [
  [/^\.ssh(\/|$)/, 'SSH keys'],
  [/^\.aws(\/|$)/, 'AWS credentials'],
  [/^\.kube(\/|$)/, 'Kubernetes credentials'],
  [/^\.docker(\/|$)/, 'registry credentials'],
  [/^\.gnupg(\/|$)/, 'GPG keys'],
  [/^\.azure(\/|$)/, 'Azure credentials'],
  [/^\.config\/gcloud(\/|$)/, 'Google Cloud credentials'],
  [/^\.config\/gh(\/|$)/, 'GitHub CLI credentials'],
  [/^\.netrc$/, 'stored passwords'],
  [/^\.git-credentials$/, 'git credentials'],
  [/^\.npmrc$/, 'npm credentials'],
  [/^\.pypirc$/, 'PyPI credentials'],
  [/^\.password-store(\/|$)/, 'stored passwords'],
];

function underAny(path: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * A host path whose mount into a container exposes the host: its root, configuration, kernel
 * interfaces, devices, the engine's state, root's home, whole home directories and the
 * credential folders in them. Runtime sockets and their directories are docker-socket's.
 */
export function sensitiveHostPath(source: string): SensitivePath | undefined {
  if (runtimeSocket(source)) return undefined;
  const { path, unknownPrefix } = normalizeHostPath(source);
  // Home directories: `~`, `/home/<user>`, `/Users/<user>`, `C:/users/<user>`, and credential folders in them.
  const home = /^(~|\/home\/[^/]+|\/Users\/[^/]+|[a-z]:\/users\/[^/]+|\/root)(\/(.*))?$/.exec(path);
  if (home && !unknownPrefix) {
    const rest = home[3] ?? '';
    if (rest === '') return { path, what: home[1] === '/root' ? "root's home directory" : 'a whole home directory (SSH keys, cloud credentials, shell history)' };
    for (const [pattern, what] of HOME_SECRETS) if (pattern.test(rest)) return { path, what };
    if (home[1] === '/root') return { path, what: "root's home directory" };
    return undefined;
  }
  // Variables and relative paths: only credential folders are recognisable (`${CONFIG}/.ssh`).
  if (unknownPrefix) {
    const m = /(?:^|\/)(\.ssh|\.aws|\.kube|\.gnupg|\.docker|\.azure)(\/|$)/.exec(path);
    if (m && !path.startsWith('.')) return { path, what: HOME_SECRETS.find(([p]) => p.test(m[1]))?.[1] ?? 'credentials' };
    return undefined;
  }
  if (path === '/' || /^[a-z]:$/.test(path) || /^[a-z]:\/$/.test(path)) return { path: path || '/', what: "the host's whole filesystem" };
  if (/^[a-z]:\/windows(\/|$)/.test(path)) return { path, what: 'the Windows system directory' };
  if (path === '/home' || path === '/Users') return { path, what: 'every home directory on the host' };
  if (underAny(path, ['/etc'])) {
    if (underAny(path, [...HARMLESS_ETC])) return undefined;
    if (READ_ONLY_HARMLESS_ETC.has(path)) return { path, what: 'host configuration', writableOnly: true };
    return { path, what: path === '/etc' ? 'host configuration (passwords, SSH host keys, sudoers, cron)' : 'host configuration' };
  }
  if (underAny(path, ['/proc'])) return { path, what: 'kernel and process interfaces of the host' };
  // Writable cgroupfs is the `release_agent` escape; read-only it is routine for systemd and cAdvisor.
  if (underAny(path, ['/sys/fs/cgroup'])) return { path, what: 'the host\'s cgroup filesystem', writableOnly: true };
  if (underAny(path, ['/sys'])) return { path, what: 'kernel interfaces of the host' };
  if (underAny(path, ['/boot'])) return { path, what: 'the kernel and boot loader' };
  if (path === '/dev' || (path.startsWith('/dev/') && dangerousDevice(path))) return { path, what: 'host devices' };
  const engine = underAny(path, ['/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/var/lib/rancher', '/var/lib/containers', '/etc/kubernetes']);
  if (engine) return { path, what: 'container engine state (other containers\' filesystems, configuration and secrets)' };
  if (underAny(path, ['/run/dbus', '/var/run/dbus', '/run/systemd', '/var/run/systemd'])) return { path, what: 'the host\'s D-Bus/systemd control sockets' };
  if (underAny(path, ['/usr/share/zoneinfo', '/usr/share/ca-certificates'])) return undefined;
  const system = underAny(path, ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt/containerd']);
  if (system) return { path, what: 'host system binaries and libraries', writableOnly: true };
  return undefined;
}

/** Device nodes that give raw access to host memory, disks or the kernel. */
export function dangerousDevice(path: string): string | undefined {
  const p = trimTrailing(path, '/');
  if (p === '/dev') return 'every host device';
  if (/^\/dev\/(mem|kmem|port)$/.test(p)) return 'raw host memory';
  if (/^\/dev\/kmsg$/.test(p)) return 'the kernel log';
  if (/^\/dev\/(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+)\d*$/.test(p) || /^\/dev\/(nvme\d+(n\d+(p\d+)?)?|mmcblk\d+(p\d+)?|dm-\d+|md\d+|loop\d+|nbd\d+)$/.test(p)) return 'a host disk';
  if (/^\/dev\/(disk|mapper)(\/|$)/.test(p)) return 'host disks';
  if (/^\/dev\/cpu(\/|$)/.test(p)) return 'CPU model-specific registers';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Capabilities and security options.

/** `cap_add`/`cap_drop` names: upper case, `CAP_` prefix dropped. */
export function capabilityName(text: string): string {
  return text.trim().toUpperCase().replace(/^CAP_/, '');
}

export interface SecurityOpt {
  name: string;
  value?: string;
  node: YamlNode;
  span: Span;
  via: FieldSource['via'];
}

/**
 * `security_opt` entries (`no-new-privileges`, `seccomp=unconfined`, `label:disable`). Docker
 * splits at the first `=`, else at the first `:` (the older form). `chain`: include bases'
 * entries, which compose appends through `extends`.
 */
export function securityOpts(model: ComposeModel, service: ComposeService, chain: boolean): SecurityOpt[] {
  const sources = chain ? fieldChain(model, service, 'security_opt') : [ownField(model, service, 'security_opt')].filter((s): s is FieldSource => s !== undefined);
  return sources.flatMap((source) =>
    listItems(model, source).map(({ value, span, node }) => {
      const text = value.trim();
      const eq = text.indexOf('=');
      const colon = text.indexOf(':');
      const at = eq >= 0 ? eq : colon;
      return at < 0
        ? { name: text.toLowerCase(), node, span, via: source.via }
        : { name: text.slice(0, at).trim().toLowerCase(), value: text.slice(at + 1).trim(), node, span, via: source.via };
    }),
  );
}

/** Go's strconv.ParseBool, which Docker uses for `no-new-privileges:<value>`. */
export function goBool(text: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(text)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(text)) return false;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Resource limits.

export interface LimitSource {
  pair: YamlPair;
  value: unknown;
  via: FieldSource['via'];
  /** `mem_limit`, or `deploy.resources.limits.memory`. */
  path: string;
}

/**
 * A limit set with one of `serviceKeys` or `deploy.resources.limits.<deployKey>`, nearest level of
 * the `extends` chain first (merge keys followed at every level of `deploy`).
 */
export function limitSource(model: ComposeModel, service: ComposeService, serviceKeys: readonly string[], deployKey: string): LimitSource | undefined {
  for (const key of serviceKeys) {
    const source = serviceField(model, service, key);
    if (source) return { pair: source.pair, value: scalarOf(model, source.value), via: source.via, path: key };
  }
  for (const deploy of fieldChain(model, service, 'deploy')) {
    const limits = mapChild(model, mapChild(model, asMap(deploy.value), 'resources'), 'limits');
    const found = mapField(model, limits, deployKey);
    if (found) return { pair: found.pair, value: scalarOf(model, found.value), via: deploy.via, path: `deploy.resources.limits.${deployKey}` };
  }
  return undefined;
}

/** A scalar's value; undefined when unknown (`${VAR}`, a Helm action) or not a scalar. */
function scalarOf(model: ComposeModel, node: YamlNode | null): unknown {
  const value = scalarValue(model.file, node);
  return typeof value === 'string' && hasInterpolation(value) ? undefined : value;
}

// ---------------------------------------------------------------------------------------------
// Reporting.

/** `service "web"`, or `service "web" (and "worker", through a YAML anchor)` when several share the field. */
export function servicesLabel(names: readonly string[]): string {
  const [first, ...others] = [...new Set(names)];
  if (others.length === 0) return `service "${first}"`;
  return `service "${first}" (and ${others.map((n) => `"${n}"`).join(', ')}, through a YAML anchor)`;
}

/**
 * Findings about a node several services reach (a field in a `<<:`-merged `x-` block, or a
 * service that is an alias of another) are reported once, naming every service.
 */
export class GroupedReports {
  private readonly groups = new Map<unknown, { names: string[]; make: (label: string) => Report }>();

  /** `key`: the node (or its offset) the finding is about. */
  add(key: unknown, service: ComposeService, make: (label: string) => Report): void {
    const group = this.groups.get(key);
    if (group) group.names.push(service.name);
    else this.groups.set(key, { names: [service.name], make });
  }

  flush(report: (r: Report) => void): void {
    for (const { names, make } of this.groups.values()) report(make(servicesLabel(names)));
  }
}

/** Replaces part of a scalar's source text (`start`/`end` relative to the scalar's content, quotes excluded). */
export function editInScalar(model: ComposeModel, node: YamlNode, start: number, end: number, newText: string): OffsetEdit[] {
  const span = nodeSpan(node);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  if (!quoted && model.file.json) {
    // A bare JSON number becomes a string.
    const text = model.file.text.slice(span.start, span.end);
    return [{ start: span.start, end: span.end, newText: JSON.stringify(text.slice(0, start) + newText + text.slice(end)) }];
  }
  const offset = span.start + (quoted ? 1 : 0);
  return [{ start: offset + start, end: offset + end, newText }];
}

/** Replace a whole scalar keeping its quoting. */
export function replaceNode(model: ComposeModel, node: YamlNode, value: string | number | boolean): OffsetEdit[] {
  return replaceScalar(model.file, node, value);
}

export type { YMap };
