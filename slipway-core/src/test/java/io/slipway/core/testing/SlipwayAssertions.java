package io.slipway.core.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the errors Slipway reports to clients. */
public final class SlipwayAssertions {
    private SlipwayAssertions() {}

    /** Asserts that {@code call} is refused as a bad request; chain {@code hasMessageContaining} to pin the reason. */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertInvalidParameter(ThrowingCallable call) {
        return assertFailsWith(ErrorCode.INVALID_PARAMETER_VALUE, call);
    }

    public static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWith(ErrorCode code, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(SlipwayException.class)
                .matches(e -> ((SlipwayException) e).errorCode() == code, "has error code " + code);
    }
}
