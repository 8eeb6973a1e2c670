/**
 * @module content
 * Loads the course from `content/`: modules in order, each lab's metadata, and the files a
 * lab is made of. Content is data: nothing here knows a lab by name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { PysecError } from './errors.ts';
import { LabSchema, type LabSpec, ModuleSchema, type ModuleSpec } from './lab-schema.ts';
import { loadQuiz, quizFile } from './quiz.ts';
import { nearest } from './suggest.ts';

export interface ContentIssue {
  file: string;
  field?: string;
  message: string;
}

export interface Lab {
  spec: LabSpec;
  /** Absolute path of the lab folder. */
  dir: string;
  kind: 'exploit' | 'fix' | 'exploit+fix';
}

export interface Module {
  spec: ModuleSpec;
  dir: string;
  labs: Lab[];
}

export interface Course {
  root: string;
  modules: Module[];
  labs: Map<string, Lab>;
}

/** Top-level entries of a lab folder that never reach the learner's workspace. */
export const HIDDEN_ENTRIES = new Set(['lab.yaml', 'solution', 'bad-fixes', 'alt-fixes', 'judge']);

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  let value: unknown = raw;
  for (const key of issue.path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60);
  if (issue.code === 'unrecognized_keys') return `${issue.message} (this field is not part of format_version 1)`;
  return `${issue.message}; got ${got}`;
}

function readYaml<T>(file: string, schema: z.ZodType<T>, root: string, issues: ContentIssue[]): T | undefined {
  const shown = relative(root, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    issues.push({ file: shown, message: 'cannot be read' });
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0];
      issues.push({ file: shown, message: `YAML syntax error${line ? ` at line ${line.line}` : ''}: ${err.message}` });
    }
    return undefined;
  }
  const raw: unknown = doc.toJS();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({ file: shown, field: fieldName(issue.path) || '(top level)', message: describe(issue, raw) });
    }
    return undefined;
  }
  return parsed.data;
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !d.name.startsWith('_'))
    .map((d) => d.name)
    .sort();
}

function labKind(spec: LabSpec): Lab['kind'] {
  const kinds = new Set(spec.steps.map((s) => s.kind));
  return kinds.size === 2 ? 'exploit+fix' : kinds.has('exploit') ? 'exploit' : 'fix';
}

/** Checks that what lab.yaml refers to exists, and that nothing exists unreferenced. */
function checkLabFiles(lab: Lab, root: string, issues: ContentIssue[]): void {
  const file = relative(root, join(lab.dir, 'lab.yaml'));
  const must = (rel: string, field: string) => {
    if (!existsSync(join(lab.dir, rel))) issues.push({ file, field, message: `refers to ${rel}, which does not exist` });
  };
  must('task.md', 'task (task.md)');
  must('solution', 'solution (the solution/ folder)');
  lab.spec.steps.forEach((step, i) => {
    must(step.judge, `steps[${i}].judge`);
    for (const [j, f] of step.files.entries()) must(f, `steps[${i}].files[${j}]`);
    if (step.kind === 'exploit' && !step.interface) {
      issues.push({ file, field: `steps[${i}].interface`, message: 'an exploit step must say what the exploit may reach' });
    }
  });
  const stepIds = lab.spec.steps.map((s) => s.id);
  if (new Set(stepIds).size !== stepIds.length) issues.push({ file, field: 'steps', message: 'step IDs repeat' });
  lab.spec.bad_fixes.forEach((bad, i) => {
    must(`bad-fixes/${bad.name}`, `bad_fixes[${i}].name`);
    if (!stepIds.includes(bad.step)) {
      issues.push({ file, field: `bad_fixes[${i}].step`, message: `no step "${bad.step}"; steps are ${stepIds.join(', ')}` });
    }
  });
  lab.spec.alternative_fixes.forEach((alt, i) => {
    must(`alt-fixes/${alt.name}`, `alternative_fixes[${i}].name`);
  });
  const listed = (folder: string, names: string[], field: string) => {
    for (const name of subdirs(join(lab.dir, folder))) {
      if (!names.includes(name)) issues.push({ file, field, message: `${folder}/${name} exists but is not listed` });
    }
  };
  listed(
    'bad-fixes',
    lab.spec.bad_fixes.map((b) => b.name),
    'bad_fixes',
  );
  listed(
    'alt-fixes',
    lab.spec.alternative_fixes.map((a) => a.name),
    'alternative_fixes',
  );
}

/** Loads every module and lab; returns the course and every problem found (never throws on content). */
export function scanCourse(root: string): { course: Course; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const modules: Module[] = [];
  const labs = new Map<string, Lab>();
  for (const name of subdirs(root)) {
    const dir = join(root, name);
    const moduleFile = join(dir, 'module.yaml');
    if (!existsSync(moduleFile)) {
      issues.push({ file: relative(root, dir), message: 'a module folder needs a module.yaml' });
      continue;
    }
    const spec = readYaml(moduleFile, ModuleSchema, root, issues);
    if (!spec) continue;
    if (spec.id !== name) {
      issues.push({ file: relative(root, moduleFile), field: 'id', message: `must match the folder name "${name}"` });
    }
    const mod: Module = { spec, dir, labs: [] };
    for (const labName of subdirs(dir)) {
      if (labName === 'lessons') continue;
      const labDir = join(dir, labName);
      const labFile = join(labDir, 'lab.yaml');
      if (!existsSync(labFile)) {
        issues.push({ file: relative(root, labDir), message: 'a lab folder needs a lab.yaml' });
        continue;
      }
      const labSpec = readYaml(labFile, LabSchema, root, issues);
      if (!labSpec) continue;
      const shown = relative(root, labFile);
      if (labSpec.id !== labName) issues.push({ file: shown, field: 'id', message: `must match the folder name "${labName}"` });
      if (labSpec.module !== spec.id)
        issues.push({ file: shown, field: 'module', message: `must be "${spec.id}", the module folder it is in` });
      if (labs.has(labSpec.id)) {
        issues.push({ file: shown, field: 'id', message: `"${labSpec.id}" is already used by another lab` });
        continue;
      }
      const lab: Lab = { spec: labSpec, dir: labDir, kind: labKind(labSpec) };
      checkLabFiles(lab, root, issues);
      labs.set(labSpec.id, lab);
      if (!spec.labs.includes(labSpec.id)) {
        issues.push({ file: relative(root, moduleFile), field: 'labs', message: `does not list lab "${labSpec.id}"` });
      }
    }
    for (const [i, labId] of spec.labs.entries()) {
      const lab = labs.get(labId);
      if (lab && lab.spec.module === spec.id) mod.labs.push(lab);
      else issues.push({ file: relative(root, moduleFile), field: `labs[${i}]`, message: `no lab folder "${labId}" in this module` });
    }
    try {
      loadQuiz(dir);
    } catch (err) {
      issues.push({ file: relative(root, quizFile(dir)), message: (err as Error).message.replace(`${quizFile(dir)}: `, '') });
    }
    for (const [i, lesson] of spec.lessons.entries()) {
      if (!existsSync(join(dir, lesson))) {
        issues.push({ file: relative(root, moduleFile), field: `lessons[${i}]`, message: `${lesson} does not exist` });
      }
    }
    modules.push(mod);
  }
  modules.sort((a, b) => a.spec.order - b.spec.order);
  const orders = modules.map((m) => m.spec.order);
  if (new Set(orders).size !== orders.length) issues.push({ file: 'content', message: 'two modules share an order number' });
  return { course: { root, modules, labs }, issues };
}

export function formatIssues(issues: readonly ContentIssue[]): string {
  return issues.map((i) => `${i.file}${i.field ? `: field ${i.field}` : ''}: ${i.message}`).join('\n');
}

/** Loads the course or throws one error listing every problem, file and field named. */
export function loadCourse(root: string): Course {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new PysecError('PYSEC_ERR_CONTENT_MISSING', `No content folder at ${root}.`, {
      hint: 'Run pysec from a clone of the pysec repository, or set PYSEC_CONTENT to the content folder.',
    });
  }
  const { course, issues } = scanCourse(root);
  if (issues.length > 0) {
    throw new PysecError('PYSEC_ERR_CONTENT_INVALID', `The course content has ${issues.length} problem(s):\n${formatIssues(issues)}`, {
      hint: 'Fix the files named above; `pysec validate` re-checks them.',
      details: issues,
    });
  }
  return course;
}

/** Finds a module or throws PYSEC_ERR_MODULE_UNKNOWN naming the nearest ID. */
export function findModule(course: Course, moduleId: string, hint = 'Run `pysec list` to see every module.'): Module {
  const mod = course.modules.find((m) => m.spec.id === moduleId);
  if (mod) return mod;
  const guess = nearest(
    moduleId,
    course.modules.map((m) => m.spec.id),
  );
  throw new PysecError('PYSEC_ERR_MODULE_UNKNOWN', `There is no module "${moduleId}".${guess ? ` Did you mean "${guess}"?` : ''}`, {
    hint,
  });
}

/** Finds a lab or throws PYSEC_ERR_LAB_UNKNOWN naming the nearest ID. */
export function findLab(course: Course, labId: string): Lab {
  const lab = course.labs.get(labId);
  if (lab) return lab;
  const guess = nearest(labId, [...course.labs.keys()]);
  throw new PysecError('PYSEC_ERR_LAB_UNKNOWN', `There is no lab "${labId}".${guess ? ` Did you mean "${guess}"?` : ''}`, {
    hint: 'Run `pysec list` to see every lab.',
  });
}
