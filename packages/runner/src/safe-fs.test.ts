import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readInside, UnsafePathError, writeInside } from './safe-fs.ts';

const root = mkdtempSync(join(tmpdir(), 'pysec-safefs-'));
const outside = mkdtempSync(join(tmpdir(), 'pysec-outside-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('safe-fs', () => {
  writeFileSync(join(outside, 'secret.txt'), 'JUDGE-SECRET');
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'ok.txt'), 'fine');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(outside, join(root, 'dirlink'));

  it('reads regular files, nested', () => {
    assert.equal(readInside(root, 'a/b/ok.txt')?.toString(), 'fine');
    assert.equal(readInside(root, 'a/missing.txt'), null);
  });

  it('refuses a symlinked file and a symlinked folder on the way', () => {
    assert.throws(() => readInside(root, 'link.txt'), UnsafePathError);
    assert.throws(() => readInside(root, 'dirlink/secret.txt'), UnsafePathError);
  });

  it('refuses paths that leave the folder', () => {
    assert.throws(() => readInside(root, '../x'), UnsafePathError);
    assert.throws(() => writeInside(root, 'a/../../x', Buffer.from('x')), UnsafePathError);
  });

  it('refuses oversized files', () => {
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(2048));
    assert.throws(() => readInside(root, 'big.bin', 1024), /larger than/);
  });

  it('writes files and folders, never through a symlink', () => {
    writeInside(root, 'new/dir/f.txt', Buffer.from('hi'));
    assert.equal(readFileSync(join(root, 'new', 'dir', 'f.txt'), 'utf8'), 'hi');
    assert.throws(() => writeInside(root, 'link.txt', Buffer.from('pwned')), UnsafePathError);
    assert.throws(() => writeInside(root, 'dirlink/x.txt', Buffer.from('pwned')), UnsafePathError);
    assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'JUDGE-SECRET');
  });
});
