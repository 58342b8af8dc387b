export { type CompileResult, compileBpmn } from './compile-bpmn.ts';
export { DOCKET_BPMN_NAMESPACE, docketModdleDescriptor } from './docket-namespace.ts';
export { translateJuel } from './juel.ts';
export { decodeXmlBytes } from './decode-xml.ts';
