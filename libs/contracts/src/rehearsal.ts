/**
 * Rehearsal: a campaign whose every dial goes to the sandbox's simulated customers instead of its contacts,
 * with a chosen mix of behaviours, so an admin reads real transcripts of the script before going live.
 */

export const CAMPAIGN_MODES = ['live', 'rehearsal'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];

/** In this order behaviours take their share of the contacts, and win ties of the largest remainder. */
export const REHEARSAL_BEHAVIOURS = ['listens', 'busy', 'no_answer', 'voicemail', 'interested', 'opts_out', 'callback', 'asks_for_person'] as const;
export type RehearsalBehaviour = (typeof REHEARSAL_BEHAVIOURS)[number];

/** Weights per behaviour (counts that add up to the contacts give exactly those counts); absent means 0. */
export type RehearsalMix = Partial<Record<RehearsalBehaviour, number>>;

export const MAX_REHEARSAL_WEIGHT = 1_000_000;

/** Problems of a mix, each naming its field (`rehearsalMix.<behaviour>`); empty when it is usable. */
export function rehearsalMixProblems(mix: RehearsalMix): { field: string; message: string }[] {
  const problems = Object.entries(mix)
    .filter(([, weight]) => weight !== undefined && !(Number.isInteger(weight) && weight >= 0 && weight <= MAX_REHEARSAL_WEIGHT))
    .map(([behaviour]) => ({ field: `rehearsalMix.${behaviour}`, message: `must be an integer from 0 to ${MAX_REHEARSAL_WEIGHT}` }));
  if (problems.length === 0 && REHEARSAL_BEHAVIOURS.every((b) => !mix[b])) {
    problems.push({ field: 'rehearsalMix', message: 'needs at least one behaviour with a weight above 0' });
  }
  return problems;
}

/**
 * How many of `contacts` get each behaviour: each its share of the weights rounded down, then one more to
 * the largest remainders (Hamilton's method), so the counts add up to `contacts` exactly.
 */
export function apportionRehearsal(mix: RehearsalMix, contacts: number): Record<RehearsalBehaviour, number> {
  const total = REHEARSAL_BEHAVIOURS.reduce((sum, b) => sum + (mix[b] ?? 0), 0);
  const counts = Object.fromEntries(REHEARSAL_BEHAVIOURS.map((b) => [b, 0])) as Record<RehearsalBehaviour, number>;
  if (total === 0) return counts;
  // Integer arithmetic: quota = contacts * weight / total, remainder compared as a numerator over `total`.
  const remainders = REHEARSAL_BEHAVIOURS.map((behaviour, order) => {
    const scaled = contacts * (mix[behaviour] ?? 0);
    counts[behaviour] = Math.floor(scaled / total);
    return { behaviour, remainder: scaled % total, order };
  });
  let left = contacts - REHEARSAL_BEHAVIOURS.reduce((sum, b) => sum + counts[b], 0);
  for (const { behaviour } of remainders.sort((a, b) => b.remainder - a.remainder || a.order - b.order)) {
    if (left === 0) break;
    counts[behaviour] += 1;
    left -= 1;
  }
  return counts;
}

/**
 * The behaviour of the contact at `position` (0-based) of `contacts`: behaviours fill consecutive positions
 * in the order of REHEARSAL_BEHAVIOURS with the counts of apportionRehearsal.
 */
export function rehearsalBehaviourAt(mix: RehearsalMix, position: number, contacts: number): RehearsalBehaviour {
  const counts = apportionRehearsal(mix, contacts);
  let end = 0;
  for (const behaviour of REHEARSAL_BEHAVIOURS) {
    end += counts[behaviour];
    if (position < end) return behaviour;
  }
  throw new RangeError(`position ${position} is outside ${contacts} contacts`);
}
