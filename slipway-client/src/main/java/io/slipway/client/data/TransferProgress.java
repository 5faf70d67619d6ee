package io.slipway.client.data;

/**
 * Reports how adding or fetching a dataset goes, for progress bars: hashing (from {@link
 * ManifestBuilder.Progress}), then moving blobs. {@link #bytesTransferred} is called from the
 * thread moving the bytes.
 */
public interface TransferProgress extends ManifestBuilder.Progress {
    TransferProgress NONE = new TransferProgress() { };

    /** Before the transfer: how many files and bytes will move. */
    default void transferPlanned(int files, long bytes) {
    }

    /** More bytes sent or received, since the last call. */
    default void bytesTransferred(long bytes) {
    }

    /** One file sent or received completely. */
    default void fileTransferred(String path, long size) {
    }
}
