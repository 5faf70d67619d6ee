package io.slipway.store.jdbc;

/** A database failure that is not the client's fault; the HTTP layer answers it with a 5xx. */
public final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(Throwable cause) {
        super("metadata store failure: " + cause.getMessage(), cause);
    }
}
