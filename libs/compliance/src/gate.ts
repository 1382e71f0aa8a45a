import type { CallingWindow, CampaignStatus, ComplianceDecision, ComplianceReason } from '../../contracts/src';
import { effectiveWindow, isCallableAt, nextCallableAt } from './calling-window';
import type { ContactZones } from './timezone';

/** Everything the gate weighs for one attempt, gathered by the caller (the dial-time activity). */
export interface GateFacts {
  phone: string;
  /** The campaign row's status, which its workflow keeps; undefined when the campaign is gone. */
  campaignStatus: CampaignStatus | undefined;
  dncEntry: { reason: string } | null;
  dialedAttempts: number;
  attemptBudget: number;
  contactZones: ContactZones;
  callingWindow: CallingWindow | null;
}

export interface WindowVerdict {
  callable: boolean;
  /** When the window opens in every zone of the contact; null when it never does (or is open now). */
  opensAt: Date | null;
  window: CallingWindow;
}

/**
 * The calling-window rule, the one place it is written: the campaign's window narrowed to the legal one,
 * open in every zone of the contact. Fails closed: no zone means not callable.
 */
export function windowVerdict(now: Date, zones: readonly string[], campaignWindow: CallingWindow | null): WindowVerdict {
  const window = effectiveWindow(campaignWindow);
  if (zones.length === 0) return { callable: false, opensAt: null, window };
  if (isCallableAt(now, zones, window)) return { callable: true, opensAt: null, window };
  return { callable: false, opensAt: nextCallableAt(now, zones, window), window };
}

/**
 * The compliance gate as one pure decision, checked right before a dial, in this order: the campaign still
 * runs, the number is not on the do-not-call list, the attempt budget is not spent, the time zone is known,
 * and the calling window is open in every zone. Anything unknown refuses.
 */
export function decideCompliance(facts: GateFacts, now: Date): ComplianceDecision {
  const decide = (reason: ComplianceReason, retryAt: Date | null, evidence: Record<string, unknown>): ComplianceDecision => ({
    allowed: reason === 'ok',
    reason,
    checkedAt: now.toISOString(),
    retryAt: retryAt?.toISOString() ?? null,
    evidence: { phone: facts.phone, ...evidence },
  });
  if (facts.campaignStatus === 'paused') return decide('campaign_paused', null, { campaignStatus: 'paused' });
  if (facts.campaignStatus !== 'active') return decide('campaign_stopped', null, { campaignStatus: facts.campaignStatus ?? 'missing' });
  if (facts.dncEntry) return decide('dnc', null, { dncListed: true, dncReason: facts.dncEntry.reason });
  const attempts = { dialedAttempts: facts.dialedAttempts, budget: facts.attemptBudget };
  if (facts.dialedAttempts >= facts.attemptBudget) return decide('attempt_cap', null, attempts);
  const { zones, source } = facts.contactZones;
  const verdict = windowVerdict(now, zones, facts.callingWindow);
  const evidence = { zones, zoneSource: source, window: verdict.window, ...attempts };
  if (zones.length === 0) return decide('timezone_unknown', null, evidence);
  if (verdict.callable) return decide('ok', null, evidence);
  return decide(verdict.opensAt ? 'outside_window' : 'no_calling_window', verdict.opensAt, evidence);
}
