import type { Reporter } from 'vitest/node';

/** Each test file's prepare, import and test time; written to DOCKET_TEST_TIMES, the slowest printed. */
export declare class FileTimesReporter implements Reporter {}
