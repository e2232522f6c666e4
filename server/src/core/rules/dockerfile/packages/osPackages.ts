/** Which subcommands of the OS package managers download packages, refresh indexes or clean caches. */
import type { PackageInvocation } from './packageCommands';

export const RPM_DOWNLOADING = [
  'install', 'in', 'localinstall', 'reinstall', 'rei', 'update', 'upgrade', 'up', 'update-minimal', 'upgrade-minimal', 'up-min',
  'downgrade', 'dg', 'distro-sync', 'dsync', 'groupinstall', 'groupupdate', 'group install', 'groups install', 'group upgrade',
  'module install', 'module in', 'module update', 'swap',
];
export const RPM_PROMPTING = [...RPM_DOWNLOADING, 'remove', 'erase', 'rm', 'autoremove', 'groupremove', 'group remove', 'module remove'];
export const ZYPPER_DOWNLOADING = ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'source-install', 'si', 'install-new-recommends', 'inr'];
export const ZYPPER_PROMPTING = [...ZYPPER_DOWNLOADING, 'remove', 'rm', 'verify', 've'];

/** A command that installs or upgrades packages (what an index refresh is for). */
export function installsPackages(invocation: PackageInvocation): boolean {
  switch (invocation.manager) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade', 'full-upgrade', 'build-dep', 'source', 'reinstall', 'download'].includes(invocation.subcommand);
    case 'apk':
      return ['add', 'upgrade', 'fix'].includes(invocation.subcommand);
    case 'yum':
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
      return RPM_DOWNLOADING.includes(invocation.subcommand);
    case 'zypper':
      return ZYPPER_DOWNLOADING.includes(invocation.subcommand);
    default:
      return false;
  }
}

/** A command that only refreshes the package index. */
export function refreshesIndex(invocation: PackageInvocation): boolean {
  switch (invocation.manager) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return invocation.subcommand === 'update';
    case 'apk':
      // `apk update --no-cache` writes no index to the layer.
      return invocation.subcommand === 'update' && !invocation.options.some((o) => o.name === '--no-cache');
    case 'yum':
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
      return invocation.subcommand === 'makecache' || invocation.subcommand === 'check-update';
    case 'zypper':
      return invocation.subcommand === 'refresh' || invocation.subcommand === 'ref';
    default:
      return false;
  }
}
