/**
 * @module verdict-parse
 * The judge's fd-3 message, checked field by field. The judge is lab code we trust, but a
 * judge bug must become a clear "lab bug" error, never a crash or a false pass.
 */
import type { CheckResult } from '@pysec/core';

export type ParsedVerdict =
  | { kind: 'checks'; checks: CheckResult[] }
  | { kind: 'setup-failed'; message: string; details?: Record<string, unknown> }
  | { kind: 'error'; message: string };

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * `debugJudge` keeps the judge's tracebacks (lab authors, proofs). Learners never get them:
 * they quote the hidden judge's source lines, which may hold hidden inputs.
 */
export function parseJudgeVerdict(text: string, truncated: boolean, options: { debugJudge?: boolean } = {}): ParsedVerdict {
  if (truncated) return { kind: 'error', message: 'its verdict was too large' };
  if (text.trim() === '') return { kind: 'error', message: 'it wrote no verdict' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'error', message: 'its verdict is not JSON' };
  }
  if (raw === null || typeof raw !== 'object') return { kind: 'error', message: 'its verdict is not an object' };
  const obj = raw as Record<string, unknown>;
  if (typeof obj.judge_error === 'string') {
    return { kind: 'error', message: options.debugJudge ? `it raised an error:\n${obj.judge_error}` : 'it raised an error' };
  }
  if (obj.setup_failed && typeof obj.setup_failed === 'object') {
    const sf = obj.setup_failed as Record<string, unknown>;
    return {
      kind: 'setup-failed',
      message: `Your program could not be prepared for the checks: ${str(sf.message, 4000)}`,
      details: (sf.details as Record<string, unknown>) ?? undefined,
    };
  }
  if (!Array.isArray(obj.checks)) return { kind: 'error', message: 'its verdict has no checks' };
  const checks: CheckResult[] = [];
  for (const c of obj.checks as unknown[]) {
    if (!c || typeof c !== 'object') return { kind: 'error', message: 'a check is not an object' };
    const r = c as Record<string, unknown>;
    if (typeof r.id !== 'string' || typeof r.passed !== 'boolean' || (r.kind !== 'functional' && r.kind !== 'attack')) {
      return { kind: 'error', message: 'a check lacks id, kind or passed' };
    }
    const check: CheckResult = {
      id: r.id,
      kind: r.kind,
      title: str(r.title, 300),
      passed: r.passed,
      message: str(r.message, 4000),
      hidden: r.hidden === true,
    };
    if (r.details && typeof r.details === 'object') check.details = r.details as Record<string, unknown>;
    if (typeof r.payload === 'string') check.payload = r.payload.slice(0, 4000);
    if (typeof r.judge_error === 'string') {
      check.details = { ...check.details, judgeError: options.debugJudge ? r.judge_error : true };
    }
    checks.push(check);
  }
  return { kind: 'checks', checks };
}
