package io.slipway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the errors callers of {@link SlipwayClient} see. */
final class ClientAssertions {
    private ClientAssertions() {}

    /** Asserts that {@code call} fails with this HTTP status (0: not reached) and error code; chain message checks. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertClientError(int status, String errorCode, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(SlipwayClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.errorCode()).isEqualTo(errorCode);
                });
    }
}
