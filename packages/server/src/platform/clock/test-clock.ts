import type { Clock } from './clock.ts';

/**
 * DOCKET_TEST_CLOCK=true: time stands still at the start-up instant until someone moves it
 * (POST /api/v1/test-clock). It only moves forward: deadlines, timers and audit times already
 * written in the past must stay in the past.
 */
export class TestClock implements Clock {
  #current: Date;
  constructor(start: Date) {
    this.#current = new Date(start);
  }
  now(): Date {
    return new Date(this.#current);
  }
  /** Moves to `to`; returns false (and stays) when `to` is before the current time. */
  moveTo(to: Date): boolean {
    if (to.getTime() < this.#current.getTime()) return false;
    this.#current = new Date(to);
    return true;
  }
}
