import type { RehearsalBehaviour } from '../../contracts/src';

/**
 * The simulated customer a rehearsal dials for each behaviour: numbers of asterisk/extensions.conf
 * [sim-customers], where the tens digit of +1 202 555 01N0 picks the behaviour and +1 202 555 8PPP says
 * phrase PPP of asterisk/sim-speech/phrases.tsv.
 */
export const SIMULATED_CUSTOMERS: Record<RehearsalBehaviour, string> = {
  listens: '+12025550100',
  busy: '+12025550110',
  no_answer: '+12025550120',
  voicemail: '+12025550150',
  interested: '+12025550160',
  opts_out: '+12025550170',
  callback: '+12025550180',
  // Phrase 055: "Can I speak to a person?"
  asks_for_person: '+12025558055',
};

/** Where a rehearsal hands off instead of the campaign's agents: the sandbox's agent who answers and listens. */
export const SIMULATED_AGENT = { kind: 'channel', value: 'Local/answers@sim-agents' } as const;
