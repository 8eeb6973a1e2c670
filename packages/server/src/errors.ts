/**
 * @module errors
 * Every failure leaves the server as `{error: {code, message, hint?}}` with the HTTP status
 * from the catalogue. Fastify's own errors (validation, body too large, bad JSON) are mapped
 * onto catalogue codes; anything unexpected becomes PYSEC_ERR_INTERNAL with a generic message
 * — its details go to the server log, never to the client.
 */
import { CATALOGUE, type ErrorCode, isPysecError } from '@pysec/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; hint?: string };
}

export function errorBody(code: ErrorCode, message: string, hint?: string): ErrorBody {
  return { error: { code, message, ...(hint ? { hint } : {}) } };
}

function fromFastify(err: FastifyError): ErrorBody | undefined {
  if (err.validation) {
    return errorBody('PYSEC_ERR_USAGE', `The request is not valid: ${err.message}.`, 'See docs/api.md for what each route accepts.');
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return errorBody('PYSEC_ERR_FILE_TOO_LARGE', 'The request body is too large.', 'Files are limited to 256 KiB.');
  }
  const status = err.statusCode ?? 500;
  if (status === 404) return errorBody('PYSEC_ERR_NOT_FOUND', 'Nothing is at this address.');
  // Bad JSON, wrong content type, a body where none belongs: the caller's mistake.
  if (status >= 400 && status < 500) return errorBody('PYSEC_ERR_USAGE', `The request is not valid: ${err.message}.`);
  return undefined;
}

export function makeErrorHandler(logError: (message: string) => void) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    let body: ErrorBody;
    if (isPysecError(err)) body = errorBody(err.code, err.message, err.hint);
    else {
      const mapped = fromFastify(err);
      if (mapped) body = mapped;
      else {
        logError(`pysec server: ${request.method} ${request.routeOptions.url ?? '(no route)'} failed: ${err.stack ?? String(err)}`);
        body = errorBody('PYSEC_ERR_INTERNAL', 'Something went wrong inside pysec.', 'Try again; if it repeats, report it.');
      }
    }
    if (body.error.code === 'PYSEC_ERR_QUEUE_FULL') reply.header('retry-after', '5');
    return reply.code(CATALOGUE[body.error.code].http).type('application/json; charset=utf-8').send(body);
  };
}
