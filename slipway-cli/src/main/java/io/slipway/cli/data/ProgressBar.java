package io.slipway.cli.data;

import static java.util.Objects.requireNonNull;

import io.slipway.cli.output.Formats;
import io.slipway.client.data.TransferProgress;
import java.io.PrintWriter;

/**
 * Progress of hashing and transfer as a bar redrawn in place on stderr, for a person at a
 * terminal; stdout stays clean for scripts. Redrawn at most ten times a second.
 */
final class ProgressBar implements TransferProgress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private String phase = "";
    private long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintWriter err, boolean enabled) {
        this.err = requireNonNull(err, "err is null");
        this.enabled = enabled;
    }

    /** A bar on {@code err} when the process runs at a terminal; otherwise it draws nothing at all. */
    static ProgressBar onTerminal(PrintWriter err) {
        // Java 17 cannot ask whether stderr alone is a terminal; a console means stdin and stdout are
        return new ProgressBar(err, System.console() != null);
    }

    @Override
    public synchronized void planned(int files, long bytes, int filesToHash, long bytesToHash) {
        start("hashing " + filesToHash + " of " + files + " files", bytesToHash);
    }

    @Override
    public synchronized void bytesHashed(long bytes) {
        advance(bytes);
    }

    @Override
    public synchronized void transferPlanned(int files, long bytes) {
        finish();
        start("transferring " + files + " files", bytes);
    }

    @Override
    public synchronized void bytesTransferred(long bytes) {
        advance(bytes);
    }

    /** Ends the current line; call once the work is over. */
    synchronized void finish() {
        if (drawn) {
            draw();
            err.println();
            err.flush();
            drawn = false;
        }
    }

    private void start(String phase, long total) {
        this.phase = phase;
        this.total = total;
        this.done = 0;
        if (total > 0) {
            draw();
        }
    }

    private void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    private void draw() {
        if (!enabled) {
            return;
        }
        lastDraw = System.nanoTime();
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", Math.round(fraction * 100))
                + " " + phase + " (" + Formats.bytes(done) + " / " + Formats.bytes(total) + ")   ");
        err.flush();
        drawn = true;
    }
}
