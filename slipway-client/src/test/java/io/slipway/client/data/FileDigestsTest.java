package io.slipway.client.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {
    @TempDir
    Path dir;

    @Test
    void matchesTheFipsVectors() throws Exception {
        assertThat(FileDigests.sha256(DataFixtures.write(dir, "empty", "")))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(FileDigests.sha256(DataFixtures.write(dir, "abc", "abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(FileDigests.sha256(DataFixtures.write(dir, "two-blocks", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(FileDigests.sha256(DataFixtures.write(dir, "million-a", "a".repeat(1_000_000).getBytes(UTF_8))))
                .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void matchesMessageDigestOnFiftyRandomMegabytes() throws Exception {
        byte[] bytes = DataFixtures.randomBytes(50 * 1024 * 1024 + 13, 42);
        Path file = DataFixtures.write(dir, "random.bin", bytes);

        assertThat(FileDigests.sha256(file)).isEqualTo(DataFixtures.sha256Hex(bytes));
    }

    @Test
    void reportsBytesDoneUpToTheFileSize() throws Exception {
        Path file = DataFixtures.write(dir, "three-buffers.bin", DataFixtures.randomBytes(FileDigests.BUFFER_BYTES * 3 - 1, 7));
        List<Long> reports = new ArrayList<>();

        FileDigests.sha256(file, reports::add);

        assertThat(reports).isSorted().hasSizeGreaterThanOrEqualTo(3);
        assertThat(reports.get(reports.size() - 1)).isEqualTo(Files.size(file));
    }
}
