/**
 * @module @pysec/judge
 * The broker and the check engine: runs a lab's steps through its hidden judge, with the
 * learner's code in one sandbox and the judge in another.
 */
export { checkLab, type CheckOptions } from './check.ts';
export { runStep, type StepRequest, sandboxNote } from './broker.ts';
export { copyWorkspaceFiles } from './run-folder.ts';
export { proveLab, pristineFiles, withOverlay, readTree, type ProofResult } from './prove.ts';
