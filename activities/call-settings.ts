import type { CallSettings } from '../libs/contracts/src';

/** A campaign's settings over the configured defaults, field by field. */
export function resolveCallSettings(defaults: CallSettings, campaign: Partial<CallSettings>): CallSettings {
  return { ...defaults, ...Object.fromEntries(Object.entries(campaign).filter(([, v]) => v !== undefined && v !== null)) };
}
