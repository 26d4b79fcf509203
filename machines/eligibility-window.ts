import type { EligibilityCall, EligibilityRuleResult, NextWindow } from '../domain/eligibility';
import type { ApplicationWindow, TrackPolicy } from '../domain/policy';
import {
  formatInZone,
  instantMs,
  nextWindowAfter,
  termOfSemester,
  windowForSemester,
  type WindowMs,
} from '../domain/calendar';

/**
 * The application window: the policy's window for the call's semester, or the call's own dates, both ends
 * inclusive. Outside it the rule fails and names the next window: this call's, if it has not opened yet;
 * otherwise the next policy window (a call's own dates have no successor the rules know of).
 */
export function windowRule(
  tp: TrackPolicy,
  call: EligibilityCall,
  atMs: number,
  timeZone: string,
  windows: readonly ApplicationWindow[],
): { rule: EligibilityRuleResult; next?: NextWindow } {
  const show = (w: WindowMs): NextWindow => ({
    forSemester: w.forSemester,
    opensAt: formatInZone(timeZone, w.opensMs),
    closesAt: formatInZone(timeZone, w.closesMs),
  });
  const id = 'application_window';
  const seen = formatInZone(timeZone, atMs);

  let window: WindowMs | undefined;
  if (tp.applicationWindow === 'call') {
    if (call.window) {
      const { opensAt, closesAt } = call.window;
      window = {
        forSemester: call.mobilitySemester,
        opensMs: instantMs(opensAt),
        closesMs: instantMs(closesAt),
      };
    }
  } else {
    const w = windows.find((x) => x.forSemester === termOfSemester(call.mobilitySemester).half);
    if (w) window = windowForSemester(w, call.mobilitySemester, timeZone);
  }
  if (!window) {
    return {
      rule: { id, passed: false, seen, threshold: null, message: `call ${call.id} has no application dates` },
    };
  }

  const threshold = show(window);
  if (atMs >= window.opensMs && atMs <= window.closesMs) {
    const message = `applied within ${threshold.opensAt} - ${threshold.closesAt}`;
    return { rule: { id, passed: true, seen, threshold, message } };
  }
  if (atMs < window.opensMs) {
    const message = `applications for ${call.mobilitySemester} open on ${threshold.opensAt}`;
    return { rule: { id, passed: false, seen, threshold, message }, next: threshold };
  }
  const after = tp.applicationWindow === 'policy' ? nextWindowAfter(windows, atMs, timeZone) : undefined;
  if (!after) {
    const message = `applications to call ${call.id} closed on ${threshold.closesAt}; the next call announces its own dates`;
    return { rule: { id, passed: false, seen, threshold, message } };
  }
  const next = show(after);
  const message =
    `applications for ${call.mobilitySemester} closed on ${threshold.closesAt}; ` +
    `the next window is ${next.opensAt} - ${next.closesAt} for ${next.forSemester}`;
  return { rule: { id, passed: false, seen, threshold, message }, next };
}
