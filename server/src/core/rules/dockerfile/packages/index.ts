import type { DockerfileRule } from '../../../rule';
import { aptGetUnpinned } from './aptGetUnpinned';
import { apkUnpinned } from './apkUnpinned';
import { yumUnpinned } from './yumUnpinned';
import { dnfUnpinned } from './dnfUnpinned';
import { zypperUnpinned } from './zypperUnpinned';
import { pipUnpinned } from './pipUnpinned';
import { npmUnpinned } from './npmUnpinned';
import { gemUnpinned } from './gemUnpinned';
import { goInstallUnpinned } from './goInstallUnpinned';
import { languagePackageUnpinned } from './languagePackageUnpinned';
import { pipWithoutHashes } from './pipWithoutHashes';
import { vulnerablePinnedPackage } from './vulnerablePinnedPackage';
import { aptNoInstallRecommends } from './aptNoInstallRecommends';
import { aptListsNotRemoved } from './aptListsNotRemoved';
import { aptGetMissingYes } from './aptGetMissingYes';
import { aptInsteadOfAptGet } from './aptInsteadOfAptGet';
import { packageIndexUpdateAlone } from './packageIndexUpdateAlone';
import { aptGetUpgrade } from './aptGetUpgrade';
import { apkAddWithoutNoCache } from './apkAddWithoutNoCache';
import { yumMissingYes } from './yumMissingYes';
import { yumCleanMissing } from './yumCleanMissing';
import { dnfMissingYes } from './dnfMissingYes';
import { dnfCleanMissing } from './dnfCleanMissing';
import { zypperNonInteractive } from './zypperNonInteractive';
import { zypperCleanMissing } from './zypperCleanMissing';
import { zypperDistUpgrade } from './zypperDistUpgrade';
import { pipNoCacheDir } from './pipNoCacheDir';
import { yarnCacheNotCleaned } from './yarnCacheNotCleaned';
import { npmInstallInsteadOfCi } from './npmInstallInsteadOfCi';

export const packageRules: readonly DockerfileRule[] = [vulnerablePinnedPackage, 
  // Pinning
  aptGetUnpinned,
  apkUnpinned,
  yumUnpinned,
  dnfUnpinned,
  zypperUnpinned,
  pipUnpinned,
  npmUnpinned,
  gemUnpinned,
  goInstallUnpinned,
  languagePackageUnpinned,
  pipWithoutHashes,
  npmInstallInsteadOfCi,
  // Package-manager hygiene
  aptNoInstallRecommends,
  aptListsNotRemoved,
  aptGetMissingYes,
  aptInsteadOfAptGet,
  packageIndexUpdateAlone,
  aptGetUpgrade,
  apkAddWithoutNoCache,
  yumMissingYes,
  yumCleanMissing,
  dnfMissingYes,
  dnfCleanMissing,
  zypperNonInteractive,
  zypperCleanMissing,
  zypperDistUpgrade,
  pipNoCacheDir,
  yarnCacheNotCleaned,
];
