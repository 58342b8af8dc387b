import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';

/**
 * bpmn-js's `translate` service over the console's catalogue: the palette, the context pad, the
 * replace menu and the properties panel ask for their English texts, found under
 * `modeler.bpmn.<English>`; a text the catalogue lacks stays English.
 */
export function translateModule(t: () => Translate) {
  const translate = (template: string, replacements: Record<string, string> = {}) => {
    const text = translateIfKnown(t(), `modeler.bpmn.${template}`) ?? template;
    return text.replace(/\{([^}]+)\}/g, (whole, name: string) => replacements[name] ?? whole);
  };
  return { translate: ['value', translate] };
}
