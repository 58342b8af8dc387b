import type { ProcessSettings } from '../graph.ts';
import { type ModdleElement, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { readSeparationOfDuties } from './user-task.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

export function readProcessSettings(process: ModdleElement, context: ElementReadContext): ProcessSettings {
  const docket = extensionOf(process, 'docket:ProcessSettings');
  const groups = stringOf(docket, 'candidateStarterGroups') ?? camundaStyleAttribute(process, 'candidateStarterGroups') ?? '';
  const timeToLive = stringOf(docket, 'historyTimeToLive') ?? camundaStyleAttribute(process, 'historyTimeToLive');
  const settings: ProcessSettings = {
    candidateStarterGroups: groups
      .split(',')
      .map((group) => group.trim())
      .filter((group) => group !== ''),
    historyTimeToLiveDays: readDays(timeToLive, context),
  };
  // Only when the model says so, so graphs without it stay as they were (absent means none).
  const separationOfDuties = readSeparationOfDuties(stringOf(docket, 'separationOfDuties'), context);
  return separationOfDuties === null ? settings : { ...settings, separationOfDuties };
}

/** Camunda accepts a number of days or an ISO duration in days (`P30D`). */
function readDays(raw: string | undefined, context: ElementReadContext): number | null {
  const text = raw?.trim();
  if (!text) return null;
  const match = /^(?:(\d+)|P(\d+)D)$/i.exec(text);
  if (!match) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `historyTimeToLive "${text}" is not a number of days such as 30 or P30D.`);
    return null;
  }
  return Number(match[1] ?? match[2]);
}
