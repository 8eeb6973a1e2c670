/**
 * @module @pysec/core
 * Lab model and schema, content loader, verdict types and the error catalogue.
 * Everything else in pysec depends on this package; it depends on nothing of ours.
 */
export * from './content.ts';
export * from './errors.ts';
export * from './lab-schema.ts';
export * from './quiz.ts';
export * from './suggest.ts';
export type * from './verdict.ts';
