export { createSpikeDetector, type SpikeDetector, type SpikeDetectorOptions } from './spike-detector.ts';
export { ensureSpikeCaseType } from './spike-case-type.ts';
export { runSpikeRule, SPIKE_DETECTOR_ACTOR } from './run-spike-rule.ts';
export { routeShippedSpikeRule, SHIPPED_SPIKE_RULE_KEY } from './spike-rules.ts';
