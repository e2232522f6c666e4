import type { ModelRule } from '../../rule';
import { reverseShell } from './reverseShell';
import { remoteCodeExecution } from './remoteCodeExecution';
import { cryptomining } from './cryptomining';
import { credentialAccess } from './credentialAccess';
import { obfuscatedExecution } from './obfuscatedExecution';
import { defenceEvasion } from './defenceEvasion';
import { persistence } from './persistence';
import { containerEscape } from './containerEscape';
import { modelSecret } from './secret';

export const modelRules: readonly ModelRule[] = [
  reverseShell,
  remoteCodeExecution,
  cryptomining,
  credentialAccess,
  obfuscatedExecution,
  defenceEvasion,
  persistence,
  containerEscape,
  modelSecret,
];
