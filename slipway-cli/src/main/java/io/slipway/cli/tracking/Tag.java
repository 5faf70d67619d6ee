package io.slipway.cli.tracking;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.TypeConversionException;

/** A {@code --tag KEY=VALUE} argument; the value may be empty and may contain {@code =}. */
public record Tag(String key, String value) {
    public Tag {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    public static Tag parse(String argument) {
        int separator = argument.indexOf('=');
        if (separator <= 0) {
            throw new TypeConversionException("'" + argument + "' is not KEY=VALUE");
        }
        return new Tag(argument.substring(0, separator), argument.substring(separator + 1));
    }

    /** The tags as a map in command-line order; a repeated key keeps its last value. */
    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value()));
        }
        return map;
    }
}
