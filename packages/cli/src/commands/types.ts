import type { Context } from '../context.ts';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Long help: options and examples. */
  help: string;
  options?: Record<string, { type: 'boolean' | 'string'; short?: string }>;
  run(ctx: Context, args: string[], flags: Record<string, string | boolean | undefined>): Promise<number>;
}
