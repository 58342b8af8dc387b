// dmn-moddle ships no types; only what read-dmn.ts calls.
declare module 'dmn-moddle' {
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: Array<{ message: string }> }>;
  }
}
