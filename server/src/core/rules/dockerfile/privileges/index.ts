import type { DockerfileRule } from '../../../rule';
import { rootUser } from './rootUser';
import { missingUser } from './missingUser';
import { sudo } from './sudo';
import { chpasswd } from './chpasswd';
import { nonNumericUser } from './nonNumericUser';
import { useraddWithoutL } from './useraddWithoutL';
import { worldWritablePermissions } from './worldWritablePermissions';
import { setuidSetgidBits } from './setuidSetgidBits';
import { sshServer } from './sshServer';
import { exposeSshPort } from './exposeSshPort';

export const privilegeRules: readonly DockerfileRule[] = [
  rootUser,
  missingUser,
  sudo,
  chpasswd,
  nonNumericUser,
  useraddWithoutL,
  worldWritablePermissions,
  setuidSetgidBits,
  sshServer,
  exposeSshPort,
];
