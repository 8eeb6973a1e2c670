/**
 * @module @pysec/judge
 * The broker and the check engine: runs a lab's steps through its hidden judge, with the
 * learner's code in one sandbox and the judge in another.
 */

export { runStep, type StepRequest, sandboxNote } from './broker.ts';
export { type CheckOptions, checkLab } from './check.ts';
export { type ProofResult, pristineFiles, proveLab, readTree, withOverlay } from './prove.ts';
export { copyWorkspaceFiles, RUN_FOLDER_QUOTA, releaseRunFolders } from './run-folder.ts';
export { drainKits, idleKitFolders, useWarmKits, warmStats } from './warm.ts';
export {
  createWorkspace,
  editableFiles,
  findWorkspace,
  MARKER,
  readSubmission,
  resetFiles,
  type Workspace,
} from './workspace.ts';
