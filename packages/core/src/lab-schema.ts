/**
 * @module lab-schema
 * The lab.yaml and module.yaml formats, version 1. Every field is documented here, where
 * it is parsed; docs/lab-format.md explains how to write a lab.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case ID such as "sqli-login"');
const relPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'a relative path inside the lab folder');
const pyName = z.string().regex(/^[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$/, 'a Python name such as "app.web:app"');

export const FORMAT_VERSION = 1;

export const StepSchema = z.strictObject({
  /** Step ID, unique within the lab ("exploit", "fix"). */
  id,
  /** exploit: the learner attacks the untouched program; fix: the learner repairs it. */
  kind: z.enum(['exploit', 'fix']),
  /** One line shown in lists and verdicts. */
  title: z.string().min(3),
  /** Files the learner edits in this step, relative to the lab folder. */
  files: z.array(relPath).min(1),
  /** The hidden judge file for this step (under judge/). */
  judge: relPath.refine((p) => p.startsWith('judge/'), 'a file under judge/'),
  /** exploit steps: what the learner's exploit may reach in the target. */
  interface: z
    .strictObject({
      http: z.boolean().default(false),
      run: z.boolean().default(false),
      call: z.array(pyName).default([]),
    })
    .optional(),
});

export const BadFixSchema = z.strictObject({
  /** Folder name under bad-fixes/. */
  name: id,
  /** The step this fix is for. */
  step: id,
  /** Check IDs this fix must fail (the judge names them). */
  fails: z.array(id).min(1),
  /** Shown to the learner after a pass: why this looks right and is not. */
  explanation: z.string().min(20),
});

export const AltFixSchema = z.strictObject({
  /** Folder name under alt-fixes/. */
  name: id,
  /** How it differs from the reference solution. */
  description: z.string().min(10),
});

export const LabSchema = z.strictObject({
  /** Must be 1. Bump when a field changes meaning. */
  format_version: z.literal(FORMAT_VERSION),
  id,
  title: z.string().min(3),
  /** The module folder this lab sits in. */
  module: id,
  /** 1 beginner, 2 intermediate, 3 advanced. */
  difficulty: z.number().int().min(1).max(3),
  /** CWE IDs, e.g. CWE-89. */
  cwe: z.array(z.string().regex(/^CWE-\d+$/, 'a CWE ID such as "CWE-89"')).min(1),
  /** One sentence for lists. */
  summary: z.string().min(10),
  /** Python distributions from python/requirements.in the lab imports (empty: stdlib only). */
  requires: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)).default([]),
  /** How the harness loads the program: sys.path entries, WSGI app, CLI module, modules to import first. */
  target: z
    .strictObject({
      path: z.array(relPath).default(['.']),
      wsgi: pyName.optional(),
      cli: pyName.optional(),
      preload: z.array(pyName).default([]),
    })
    .default({ path: ['.'], preload: [] }),
  steps: z.array(StepSchema).min(1),
  /** Shown one at a time by `pysec hint`. */
  hints: z.array(z.string().min(10)).min(1),
  /** What the reference solution (solution/) does and why. */
  solution: z.strictObject({ explanation: z.string().min(20) }),
  bad_fixes: z.array(BadFixSchema).default([]),
  alternative_fixes: z.array(AltFixSchema).default([]),
  limits: z
    .strictObject({
      /** Seconds one call into the code under test may take. */
      call_timeout: z.number().positive().max(30).default(3),
      /** Seconds a whole step may take. */
      step_timeout: z.number().positive().max(300).default(60),
    })
    .default({ call_timeout: 3, step_timeout: 60 }),
});

export const ModuleSchema = z.strictObject({
  format_version: z.literal(FORMAT_VERSION),
  id,
  title: z.string().min(3),
  /** Position in the course (1-based). */
  order: z.number().int().min(1),
  summary: z.string().min(10),
  /** Lab IDs in the order the course presents them. */
  labs: z.array(id).default([]),
  /** Lesson file(s), relative to the module folder. */
  lessons: z.array(relPath).default([]),
});

export type LabSpec = z.infer<typeof LabSchema>;
export type StepSpec = z.infer<typeof StepSchema>;
export type ModuleSpec = z.infer<typeof ModuleSchema>;
