package io.slipway.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.slipway.api.mlflow.TrackingMessages.ErrorResponse;
import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import io.slipway.store.jdbc.StoreFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error_code", "message"}} with the
 * status of the code. Client errors are logged at debug, server faults with their stack trace.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** What a 503 tells the client to wait before trying again. */
    private static final String RETRY_AFTER_SECONDS = "10";

    private final JsonIo io;

    public ErrorResponses(JsonIo io) {
        this.io = io;
    }

    public void slipway(SlipwayException e, Context ctx) {
        if (e.errorCode().httpStatus() >= 500) {
            LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        } else {
            LOG.debug("{} {} rejected: {}", ctx.method(), ctx.path(), e.getMessage());
        }
        render(ctx, e.errorCode(), e.getMessage());
    }

    public void http(HttpResponseException e, Context ctx) {
        ErrorCode code = switch (e.getStatus()) {
            case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            default -> e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
        String message = switch (e.getStatus()) {
            case 404 -> "No API endpoint " + ctx.method() + " " + ctx.path() + ". See docs/api.md for the routes this server answers.";
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + e.getDetails().values() + ".";
            default -> e.getMessage();
        };
        ctx.status(e.getStatus());
        io.write(ctx, e.getStatus(), new ErrorResponse(code.wireName(), message));
    }

    public void store(StoreFailure e, Context ctx) {
        Throwable cause = e.getCause();
        boolean unavailable = cause instanceof SQLTransientConnectionException
                || (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"));
        if (unavailable) {
            LOG.warn("{} {}: metadata store unavailable: {}", ctx.method(), ctx.path(), cause.getMessage());
            render(ctx, ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata store is unavailable; try again shortly.");
        } else {
            LOG.error("{} {}: metadata store failure", ctx.method(), ctx.path(), e);
            render(ctx, ErrorCode.INTERNAL_ERROR, "The metadata store failed: " + cause.getMessage());
        }
    }

    public void unexpected(Exception e, Context ctx) {
        LOG.error("{} {}: unexpected failure (a bug)", ctx.method(), ctx.path(), e);
        render(ctx, ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private void render(Context ctx, ErrorCode code, String message) {
        if (code == ErrorCode.TEMPORARILY_UNAVAILABLE) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        io.write(ctx, code.httpStatus(), new ErrorResponse(code.wireName(), message));
    }
}
