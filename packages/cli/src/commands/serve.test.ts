// `pysec serve` as a person runs it: a real process on a free port, a real HTTP request with
// the printed token, Ctrl-C; and the settings it refuses.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '@pysec/runner';

const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'pysec.js');
const home = mkdtempSync(join(tmpdir(), 'pysec-serve-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, PYSEC_HOST: _h, PYSEC_PORT: _p, ...rest } = process.env;
  return { ...rest, PYSEC_HOME: home, NO_COLOR: '1', ...extra };
}

function get(url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('pysec serve', { concurrency: false }, () => {
  it('prints the address with a token, serves it, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /pysec is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})\n[\s\S]*Ctrl-C to stop/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    try {
      const token = url.hash.slice('#token='.length);
      const health = await get(new URL('/api/health', url), {});
      assert.equal(health.status, 200);
      const course = await get(new URL('/api/course', url), { authorization: `Bearer ${token}` });
      assert.equal(course.status, 200);
      assert.match(course.body, /sqli-login/);
      const noToken = await get(new URL('/api/course', url), {});
      assert.equal(noToken.status, 401);
      const rebound = await get(new URL('/api/course', url), { authorization: `Bearer ${token}`, host: `rebind.example:${url.port}` });
      assert.equal(rebound.status, 403);
    } finally {
      const code = new Promise<string>((resolve) => child.on('exit', (c, sig) => resolve(`${c} ${sig}`)));
      child.kill('SIGINT');
      assert.equal(await code, '0 null', out + err);
    }
  });

  it('says when the port is taken, and what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    try {
      const res = spawnSync(process.execPath, [CLI, 'serve', '--port', String(port)], { env: env(), encoding: 'utf8', timeout: 20_000 });
      assert.equal(res.status, 4, res.stderr);
      assert.match(res.stderr, /PYSEC_ERR_PORT_IN_USE/);
      assert.match(res.stderr, /next: .*--port/);
    } finally {
      blocker.close();
    }
  });

  it('refuses DATABASE_URL, a non-loopback PYSEC_HOST without --host, and a bad port', () => {
    const run = (args: string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [CLI, 'serve', ...args], { env: env(extra), encoding: 'utf8', timeout: 20_000 });
    const db = run(['--port', '0'], { DATABASE_URL: 'postgres://db/pysec' });
    assert.equal(db.status, 2);
    assert.match(db.stderr, /PYSEC_ERR_DATABASE_UNSUPPORTED/);
    const host = run(['--port', '0'], { PYSEC_HOST: '0.0.0.0' });
    assert.equal(host.status, 2);
    assert.match(host.stderr, /--host 0\.0\.0\.0/);
    const port = run(['--port', 'http']);
    assert.equal(port.status, 2);
    assert.match(port.stderr, /--port must be a whole number/);
  });
});
