import docketModdleDescriptor from './docket-moddle.json' with { type: 'json' };

/** The Docket BPMN extension namespace; bpmn-js loads the same descriptor (`moddleExtensions: { docket }`). */
export const DOCKET_BPMN_NAMESPACE = 'https://docket.dev/schema/bpmn/1.0';

export { docketModdleDescriptor };
