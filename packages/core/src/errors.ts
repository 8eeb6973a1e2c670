/**
 * @module errors
 * The one error catalogue. Every error pysec reports has a stable code
 * (PYSEC_ERR_<AREA>_<WHAT>), a CLI exit code, an HTTP status for the server, and a
 * message that says what to do next. `errors.test.ts` checks every code is documented
 * in docs/errors.md.
 */

export interface ErrorSpec {
  readonly exit: number;
  readonly http: number;
  readonly summary: string;
}

/** Exit codes (documented in `pysec --help`). */
export const EXIT = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  content: 3,
  environment: 4,
  internal: 5,
} as const;

export const CATALOGUE = {
  PYSEC_ERR_USAGE: { exit: EXIT.usage, http: 400, summary: 'The command line is not valid.' },
  PYSEC_ERR_LAB_UNKNOWN: { exit: EXIT.usage, http: 404, summary: 'No lab has this ID.' },
  PYSEC_ERR_MODULE_UNKNOWN: { exit: EXIT.usage, http: 404, summary: 'No module has this ID.' },
  PYSEC_ERR_CONTENT_INVALID: { exit: EXIT.content, http: 500, summary: 'A content file does not match its schema.' },
  PYSEC_ERR_CONTENT_MISSING: { exit: EXIT.content, http: 500, summary: 'A file a lab refers to does not exist.' },
  PYSEC_ERR_CONTENT_PROOF: { exit: EXIT.content, http: 500, summary: 'A lab does not prove itself.' },
  PYSEC_ERR_WORKSPACE_NOT_FOUND: { exit: EXIT.usage, http: 404, summary: 'This folder is not a pysec lab.' },
  PYSEC_ERR_WORKSPACE_EXISTS: { exit: EXIT.usage, http: 409, summary: 'The target folder is not empty.' },
  PYSEC_ERR_WORKSPACE_FILE: { exit: EXIT.usage, http: 400, summary: 'A lab file cannot be read safely.' },
  PYSEC_ERR_PYTHON_MISSING: { exit: EXIT.environment, http: 503, summary: 'The lab Python is not set up.' },
  PYSEC_ERR_LIBRARY_MISSING: { exit: EXIT.environment, http: 503, summary: 'A library the lab needs is missing.' },
  PYSEC_ERR_SANDBOX_UNAVAILABLE: { exit: EXIT.environment, http: 503, summary: 'The sandbox cannot start.' },
  PYSEC_ERR_JUDGE_CRASHED: { exit: EXIT.internal, http: 500, summary: 'The lab judge failed (a lab bug, not yours).' },
  PYSEC_ERR_JUDGE_PROTOCOL: { exit: EXIT.internal, http: 500, summary: 'The judge sent something unreadable.' },
  PYSEC_ERR_SOLUTION_LOCKED: { exit: EXIT.usage, http: 403, summary: 'The solution opens after a pass.' },
  PYSEC_ERR_STORE: { exit: EXIT.internal, http: 500, summary: 'The progress store could not be used.' },
  PYSEC_ERR_QUIZ_UNKNOWN: { exit: EXIT.usage, http: 404, summary: 'No quiz has this ID.' },
  PYSEC_ERR_AUTH: { exit: EXIT.usage, http: 401, summary: 'The request lacks the server token.' },
  PYSEC_ERR_HOST: { exit: EXIT.usage, http: 403, summary: 'The request names a host this server does not answer for.' },
  PYSEC_ERR_NOT_FOUND: { exit: EXIT.usage, http: 404, summary: 'Nothing is at this address.' },
  PYSEC_ERR_FILE_TOO_LARGE: { exit: EXIT.usage, http: 413, summary: 'An upload is larger than the server accepts.' },
  PYSEC_ERR_QUEUE_FULL: { exit: EXIT.environment, http: 503, summary: 'Too many checks are waiting.' },
  PYSEC_ERR_PORT_IN_USE: { exit: EXIT.environment, http: 503, summary: 'The port the server should listen on is taken.' },
  PYSEC_ERR_DATABASE_UNSUPPORTED: { exit: EXIT.usage, http: 500, summary: 'DATABASE_URL is set, but only the embedded store exists.' },
  PYSEC_ERR_INTERNAL: { exit: EXIT.internal, http: 500, summary: 'Something went wrong inside pysec.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof CATALOGUE;

/** An error meant for a person: what happened, and the next step. */
export class PysecError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PysecError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get exitCode(): number {
    return CATALOGUE[this.code].exit;
  }

  get httpStatus(): number {
    return CATALOGUE[this.code].http;
  }
}

export function isPysecError(err: unknown): err is PysecError {
  return err instanceof PysecError;
}
