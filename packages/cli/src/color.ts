/** @module color — terminal styling that honours NO_COLOR, FORCE_COLOR and non-TTY output. */

const enabled = (): boolean => {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
};

const wrap = (open: number, close: number) => (text: string) => (enabled() ? `\x1b[${open}m${text}\x1b[${close}m` : text);

export const c = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

export const mark = {
  ok: () => c.green(enabled() ? '✔' : '[ok]'),
  fail: () => c.red(enabled() ? '✘' : '[FAIL]'),
  warn: () => c.yellow('!'),
};
