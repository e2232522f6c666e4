import type { ComposeRule } from '../../rule';
import { composeImageNotPinnedByDigest } from './imageNotPinnedByDigest';
import { composeUntrustedRegistry } from './untrustedRegistry';
import { composePrivileged } from './privileged';
import { composeDockerSocket } from './dockerSocket';
import { composeNetworkHost } from './networkHost';
import { composeHostNamespaces } from './hostNamespaces';
import { composeDangerousCapabilities } from './dangerousCapabilities';
import { composeCapabilitiesNotDropped } from './capabilitiesNotDropped';
import { composeSensitiveHostMount } from './sensitiveHostMount';
import { composeNoNewPrivileges } from './noNewPrivileges';
import { composeSeccompUnconfined } from './seccompUnconfined';
import { composeApparmorUnconfined } from './apparmorUnconfined';
import { composeSelinuxDisabled } from './selinuxDisabled';
import { composePortAllInterfaces } from './portAllInterfaces';
import { composePrivilegedPort } from './privilegedPort';
import { composeSecretInEnvironment } from './secretInEnvironment';
import { composeReadOnlyFilesystem } from './readOnlyFilesystem';
import { composeUserRoot } from './userRoot';
import { composeMemoryLimit } from './memoryLimit';
import { composePidsLimit } from './pidsLimit';
import { composeCpuLimit } from './cpuLimit';
import { composeImageLatestTag } from './imageLatestTag';
import { composeDevices } from './devices';
import { composeSysctls } from './sysctls';
import { composeHealthcheckDisabled } from './healthcheckDisabled';
import { composeCgroupParent } from './cgroupParent';
import { composeVolumePropagationShared } from './volumePropagationShared';

export const composeRules: readonly ComposeRule[] = [
  composeImageNotPinnedByDigest,
  composeUntrustedRegistry,
  composePrivileged,
  composeDockerSocket,
  composeNetworkHost,
  composeHostNamespaces,
  composeDangerousCapabilities,
  composeCapabilitiesNotDropped,
  composeSensitiveHostMount,
  composeNoNewPrivileges,
  composeSeccompUnconfined,
  composeApparmorUnconfined,
  composeSelinuxDisabled,
  composePortAllInterfaces,
  composePrivilegedPort,
  composeSecretInEnvironment,
  composeReadOnlyFilesystem,
  composeUserRoot,
  composeMemoryLimit,
  composePidsLimit,
  composeCpuLimit,
  composeImageLatestTag,
  composeDevices,
  composeSysctls,
  composeHealthcheckDisabled,
  composeCgroupParent,
  composeVolumePropagationShared,
];
