package io.slipway.core.data.profile;

import java.math.BigDecimal;
import java.math.MathContext;

/** Statistics as people read them in diffs and validation reports: six significant digits, no exponent, no trailing zeros. */
public final class NumberText {
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private NumberText() {
    }

    public static String of(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).round(SIX_DIGITS).stripTrailingZeros().toPlainString();
    }
}
