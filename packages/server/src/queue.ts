/**
 * @module queue
 * The in-process check queue: at most `slots` checks run at once (each starts several
 * sandboxed processes, so the machine's cores are the natural limit), at most `maxWaiting`
 * wait, first come first served. A task that was accepted always runs (or is told it was
 * cancelled when the server stops): nothing is dropped silently. Beyond the limit the caller
 * gets PYSEC_ERR_QUEUE_FULL at once instead of an unbounded wait.
 */
import { PysecError } from '@pysec/core';

export interface QueueTask {
  run(): Promise<void>;
  /** Its place in line changed (1 = next to start). */
  moved(position: number): void;
  /** The queue closed before the task could start. */
  cancelled(): void;
}

export class CheckQueue {
  readonly slots: number;
  readonly maxWaiting: number;
  private readonly waiting: QueueTask[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(slots: number, maxWaiting: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError('slots must be a positive integer');
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError('maxWaiting must be a non-negative integer');
    this.slots = slots;
    this.maxWaiting = maxWaiting;
  }

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Accepts a task; returns its place in line (0: it started at once). */
  add(task: QueueTask): number {
    if (this.closed) {
      throw new PysecError('PYSEC_ERR_QUEUE_FULL', 'The server is stopping and takes no more checks.', {
        hint: 'Start `pysec serve` again, then check again.',
      });
    }
    if (this.running.size < this.slots) {
      this.start(task);
      return 0;
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new PysecError('PYSEC_ERR_QUEUE_FULL', `${this.waiting.length} checks are already waiting; this one was not queued.`, {
        hint: 'try again in a few seconds',
      });
    }
    this.waiting.push(task);
    return this.waiting.length;
  }

  private start(task: QueueTask): void {
    // run() is not trusted to never throw: a failing task must still free its slot.
    const done: Promise<void> = Promise.resolve()
      .then(() => task.run())
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(done);
        this.next();
      });
    this.running.add(done);
  }

  private next(): void {
    if (this.closed) return;
    while (this.running.size < this.slots && this.waiting.length > 0) {
      this.start(this.waiting.shift() as QueueTask);
    }
    this.waiting.forEach((task, i) => {
      task.moved(i + 1);
    });
  }

  /** Stops taking tasks, cancels the waiting ones, waits up to `graceMs` for running ones. */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.cancelled();
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    await Promise.race([Promise.all(this.running), grace]);
    clearTimeout(timer);
  }
}
