import type { DockerfileRule } from '../../../rule';
import { remoteScriptPipedToShell } from './remoteScriptPipedToShell';
import { downloadWithoutChecksum } from './downloadWithoutChecksum';
import { addInsteadOfCopy } from './addInsteadOfCopy';
import { addRemoteUrlWithoutChecksum } from './addRemoteUrlWithoutChecksum';
import { addGitUnpinned } from './addGitUnpinned';
import { copyArchiveThenExtract } from './copyArchiveThenExtract';
import { copyEntireFilesystem } from './copyEntireFilesystem';
import { broadCopyWithoutDockerignore } from './broadCopyWithoutDockerignore';

export const remoteContentRules: readonly DockerfileRule[] = [
  remoteScriptPipedToShell,
  downloadWithoutChecksum,
  addInsteadOfCopy,
  addRemoteUrlWithoutChecksum,
  addGitUnpinned,
  copyArchiveThenExtract,
  copyEntireFilesystem,
  broadCopyWithoutDockerignore,
];
