/** Whether a yum/dnf/microdnf install is followed by cache cleanup in the same RUN, or runs on a cache mount. */
import type { DockerfileModel } from '../../../documents/dockerfile';
import { commandsAfter, invocationsAfter, mountCovers, packageInvocations, removesPath, type PackageInvocation } from './packageCommands';

const RPM_CACHE_DIRS = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'];

export function rpmCacheCleaned(model: DockerfileModel, invocation: PackageInvocation): boolean {
  if (RPM_CACHE_DIRS.some((dir) => mountCovers(invocation.instruction, dir))) return true;
  const later = invocationsAfter(packageInvocations(model), invocation);
  if (later.some((i) => cleanerFamily(i.manager) === cleanerFamily(invocation.manager) && i.subcommand === 'clean' && i.operands.some((o) => o.text === 'all' || o.text === 'packages'))) return true;
  return commandsAfter(invocation).some((c) => removesPath(c, RPM_CACHE_DIRS));
}

/** yum is dnf on current distributions; microdnf and tdnf keep their own caches. */
function cleanerFamily(manager: string): string {
  return manager === 'yum' ? 'dnf' : manager;
}
