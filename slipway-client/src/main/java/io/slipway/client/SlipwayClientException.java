package io.slipway.client;

/**
 * A call the server refused or could not answer. {@link #status()} is the HTTP status (0 when
 * the server was not reached) and {@link #errorCode()} MLflow's error code, e.g.
 * {@code RESOURCE_DOES_NOT_EXIST}.
 */
public final class SlipwayClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    public SlipwayClientException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    @Override
    public String toString() {
        return errorCode + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + getMessage();
    }
}
