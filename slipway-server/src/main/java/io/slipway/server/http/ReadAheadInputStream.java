package io.slipway.server.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on a thread of its own, a few buffers at most, so that receiving a big
 * upload (a kernel copy per read) overlaps with what the reader does with the bytes (hashing
 * them). Memory is bounded: {@code buffers} chunks of {@code bufferBytes}. A failure of the source
 * (an IOException, or a RuntimeException such as a refused upload) is thrown to the reader, after
 * the bytes that came before it; closing stops the reading thread.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final InputStream source;
    private final BlockingQueue<byte[]> filled;
    private final BlockingQueue<byte[]> empty;
    private final Thread reader;
    /** What ended the source early: an IOException or a RuntimeException (a refused upload), thrown to the reader. */
    private volatile Exception failure;
    private byte[] current = new byte[0];
    private int currentLength;
    private int position;
    private boolean ended;

    public ReadAheadInputStream(InputStream source, int buffers, int bufferBytes) {
        this.source = requireNonNull(source, "source is null");
        if (buffers < 2 || bufferBytes < 1) {
            throw new IllegalArgumentException("at least two buffers of one byte, got " + buffers + " of " + bufferBytes);
        }
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        this.empty = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            empty.add(new byte[bufferBytes]);
        }
        this.reader = new Thread(this::readAhead, "slipway-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    /** Fills buffers until the source ends or fails; a short buffer is passed on as a copy of its bytes. */
    private void readAhead() {
        try {
            while (true) {
                byte[] buffer = empty.take();
                int length = 0;
                try {
                    while (length < buffer.length) {
                        int n = source.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
                if (length > 0) {
                    filled.put(length == buffer.length ? buffer : Arrays.copyOf(buffer, length));
                }
                if (length < buffer.length || failure != null) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader: stop
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == currentLength && !next()) {
            return -1;
        }
        int n = Math.min(length, currentLength - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Moves to the next filled buffer, handing the used one back; false at the end. */
    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (current.length > 0 && currentLength == current.length) {
            empty.offer(current);
        }
        byte[] buffer;
        try {
            buffer = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the upload");
        }
        if (buffer == END) {
            ended = true;
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return false;
        }
        current = buffer;
        currentLength = buffer.length;
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        source.close();
    }
}
