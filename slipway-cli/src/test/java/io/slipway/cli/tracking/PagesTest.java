package io.slipway.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagesTest {
    /** A server holding {@code size} items that answers pages of at most {@code pageCap}. */
    private static final class FakeServer implements Pages.Fetch<Integer> {
        private final int size;
        private final int pageCap;
        final List<Integer> requestedSizes = new ArrayList<>();

        FakeServer(int size, int pageCap) {
            this.size = size;
            this.pageCap = pageCap;
        }

        @Override
        public Page<Integer> page(int maxResults, String pageToken) {
            requestedSizes.add(maxResults);
            int from = pageToken == null ? 0 : Integer.parseInt(pageToken);
            int to = Math.min(size, from + Math.min(maxResults, pageCap));
            return new Page<>(IntStream.range(from, to).boxed().toList(), to < size ? Integer.toString(to) : null);
        }
    }

    @Test
    void followsPageTokensToTheEnd() {
        FakeServer server = new FakeServer(25, 10);

        assertThat(Pages.collect(null, server)).containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
        assertThat(server.requestedSizes).hasSize(3);
    }

    @Test
    void stopsAtTheLimitAndAsksForNoMore() {
        FakeServer server = new FakeServer(25, 10);

        assertThat(Pages.collect(12, server)).hasSize(12);
        assertThat(server.requestedSizes).containsExactly(12, 2);
    }

    @Test
    void limitMustBePositive() {
        assertThatThrownBy(() -> Pages.collect(0, new FakeServer(1, 1))).hasMessageContaining("--max-results");
    }
}
