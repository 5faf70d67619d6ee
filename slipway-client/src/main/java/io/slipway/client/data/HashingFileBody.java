package io.slipway.client.data;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A request body that reads a file once and feeds each chunk both to a SHA-256 and to the
 * connection, so a big file is hashed while it uploads instead of before. It sends exactly the
 * size given (the file's size when listed): a file that ends sooner fails the request, and what
 * grew meanwhile is not sent (callers check the file did not change). One use only: the hash
 * is of the one pass.
 */
public final class HashingFileBody implements HttpRequest.BodyPublisher {
    /** Big enough that the chunk count stays small, small enough to stay in the L2 cache while hashed (see {@link FileDigests}). */
    static final int CHUNK_BYTES = FileDigests.BUFFER_BYTES;

    private final Path file;
    private final long size;
    private final LongConsumer bytesSent;
    private final MessageDigest digest = FileDigests.newSha256();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean subscribed;

    public HashingFileBody(Path file, long size, LongConsumer bytesSent) {
        this.file = requireNonNull(file, "file is null");
        this.bytesSent = requireNonNull(bytesSent, "bytesSent is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative: " + size);
        }
        this.size = size;
    }

    @Override
    public long contentLength() {
        return size;
    }

    /** Bytes read and handed to the connection so far. */
    public long bytesSent() {
        return sent.get();
    }

    /** Lower-case hex SHA-256 of what was sent; only once all of it was. */
    public String sha256() {
        if (sent.get() != size) {
            throw new IllegalStateException("only " + sent.get() + " of " + size + " bytes were sent");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (subscribed) {
            // a retry would send bytes the digest has already seen
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IOException("a streamed file body is sent once only"));
            return;
        }
        subscribed = true;
        FileChannel channel;
        try {
            channel = FileChannel.open(file);
        } catch (IOException e) {
            subscriber.onSubscribe(new Chunks(null, subscriber));
            subscriber.onError(new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e));
            return;
        }
        subscriber.onSubscribe(new Chunks(channel, subscriber));
    }

    /** Reads a chunk per unit of demand, on the thread asking; the work-in-progress counter keeps one reader at a time. */
    private final class Chunks implements Flow.Subscription {
        private final FileChannel channel;
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean done;

        Chunks(FileChannel channel, Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
            this.done = channel == null;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            demand.getAndAccumulate(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!done && demand.get() > 0) {
                    emitOne();
                }
            } while (wip.decrementAndGet() != 0);
        }

        private void emitOne() {
            long remaining = size - sent.get();
            if (remaining == 0) {
                finish();
                subscriber.onComplete();
                return;
            }
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, remaining));
            try {
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk) < 0) {
                        throw new IOException("data file changed while being uploaded (" + size + " bytes when listed, "
                                + (sent.get() + chunk.position()) + " read): " + file);
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            chunk.flip();
            digest.update(chunk.array(), 0, chunk.limit());
            sent.addAndGet(chunk.limit());
            demand.decrementAndGet();
            bytesSent.accept(chunk.limit());
            subscriber.onNext(chunk);
            if (sent.get() == size && !done) {
                finish();
                subscriber.onComplete();
            }
        }

        @Override
        public void cancel() {
            finish();
        }

        private void fail(Throwable failure) {
            if (!done) {
                finish();
                subscriber.onError(failure);
            }
        }

        private void finish() {
            done = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read only: nothing was lost
                }
            }
        }
    }
}
