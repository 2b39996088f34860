package dev.keyward.reconciler;

import dev.keyward.status.ConditionReason;
import dev.keyward.status.Phase;

/** Where a decision lands: the phase, and the reason and message of the Ready condition. */
record Verdict(Phase phase, ConditionReason reason, String message) {}
