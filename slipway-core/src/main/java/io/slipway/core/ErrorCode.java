package io.slipway.core;

/**
 * Error codes with the HTTP status each is answered with. The wire name is always one of
 * MLflow's error codes, because MLflow clients fail on codes they do not know; a few constants
 * share a wire name but carry a more precise status (413, 405). Note that
 * RESOURCE_ALREADY_EXISTS is 400, not 409: MLflow clients depend on it.
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    RESOURCE_ALREADY_EXISTS(400),
    BAD_REQUEST(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    METHOD_NOT_ALLOWED("ENDPOINT_NOT_FOUND", 405),
    RESOURCE_CONFLICT(409),
    REQUEST_TOO_LARGE("BAD_REQUEST", 413),
    REQUEST_LIMIT_EXCEEDED(429),
    INTERNAL_ERROR(500),
    NOT_IMPLEMENTED(501),
    TEMPORARILY_UNAVAILABLE(503);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.wireName = name();
        this.httpStatus = httpStatus;
    }

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The {@code error_code} clients see. */
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
