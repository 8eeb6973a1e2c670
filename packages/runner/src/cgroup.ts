/**
 * @module cgroup
 * One control group per sandboxed process tree, where the host gives us a writable hierarchy:
 * it caps the memory of all the tree's processes together (rlimits only cap each process) and
 * the number of its processes. Groups are made beneath the cgroup pysec itself runs in, so
 * whatever limits the host puts on pysec still apply on top.
 *
 *  - cgroup v2: a writable group with the memory and pids controllers (PYSEC_CGROUP=<folder>
 *    names a delegated one, e.g. from systemd `Delegate=yes`; else pysec's own group, which
 *    works where it may enable controllers for its children, e.g. the root group).
 *    Limits: memory.max, memory.swap.max = 0, pids.max.
 *  - cgroup v1: the memory and pids hierarchies, each on its own (memory.limit_in_bytes and
 *    memory.memsw.limit_in_bytes when swap is accounted; pids.max).
 *  - neither (or PYSEC_CGROUP=none): no group; the sandbox falls back to rlimits with fewer
 *    processes (see PROCESSES_WITHOUT_CGROUP).
 *
 * Groups are named pysec/<pid of this Node process>-<n>; groups of a pysec that died are swept
 * at start. A process joins its groups itself, before it executes anything (the process
 * starter does it in the child: see spawner.ts), so no process of a tree ever runs outside.
 * An emptied group is kept for a later tree with the same limits.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, writeSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface CgroupStatus {
  kind: 'v2' | 'v1' | 'none';
  /** A memory cap for the whole process tree is enforced. */
  memory: boolean;
  /** A process-count cap for the whole process tree is enforced. */
  pids: boolean;
  note: string;
  /** The folder groups are made in, per controller (v2: the same folder). */
  memoryParent?: string;
  pidsParent?: string;
}

export interface TreeLimits {
  memoryBytes: number;
  processes: number;
}

interface CgroupMount {
  point: string;
  root: string;
  fstype: 'cgroup' | 'cgroup2';
  controllers: string[];
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** The cgroup file systems in /proc/self/mountinfo. */
export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const before = line.slice(0, dash).split(' ');
    const [fstype, , superOpts = ''] = line.slice(dash + 3).split(' ');
    if (fstype !== 'cgroup' && fstype !== 'cgroup2') continue;
    const root = before[3];
    const point = before[4];
    if (!root || !point) continue;
    mounts.push({ point: unescapeMount(point), root: unescapeMount(root), fstype, controllers: superOpts.split(',') });
  }
  return mounts;
}

/** /proc/self/cgroup: the v2 path ("0::/x") and each v1 controller's path ("4:memory:/x"). */
export function parseSelfCgroup(text: string): { v2?: string; v1: Map<string, string> } {
  const v1 = new Map<string, string>();
  let v2: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, id, controllers = '', path = ''] = m;
    if (id === '0' && controllers === '') v2 = path;
    else for (const c of controllers.split(',')) if (c) v1.set(c, path);
  }
  return v2 === undefined ? { v1 } : { v2, v1 };
}

function within(mount: CgroupMount, path: string): string | undefined {
  if (path.includes('/..')) return undefined;
  const root = mount.root === '/' ? '' : mount.root;
  if (path !== root && !path.startsWith(`${root}/`)) return undefined;
  return join(mount.point, path.slice(root.length)).replace(/(.)\/+$/, '$1');
}

/** The folders of our own cgroups: v2, and the v1 memory and pids hierarchies. */
export function ownCgroupDirs(mountinfo: string, selfCgroup: string): { v2?: string; memory?: string; pids?: string } {
  const mounts = parseMountinfo(mountinfo);
  const self = parseSelfCgroup(selfCgroup);
  const dirs: { v2?: string; memory?: string; pids?: string } = {};
  for (const m of mounts) {
    const found: [keyof typeof dirs, string | undefined][] =
      m.fstype === 'cgroup2'
        ? [['v2', self.v2]]
        : (['memory', 'pids'] as const).filter((c) => m.controllers.includes(c)).map((c) => [c, self.v1.get(c)]);
    for (const [key, path] of found) {
      const dir = path === undefined || dirs[key] ? undefined : within(m, path);
      if (dir) dirs[key] = dir;
    }
  }
  return dirs;
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Writes with one write(2), as cgroup files need (errors come from the kernel, e.g. EBUSY). */
function put(path: string, value: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, value);
  } finally {
    closeSync(fd);
  }
}

function words(path: string): string[] {
  try {
    return read(path).trim().split(/\s+/);
  } catch {
    return [];
  }
}

const GROUP_DIR = 'pysec';
let counter = 0;

function errText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** Makes `<parent>/pysec` (v2: with memory and pids enabled for its children). */
function ensureParent(kind: 'v1' | 'v2', parent: string): string {
  const dir = join(parent, GROUP_DIR);
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if (kind === 'v2') {
    const enabled = words(join(dir, 'cgroup.subtree_control'));
    if (!enabled.includes('memory') || !enabled.includes('pids')) put(join(dir, 'cgroup.subtree_control'), '+memory +pids');
  }
  return dir;
}

/** Removes groups left by a pysec process that is gone (a crash, a kill -9). */
function sweep(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const m = /^(\d+)-\d+$/.exec(name);
    if (!m || existsSync(`/proc/${m[1]}`)) continue;
    try {
      rmdirSync(join(dir, name));
    } catch {
      // still populated or already gone
    }
  }
}

function isWritableV2(dir: string): string | undefined {
  const controllers = words(join(dir, 'cgroup.controllers'));
  const missing = ['memory', 'pids'].filter((c) => !controllers.includes(c));
  if (missing.length) return `cgroup v2 at ${dir} lacks the ${missing.join(' and ')} controller${missing.length > 1 ? 's' : ''}`;
  try {
    const enabled = words(join(dir, 'cgroup.subtree_control'));
    if (!enabled.includes('memory') || !enabled.includes('pids')) put(join(dir, 'cgroup.subtree_control'), '+memory +pids');
  } catch (err) {
    return `cannot enable memory and pids for child groups of ${dir} (${errText(err)}; delegate a cgroup v2 subtree to pysec and set PYSEC_CGROUP)`;
  }
  return undefined;
}

/** Makes, limits and removes one group: proves the hierarchy is usable for us. */
function probeGroup(kind: 'v1' | 'v2', parent: string, controller: 'memory' | 'pids' | 'both'): string | undefined {
  let leaf: string | undefined;
  try {
    const dir = ensureParent(kind, parent);
    sweep(dir);
    leaf = join(dir, `${process.pid}-probe`);
    mkdirSync(leaf, { recursive: true });
    if (controller !== 'pids') put(join(leaf, kind === 'v2' ? 'memory.max' : 'memory.limit_in_bytes'), String(1 << 30));
    if (controller !== 'memory') put(join(leaf, 'pids.max'), '64');
    return undefined;
  } catch (err) {
    return `${kind} ${controller === 'both' ? '' : `${controller} `}group in ${parent}: ${errText(err)}`;
  } finally {
    if (leaf) removeDir(leaf);
    removeParentIfEmpty(parent);
  }
}

function removeDir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

async function removeDirLater(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** The pysec folder goes too when it is empty, so the group we run in can be removed by its owner. */
function removeParentIfEmpty(parent: string): void {
  removeDir(join(parent, GROUP_DIR));
}

let status: CgroupStatus | undefined;

/** Finds out once which cgroup hierarchy we may use. PYSEC_CGROUP=none turns cgroups off. */
export function cgroupStatus(): CgroupStatus {
  if (status) return status;
  status = detect();
  return status;
}

function detect(): CgroupStatus {
  const setting = process.env.PYSEC_CGROUP;
  if (setting === 'none') return { kind: 'none', memory: false, pids: false, note: 'cgroups turned off by PYSEC_CGROUP=none' };
  if (process.platform !== 'linux') return { kind: 'none', memory: false, pids: false, note: 'no cgroups on this system' };
  let dirs: ReturnType<typeof ownCgroupDirs>;
  try {
    dirs = ownCgroupDirs(read('/proc/self/mountinfo'), read('/proc/self/cgroup'));
  } catch (err) {
    return { kind: 'none', memory: false, pids: false, note: `cannot read cgroup information (${errText(err)})` };
  }
  const reasons: string[] = [];
  const v2 = setting || dirs.v2;
  if (v2) {
    const why = isWritableV2(v2) ?? probeGroup('v2', v2, 'both');
    if (!why) return { kind: 'v2', memory: true, pids: true, memoryParent: v2, pidsParent: v2, note: `cgroup v2 (memory, pids) in ${v2}` };
    reasons.push(why);
    if (setting) return { kind: 'none', memory: false, pids: false, note: `PYSEC_CGROUP=${setting} is not usable: ${why}` };
  }
  const usable = (controller: 'memory' | 'pids'): string | undefined => {
    const dir = dirs[controller];
    if (!dir) return undefined;
    const why = probeGroup('v1', dir, controller);
    if (why) reasons.push(why);
    return why ? undefined : dir;
  };
  const memory = usable('memory');
  const pids = usable('pids');
  if (memory || pids) {
    const which = [memory && 'memory', pids && 'pids'].filter(Boolean).join(', ');
    return {
      kind: 'v1',
      memory: Boolean(memory),
      pids: Boolean(pids),
      ...(memory ? { memoryParent: memory } : {}),
      ...(pids ? { pidsParent: pids } : {}),
      note: `cgroup v1 (${which})${reasons.length ? `; not used: ${reasons.join('; ')}` : ''}`,
    };
  }
  if (!dirs.v2 && !dirs.memory && !dirs.pids) reasons.push('no cgroup hierarchy is mounted');
  return { kind: 'none', memory: false, pids: false, note: `no writable cgroup: ${reasons.join('; ')}` };
}

function limit(kind: 'v1' | 'v2', dir: string, memory: boolean, pids: boolean, limits: TreeLimits): void {
  if (memory && kind === 'v2') {
    put(join(dir, 'memory.max'), String(limits.memoryBytes));
    if (existsSync(join(dir, 'memory.swap.max'))) put(join(dir, 'memory.swap.max'), '0');
  }
  if (memory && kind === 'v1') {
    put(join(dir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // memsw (memory + swap) must be at least the memory limit, so it is set second.
    const memsw = join(dir, 'memory.memsw.limit_in_bytes');
    if (existsSync(memsw)) put(memsw, String(limits.memoryBytes));
  }
  if (pids) put(join(dir, 'pids.max'), String(limits.processes));
}

/** Emptied groups kept for reuse, by their limits. A group is pooled only with no process in it. */
const groupPool = new Map<string, TreeGroup[]>();
const GROUP_POOL_MAX = 32;
const poolKey = (limits: TreeLimits) => `${limits.memoryBytes}:${limits.processes}`;

/** Groups not yet released: removed when this process exits (groups of a killed pysec are swept at the next start). */
const live = new Set<TreeGroup>();
let exitHook = false;

function removeLiveGroups(): void {
  for (const group of live) {
    for (const pid of group.members()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  // The killed processes take a moment to leave their groups: wait for them, briefly (sync, we are exiting).
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 50; attempt++) {
    let left = false;
    for (const group of live) for (const dir of group.dirs) left = !removeDir(dir) || left;
    if (!left) break;
    Atomics.wait(pause, 0, 0, 10);
  }
  for (const group of live) for (const parent of group.parents) removeParentIfEmpty(parent);
}

/** The groups of one sandboxed process tree. */
export class TreeGroup {
  readonly dirs: string[];
  private readonly kind: 'v1' | 'v2';
  private readonly memoryDir: string | undefined;
  readonly parents: string[];

  private readonly key: string;
  private oomBase = 0;

  private constructor(kind: 'v1' | 'v2', dirs: string[], memoryDir: string | undefined, parents: string[], key: string) {
    this.key = key;
    this.kind = kind;
    this.dirs = dirs;
    this.memoryDir = memoryDir;
    this.parents = parents;
  }

  /**
   * Makes and limits the groups (or takes emptied ones with the same limits back from the
   * pool); undefined where no cgroup is usable. Throws if making them fails.
   */
  static create(limits: TreeLimits): TreeGroup | undefined {
    const st = cgroupStatus();
    if (st.kind === 'none') return undefined;
    const pooled = groupPool.get(poolKey(limits))?.pop();
    if (pooled) {
      pooled.releasing = undefined;
      pooled.oomBase = pooled.oomCount();
      if (pooled.memoryDir && pooled.kind === 'v1') {
        try {
          put(join(pooled.memoryDir, 'memory.max_usage_in_bytes'), '0'); // the peak is this tree's
        } catch {
          // not offered here
        }
      }
      return pooled;
    }
    const kind = st.kind;
    const name = `${process.pid}-${++counter}`;
    const parents = [...new Set([st.memoryParent, st.pidsParent].filter((p): p is string => Boolean(p)))];
    const dirs: string[] = [];
    try {
      let memoryDir: string | undefined;
      for (const parent of parents) {
        // Another pysec may remove an empty pysec folder between our mkdirs: try again.
        for (let attempt = 0; ; attempt++) {
          try {
            const leaf = join(ensureParent(kind, parent), name);
            mkdirSync(leaf);
            dirs.push(leaf);
            limit(kind, leaf, parent === st.memoryParent, parent === st.pidsParent, limits);
            if (parent === st.memoryParent) memoryDir = leaf;
            break;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
          }
        }
      }
      const group = new TreeGroup(kind, dirs, memoryDir, parents, poolKey(limits));
      live.add(group);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', removeLiveGroups);
      }
      return group;
    } catch (err) {
      for (const dir of dirs) removeDir(dir);
      throw err;
    }
  }

  /** How many processes the kernel killed because the tree ran out of memory. */
  oomKills(): number {
    return this.oomCount() - this.oomBase;
  }

  /** The kernel's count of OOM kills in the memory group since it was made. */
  private oomCount(): number {
    if (!this.memoryDir) return 0;
    try {
      const file = join(this.memoryDir, this.kind === 'v2' ? 'memory.events' : 'memory.oom_control');
      const m = /^oom_kill (\d+)$/m.exec(read(file));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** Processes in the group now (0 when everything ended). */
  members(): number[] {
    const pids = new Set<number>();
    for (const dir of this.dirs) {
      for (const w of words(join(dir, 'cgroup.procs'))) if (/^\d+$/.test(w)) pids.add(Number(w));
    }
    return [...pids];
  }

  /**
   * Kills whatever is still in the groups, then removes them (retrying while the kernel
   * finishes). True when they were removed: no process of the tree is left anywhere (a
   * process cannot leave its group: the sandbox sees no cgroup files).
   */
  /** Call once per use (after the tree's process ended): a pooled group may serve another tree next. */
  async release(): Promise<boolean> {
    this.releasing ??= this.empty();
    return this.releasing;
  }

  private releasing: Promise<boolean> | undefined;

  private async empty(): Promise<boolean> {
    let emptied = false;
    for (let attempt = 0; attempt < 100; attempt++) {
      for (const dir of this.dirs) {
        if (!existsSync(dir)) continue;
        if (this.kind === 'v2' && existsSync(join(dir, 'cgroup.kill'))) {
          try {
            put(join(dir, 'cgroup.kill'), '1');
          } catch {
            // gone
          }
        }
      }
      const members = this.members();
      for (const pid of members) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (members.length === 0) {
        // Empty and whole: kept for the next tree with the same limits (making and removing
        // a group costs about 1.5 ms of CPU per sandboxed process, measured), while the pool
        // has room.
        const pool = groupPool.get(this.key) ?? [];
        groupPool.set(this.key, pool);
        if (pool.length < GROUP_POOL_MAX && this.dirs.every((d) => existsSync(d))) {
          pool.push(this);
          return true;
        }
        // rmdir of a cgroup waits on the kernel (an RCU grace period at times): off the event loop.
        if ((await Promise.all(this.dirs.map(removeDirLater))).every(Boolean)) {
          emptied = true;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    live.delete(this);
    for (const parent of this.parents) removeParentIfEmpty(parent);
    return emptied;
  }
}
