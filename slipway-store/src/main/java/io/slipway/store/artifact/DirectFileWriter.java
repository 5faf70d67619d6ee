package io.slipway.store.artifact;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes a big file with {@code O_DIRECT}: the bytes go from an aligned buffer to the disk
 * without being copied into the page cache first. Measured on the benchmark VM, a 2 GiB write
 * then fsync took 1.8-10 s through the page cache (most of it the kernel copying into freshly
 * allocated pages) and 1.1-1.2 s direct, fsync included. Blobs are written once and rarely read
 * soon after, so the page cache gains nothing from holding them.
 *
 * <p>Two buffers take turns: while one is written on a writer thread, the caller's thread
 * fills the other from the stream (for a blob, receiving and hashing it), so the disk and the
 * network overlap. Only the last chunk may be short; it is written padded to the block size,
 * and the file is then truncated to the bytes read.
 */
final class DirectFileWriter {
    private static final int CHUNK_BYTES = 4 * 1024 * 1024;
    private static final int READ_BYTES = 256 * 1024;

    private DirectFileWriter() {
    }

    /**
     * Writes all of {@code content} to the new file {@code file} and forces it to disk; answers
     * how many bytes that was, or empty, having read nothing and left no file, when the file
     * system does not do direct I/O (tmpfs, some network file systems).
     */
    static OptionalLong write(Path file, InputStream content, ExecutorService writers) throws IOException {
        FileChannel channel;
        int block;
        try {
            block = Math.toIntExact(Files.getFileStore(file.getParent()).getBlockSize());
            channel = FileChannel.open(file, CREATE_NEW, WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
            Files.deleteIfExists(file);
            return OptionalLong.empty();
        }
        ByteBuffer[] buffers = {aligned(block), aligned(block)};
        @SuppressWarnings("unchecked")
        Future<Void>[] pending = new Future[2];
        byte[] read = new byte[READ_BYTES];
        try (channel) {
            long total = 0;
            for (int turn = 0; ; turn ^= 1) {
                ByteBuffer buffer = buffers[turn];
                await(pending[turn]);
                int filled = fill(content, buffer, read);
                if (filled == 0) {
                    break;
                }
                long position = total;
                total += filled;
                buffer.flip().limit((filled + block - 1) / block * block); // the last chunk's padding is truncated below
                pending[turn] = writers.submit(() -> {
                    for (long at = position; buffer.hasRemaining(); ) {
                        at += channel.write(buffer, at);
                    }
                    return null;
                });
            }
            await(pending[0]);
            await(pending[1]);
            channel.truncate(total);
            channel.force(true);
            return OptionalLong.of(total);
        } finally {
            // a failure while a chunk is still being written: let it finish before the channel closes
            for (Future<Void> write : pending) {
                if (write != null) {
                    try {
                        write.get();
                    } catch (ExecutionException | InterruptedException ignored) {
                        // the first failure is the one reported
                    }
                }
            }
        }
    }

    private static ByteBuffer aligned(int block) {
        return ByteBuffer.allocateDirect(CHUNK_BYTES + block).alignedSlice(block).limit(CHUNK_BYTES).slice();
    }

    /** Fills {@code buffer} from {@code content} until it is full or the content ends; answers the bytes put. */
    private static int fill(InputStream content, ByteBuffer buffer, byte[] read) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            int n = content.read(read, 0, Math.min(read.length, buffer.remaining()));
            if (n < 0) {
                break;
            }
            buffer.put(read, 0, n);
        }
        return buffer.position();
    }

    private static void await(Future<Void> write) throws IOException {
        if (write == null) {
            return;
        }
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
