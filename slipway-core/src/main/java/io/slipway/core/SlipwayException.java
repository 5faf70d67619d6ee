package io.slipway.core;

import static java.util.Objects.requireNonNull;

/**
 * The one error type of Slipway. Every layer throws it; the HTTP layer renders it as
 * {@code {"error_code": "...", "message": "..."}} with the status of its {@link ErrorCode}.
 */
public class SlipwayException extends RuntimeException {
    private final ErrorCode errorCode;

    public SlipwayException(ErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public SlipwayException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static SlipwayException invalidParameter(String format, Object... args) {
        return new SlipwayException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
    }

    public static SlipwayException notFound(String format, Object... args) {
        return new SlipwayException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
    }

    public static SlipwayException alreadyExists(String format, Object... args) {
        return new SlipwayException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
    }

    public static SlipwayException missingParameter(String name) {
        return invalidParameter("Missing value for required parameter '%s'.", name);
    }

    /** The message of the innermost cause, which usually says what actually went wrong. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
