import type { Sleep } from './types';

/** A counting semaphore that hands out permits in request order. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', cancel);
        this.active++;
        resolve();
      };
      const cancel = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', cancel, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

/**
 * Limits requests to `maxPerHost` at a time per host and `maxTotal` overall,
 * and holds back the requests to a host that asked for a pause (Retry-After).
 * A request takes its host's permit first, waits out the pause, and only then
 * takes one of the overall permits, so a paused host never holds those.
 */
export class RequestLimiter {
  private readonly total: Semaphore;
  private readonly hosts = new Map<string, Semaphore>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    maxTotal: number,
    private readonly maxPerHost: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
  ) {
    this.total = new Semaphore(maxTotal);
  }

  /** Runs `task` once the host and overall limits allow a request to `host`. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const semaphore = this.hostSemaphore(host);
    await semaphore.acquire(signal);
    try {
      const wait = (this.pausedUntil.get(host) ?? 0) - this.now();
      if (wait > 0) await this.sleep(wait, signal);
      await this.total.acquire(signal);
      try {
        return await task();
      } finally {
        this.total.release();
      }
    } finally {
      semaphore.release();
      if (semaphore.idle) this.hosts.delete(host);
    }
  }

  /** Holds back further requests to `host` for `ms` milliseconds from now. */
  pause(host: string, ms: number): void {
    const until = this.now() + ms;
    if (until > (this.pausedUntil.get(host) ?? 0)) this.pausedUntil.set(host, until);
  }

  private hostSemaphore(host: string): Semaphore {
    let semaphore = this.hosts.get(host);
    if (!semaphore) {
      semaphore = new Semaphore(this.maxPerHost);
      this.hosts.set(host, semaphore);
    }
    return semaphore;
  }
}
