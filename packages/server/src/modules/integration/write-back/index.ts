export { createWriteBackSubscriber, writeBackMessage, WRITE_BACK_EVENT_TYPES, type WriteBackMessage, type WriteBackOptions, type WriteBackSettings } from './write-back.ts';
