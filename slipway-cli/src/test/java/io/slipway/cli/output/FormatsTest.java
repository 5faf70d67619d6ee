package io.slipway.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void numbersKeepSixSignificantDigits() {
        assertThat(Formats.number(0.876382345)).isEqualTo("0.876382");
        assertThat(Formats.number(30)).isEqualTo("30");
        assertThat(Formats.number(0.5)).isEqualTo("0.5");
        assertThat(Formats.number(1234567.89)).isEqualTo("1234570");
        assertThat(Formats.number(1.5e-9)).isEqualTo("1.5E-9");
        assertThat(Formats.number(Double.NaN)).isEqualTo("NaN");
        assertThat(Formats.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void bytesUseBinaryUnits() {
        assertThat(Formats.bytes(16)).isEqualTo("16 B");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(5L * 1024 * 1024)).isEqualTo("5.0 MiB");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(Formats.duration(850)).isEqualTo("850ms");
        assertThat(Formats.duration(12_300)).isEqualTo("12.3s");
        assertThat(Formats.duration(245_000)).isEqualTo("4m 05s");
        assertThat(Formats.duration(7_380_000)).isEqualTo("2h 03m");
    }

    @Test
    void missingTimestampIsADash() {
        assertThat(Formats.timestamp(null)).isEqualTo("-");
    }
}
