package io.slipway.cli.tracking;

import io.slipway.core.Page;
import java.util.ArrayList;
import java.util.List;

/** Follows page tokens so that a listing shows everything asked for, not just the server's first page. */
public final class Pages {
    /** The page size asked of the server; well under its maximum, so one request stays small. */
    static final int PAGE_SIZE = 1000;

    @FunctionalInterface
    public interface Fetch<T> {
        Page<T> page(int maxResults, String pageToken);
    }

    private Pages() {}

    /** Every item, or the first {@code limit} when a limit is given. */
    public static <T> List<T> collect(Integer limit, Fetch<T> fetch) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--max-results must be at least 1, not " + limit);
        }
        List<T> items = new ArrayList<>();
        String token = null;
        do {
            int wanted = limit == null ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - items.size());
            Page<T> page = fetch.page(wanted, token);
            items.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null && (limit == null || items.size() < limit));
        return items;
    }
}
