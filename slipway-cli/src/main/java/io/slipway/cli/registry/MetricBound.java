package io.slipway.cli.registry;

import static java.util.Objects.requireNonNull;

import picocli.CommandLine.TypeConversionException;

/** A {@code --min METRIC=VALUE} or {@code --max METRIC=VALUE} argument of {@code models promote}. */
public record MetricBound(String metric, double value) {
    public MetricBound {
        requireNonNull(metric, "metric is null");
    }

    public static MetricBound parse(String argument) {
        int separator = argument.lastIndexOf('=');
        if (separator <= 0) {
            throw new TypeConversionException("'" + argument + "' is not METRIC=VALUE");
        }
        String number = argument.substring(separator + 1);
        try {
            double value = Double.parseDouble(number);
            if (Double.isFinite(value)) {
                return new MetricBound(argument.substring(0, separator), value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + argument + "' is not METRIC=VALUE: '" + number + "' is not a finite number");
    }
}
