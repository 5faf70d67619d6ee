package io.slipway.core;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokenTest {
    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 25_000, 999_999_999_999_999_999L})
    void roundTripsOffsets(long offset) {
        assertThat(PageToken.parseOffset(PageToken.ofOffset(offset))).isEqualTo(offset);
    }

    @Test
    void encodesOffsetTheWayMlflowDoes() {
        assertThat(PageToken.ofOffset(42)).isEqualTo(base64("{\"offset\": 42}"));
    }

    @Test
    void readsTokensWrittenWithOtherWhitespace() {
        assertThat(PageToken.parseOffset(base64("{\"offset\":7}"))).isEqualTo(7);
        assertThat(PageToken.parseOffset(base64(" { \"offset\" :  7 } "))).isEqualTo(7);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void readsMissingTokenAsFirstPage(String token) {
        assertThat(PageToken.parseOffset(token)).isZero();
    }

    @Test
    void rejectsTokenThatIsNotBase64() {
        assertInvalidParameter(() -> PageToken.parseOffset("not a token!"))
                .hasMessage("Invalid page token 'not a token!': it was not issued by this server.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"offset\": -1}", "{\"offset\": 1.5}", "{\"page\": 1}", "{\"offset\": 1} trailing", "garbage",
            "{\"offset\": 1234567890123456789}"})
    void rejectsBase64OfAnythingButAnOffset(String json) {
        assertInvalidParameter(() -> PageToken.parseOffset(base64(json))).hasMessageContaining("it was not issued by this server");
    }

    @Test
    void abbreviatesLongTokensInMessages() {
        String token = "!".repeat(500);
        assertInvalidParameter(() -> PageToken.parseOffset(token))
                .hasMessageContaining("!".repeat(61) + "...")
                .hasMessageNotContaining("!".repeat(62));
    }
}
