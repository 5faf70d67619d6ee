package io.slipway.cli.governance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Points in time on the command line: an ISO-8601 instant ({@code 2025-06-01T12:00:00Z}) or date
 * ({@code 2025-06-01}, midnight UTC), and for filters also a span back from now ({@code 90m},
 * {@code 36h}, {@code 7d}, or ISO-8601 {@code PT90M}); and spans of time themselves.
 */
public final class TimeArguments {
    public static final String SPAN_HELP = "a span of time (30s, 5m, 2h, 1d, or ISO-8601 PT90S)";
    static final String ABSOLUTE_HELP = "an ISO-8601 instant (2025-06-01T12:00:00Z) or date (2025-06-01, midnight UTC)";
    static final String RELATIVE_HELP = ABSOLUTE_HELP + ", or a span back from now (90m, 36h, 7d)";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private TimeArguments() {}

    /** {@code --expires-at}: a point in time, given absolutely. */
    static final class Absolute implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return absolute(value).orElseThrow(() -> new TypeConversionException("'" + value + "' is not " + ABSOLUTE_HELP));
        }
    }

    /** {@code --since}, {@code --until}: a point in time, absolutely or as a span back from now. */
    static final class AbsoluteOrAgo implements ITypeConverter<Instant> {
        private final Clock clock = Clock.systemUTC();

        @Override
        public Instant convert(String value) {
            return absolute(value).or(() -> ago(value, clock))
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not " + RELATIVE_HELP));
        }
    }

    /** {@code --step-every}, {@code --window}: a span of time, not negative. */
    public static final class Span implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return span(value).orElseThrow(() -> new TypeConversionException("'" + value + "' is not " + SPAN_HELP));
        }
    }

    private static Optional<Instant> absolute(String value) {
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Instant> ago(String value, Clock clock) {
        return span(value).map(span -> clock.instant().minus(span));
    }

    private static Optional<Duration> span(String value) {
        Matcher matcher = SHORT_DURATION.matcher(value);
        Duration span;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            span = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                span = Duration.parse(value);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return span.isNegative() ? Optional.empty() : Optional.of(span);
    }
}
