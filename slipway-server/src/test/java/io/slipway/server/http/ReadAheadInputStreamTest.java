package io.slipway.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    @Test
    void passesOnEveryByteInOrder() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);

        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 3, 4096)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void anEmptySourceEndsAtOnce() throws IOException {
        try (InputStream in = new ReadAheadInputStream(InputStream.nullInputStream(), 2, 16)) {
            assertThat(in.read(new byte[8], 0, 8)).isEqualTo(-1);
        }
    }

    @Test
    void throwsTheSourcesIoFailureAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the client went away");
            }
        });

        try (InputStream in = new ReadAheadInputStream(failing, 2, 1024)) {
            assertThat(in.readNBytes(10_000)).hasSize(10_000);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("the client went away");
        }
    }

    @Test
    void throwsARuntimeFailureOfTheSourceToo() throws IOException {
        InputStream refusing = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("refused");
            }
        };

        try (InputStream in = new ReadAheadInputStream(refusing, 2, 1024)) {
            assertThatThrownBy(in::read).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        }
    }
}
