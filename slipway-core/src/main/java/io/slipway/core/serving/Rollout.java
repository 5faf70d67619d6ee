package io.slipway.core.serving;

import io.slipway.core.SlipwayException;

/**
 * What a deployment does when the version its model URI names changes (an alias moved, a newer
 * version became latest): DIRECT swaps the stable version at once; CANARY makes the new version a
 * candidate answering {@code initialPercent} of the requests, stepped up by {@code stepPercent}
 * every {@code stepMillis} (0: only by command) and promoted once it has served 100 % for one more
 * step; SHADOW makes it a shadow candidate, promoted by command.
 */
public record Rollout(Strategy strategy, int initialPercent, int stepPercent, long stepMillis) {
    public enum Strategy {
        DIRECT,
        CANARY,
        SHADOW
    }

    public Rollout {
        if (strategy == null) {
            throw SlipwayException.missingParameter("rollout.strategy");
        }
        if (strategy == Strategy.CANARY) {
            if (initialPercent < 1 || initialPercent > 100) {
                throw SlipwayException.invalidParameter(
                        "Invalid value %d for parameter 'rollout.initial_percent': a canary starts at 1 to 100 percent.", initialPercent);
            }
            if (stepPercent < 0 || stepPercent > 100) {
                throw SlipwayException.invalidParameter("Invalid value %d for parameter 'rollout.step_percent': 0 to 100.", stepPercent);
            }
            if (stepMillis < 0) {
                throw SlipwayException.invalidParameter(
                        "Invalid value %d for parameter 'rollout.step_millis': milliseconds, 0 for steps by command only.", stepMillis);
            }
            if (stepMillis > 0 && stepPercent == 0) {
                throw SlipwayException.invalidParameter(
                        "Parameter 'rollout.step_percent' must be above 0 when 'rollout.step_millis' schedules steps.");
            }
        } else if (initialPercent != 0 || stepPercent != 0 || stepMillis != 0) {
            throw SlipwayException.invalidParameter(
                    "Parameters 'rollout.initial_percent', 'rollout.step_percent' and 'rollout.step_millis' only apply to a CANARY rollout.");
        }
    }

    public static Rollout direct() {
        return new Rollout(Strategy.DIRECT, 0, 0, 0);
    }

    public static Rollout canary(int initialPercent, int stepPercent, long stepMillis) {
        return new Rollout(Strategy.CANARY, initialPercent, stepPercent, stepMillis);
    }

    public static Rollout shadow() {
        return new Rollout(Strategy.SHADOW, 0, 0, 0);
    }
}
