/** Version pinning as yum, dnf, microdnf and tdnf understand it (`name-version[-release]`, `name:stream` for modules). */
import type { DockerfileModel } from '../../../documents/dockerfile';
import { isLocalPath, type PackageInvocation, type PackageOperand } from './packageCommands';
import { unpinnedOperands } from './ruleKit';

export const RPM_INSTALL_SUBCOMMANDS = ['install', 'in', 'localinstall', 'reinstall', 'rei', 'downgrade', 'dg', 'module install', 'module in'];

export function unpinnedRpmPackages(model: DockerfileModel, invocation: PackageInvocation): PackageOperand[] {
  if (invocation.subcommand.startsWith('module')) return unpinnedOperands(model, invocation, (v) => v.includes(':') || isLocalPath(v));
  return unpinnedOperands(
    model,
    invocation,
    // `@group` / `@module:stream` are collections, not packages; `-<digit>` starts the version.
    (v) => v.startsWith('@') || /-\d/.test(v) || v.endsWith('.rpm') || v.includes('/') || isLocalPath(v),
  );
}
