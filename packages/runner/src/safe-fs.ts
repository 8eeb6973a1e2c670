/**
 * @module safe-fs
 * Reading and writing inside a folder that hostile code can change while we look.
 * Every path component is opened relative to the file descriptor of its parent through
 * /proc/self/fd (openat without native code) with O_NOFOLLOW, so a symlink anywhere in
 * the path — even one swapped in mid-walk — fails with ELOOP/ENOTDIR instead of leading
 * outside the folder.
 */
import { closeSync, constants, fchownSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_WRONLY, O_CREAT, O_NONBLOCK } = constants;

export class UnsafePathError extends Error {
  constructor(path: string, why: string) {
    super(`${path}: ${why}`);
    this.name = 'UnsafePathError';
  }
}

function components(rel: string): string[] {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) throw new UnsafePathError(rel, 'not a path inside the folder');
  return parts;
}

function openDirChain(root: string, dirs: string[], create: boolean, owner?: number): number {
  let fd = openSync(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    for (const name of dirs) {
      const at = `/proc/self/fd/${fd}/${name}`;
      let made = false;
      if (create) {
        try {
          mkdirSync(at);
          made = true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
      }
      const next = openSync(at, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      // Ownership is set through the descriptor we hold: a link swapped in cannot redirect it.
      if (made && owner !== undefined) fchownSync(next, owner, owner);
      closeSync(fd);
      fd = next;
    }
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Reads root/rel without following any symlink; null when it does not exist. Throws when larger than maxBytes. */
export function readInside(root: string, rel: string, maxBytes = 16 * 1024 * 1024): Buffer | null {
  const parts = components(rel);
  const name = parts.pop() as string;
  let dirFd: number;
  try {
    dirFd = openDirChain(root, parts, false);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP' || code === 'ENOTDIR') throw new UnsafePathError(rel, 'a folder on the way is a symbolic link');
    throw err;
  }
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted by learner code must not block the engine's event loop.
    fd = openSync(`/proc/self/fd/${dirFd}/${name}`, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new UnsafePathError(rel, 'is a symbolic link');
    throw err;
  } finally {
    closeSync(dirFd);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafePathError(rel, 'is not a regular file');
    if (st.size > maxBytes) throw new UnsafePathError(rel, `is larger than ${maxBytes} bytes`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes root/rel, creating folders, refusing to follow any symlink on the way and to write
 * into anything but a regular file. `owner` (root only) becomes the owner of what is created.
 */
export function writeInside(root: string, rel: string, data: Uint8Array, mode = 0o644, owner?: number): void {
  const parts = components(rel);
  const name = parts.pop() as string;
  let dirFd: number;
  try {
    dirFd = openDirChain(root, parts, true, owner);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR') throw new UnsafePathError(rel, 'a folder on the way is a symbolic link');
    throw err;
  }
  try {
    let fd: number;
    try {
      // No O_TRUNC before we know it is a regular file; O_NONBLOCK so a FIFO cannot block us.
      fd = openSync(`/proc/self/fd/${dirFd}/${name}`, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK, mode);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new UnsafePathError(rel, 'is a symbolic link');
      if (code === 'ENXIO' || code === 'EISDIR') throw new UnsafePathError(rel, 'is not a regular file');
      throw err;
    }
    try {
      if (!fstatSync(fd).isFile()) throw new UnsafePathError(rel, 'is not a regular file');
      ftruncateSync(fd, 0);
      if (owner !== undefined) fchownSync(fd, owner, owner);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    } finally {
      closeSync(fd);
    }
  } finally {
    closeSync(dirFd);
  }
}
