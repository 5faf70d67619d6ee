package io.slipway.server.http;

import io.slipway.core.ErrorCode;
import io.slipway.core.SlipwayException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body being streamed to a store: a failure to read it is the client's (it went away,
 * or sent less than it announced), so it becomes a 400 saying how far it got, not a store failure.
 */
public final class ClientUploadStream extends FilterInputStream {
    private long received;

    public ClientUploadStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                received++;
            }
            return b;
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                received += n;
            }
            return n;
        } catch (IOException e) {
            throw interrupted(e);
        }
    }

    private SlipwayException interrupted(IOException e) {
        return new SlipwayException(ErrorCode.BAD_REQUEST,
                "The upload was interrupted after " + received + " bytes; nothing was stored (" + e.getMessage() + ").", e);
    }
}
