/**
 * @module schemas
 * JSON schemas for every parameter and body. IDs are checked loosely here (a short string
 * of ID characters) and strictly against the course in the handler, which can then name the
 * nearest real ID. Bodies reject unknown fields (the validator is set not to strip them).
 */

/** A lab, module, step or question ID as it may appear in a URL or body. */
export const idString = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' } as const;

export const labParams = {
  type: 'object',
  required: ['lab'],
  additionalProperties: false,
  properties: { lab: idString },
} as const;

export const moduleParams = {
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: { module: idString },
} as const;

export const questionParams = {
  type: 'object',
  required: ['module', 'question'],
  additionalProperties: false,
  properties: { module: idString, question: idString },
} as const;

export const checkParams = {
  type: 'object',
  required: ['checkId'],
  additionalProperties: false,
  properties: { checkId: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } },
} as const;

/** A lab-relative file path; whether it is an editable file is decided against the lab. */
export const filePath = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** A body that may be left out entirely, or be an object with only these optional fields. */
export function optionalBody(properties: Record<string, unknown>) {
  return { type: ['object', 'null'], additionalProperties: false, properties } as const;
}

export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
