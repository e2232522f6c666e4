import type { DockerfileRule } from '../../../rule';
import { curlInsecure } from './curlInsecure';
import { wgetNoCheckCertificate } from './wgetNoCheckCertificate';
import { pipTrustedHost } from './pipTrustedHost';
import { pythonHttpsVerifyDisabled } from './pythonHttpsVerifyDisabled';
import { nodeTlsVerificationDisabled } from './nodeTlsVerificationDisabled';
import { npmStrictSslDisabled } from './npmStrictSslDisabled';
import { gitSslVerificationDisabled } from './gitSslVerificationDisabled';
import { packageManagerSslverifyDisabled } from './packageManagerSslverifyDisabled';
import { apkAllowUntrusted } from './apkAllowUntrusted';
import { aptAllowUnauthenticated } from './aptAllowUnauthenticated';
import { aptForceYes } from './aptForceYes';
import { gpgCheckDisabled } from './gpgCheckDisabled';
import { rpmSignatureCheckDisabled } from './rpmSignatureCheckDisabled';
import { untrustedAptSource } from './untrustedAptSource';

export const integrityRules: readonly DockerfileRule[] = [
  curlInsecure,
  wgetNoCheckCertificate,
  pipTrustedHost,
  pythonHttpsVerifyDisabled,
  nodeTlsVerificationDisabled,
  npmStrictSslDisabled,
  gitSslVerificationDisabled,
  packageManagerSslverifyDisabled,
  apkAllowUntrusted,
  aptAllowUnauthenticated,
  aptForceYes,
  gpgCheckDisabled,
  rpmSignatureCheckDisabled,
  untrustedAptSource,
];
