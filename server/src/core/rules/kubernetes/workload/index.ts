import type { KubernetesRule } from '../../../rule';
import { hostNetwork } from './hostNetwork';
import { hostPid } from './hostPid';
import { hostIpc } from './hostIpc';
import { hostPathVolume } from './hostPathVolume';
import { sensitiveHostPath } from './sensitiveHostPath';
import { containerRuntimeSocket } from './containerRuntimeSocket';
import { hostPort } from './hostPort';
import { privilegedPort } from './privilegedPort';
import { probeHost } from './probeHost';
import { restrictedVolumeTypes } from './restrictedVolumeTypes';
import { serviceAccountTokenAutomount } from './serviceAccountTokenAutomount';
import { memoryLimits } from './memoryLimits';
import { memoryRequests } from './memoryRequests';
import { cpuRequests } from './cpuRequests';
import { cpuLimits } from './cpuLimits';
import { ephemeralStorage } from './ephemeralStorage';
import { imageLatestTag } from './imageLatestTag';
import { imageUntagged } from './imageUntagged';
import { imageNotPinnedByDigest } from './imageNotPinnedByDigest';
import { imagePullPolicy } from './imagePullPolicy';
import { untrustedRegistry } from './untrustedRegistry';
import { livenessProbeMissing } from './livenessProbeMissing';
import { readinessProbeMissing } from './readinessProbeMissing';
import { secretInEnv } from './secretInEnv';
import { secretEnvRef } from './secretEnvRef';
import { duplicateEnv } from './duplicateEnv';

export const workloadRules: KubernetesRule[] = [
  // Host access
  hostNetwork,
  hostPid,
  hostIpc,
  hostPathVolume,
  sensitiveHostPath,
  containerRuntimeSocket,
  hostPort,
  privilegedPort,
  probeHost,
  restrictedVolumeTypes,
  serviceAccountTokenAutomount,
  // Resources
  memoryLimits,
  memoryRequests,
  cpuRequests,
  cpuLimits,
  ephemeralStorage,
  // Images
  imageLatestTag,
  imageUntagged,
  imageNotPinnedByDigest,
  imagePullPolicy,
  untrustedRegistry,
  // Probes
  livenessProbeMissing,
  readinessProbeMissing,
  // Environment and secrets
  secretInEnv,
  secretEnvRef,
  duplicateEnv,
];
