/**
 * Single-flight: concurrent callers asking for the same key share one piece of work. The work gets its own
 * AbortSignal, aborted only when every caller waiting for it has given up, so one cancelled hover does not
 * cancel the scan another file is waiting for.
 */
import { RegistryAbortedError } from './errors';

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

export class SingleFlight {
  private readonly flights = new Map<string, Flight>();

  run<T>(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(new RegistryAbortedError());
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => work(controller.signal))
        .finally(() => {
          if (this.flights.get(key) === flight) this.flights.delete(key);
        });
      // Nobody may be listening any more when it fails (every caller aborted).
      promise.catch(() => undefined);
      flight = { promise, controller, waiters: 0 };
      this.flights.set(key, flight);
    }
    const current = flight;
    current.waiters++;
    if (!signal) return current.promise as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        current.waiters--;
        if (current.waiters === 0) {
          current.controller.abort();
          if (this.flights.get(key) === current) this.flights.delete(key);
        }
        reject(new RegistryAbortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      current.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  get size(): number {
    return this.flights.size;
  }
}
