package io.slipway.cli.data;

import static java.util.Objects.requireNonNull;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code NAME} or {@code NAME@VERSION} on the command line; a version of null means the latest. */
public record DatasetRef(String name, Integer version) {
    public DatasetRef {
        requireNonNull(name, "name is null");
    }

    /** Dataset names cannot contain '@', so the last one separates the version. */
    public static DatasetRef parse(String argument) {
        int at = argument.lastIndexOf('@');
        if (at < 0) {
            return new DatasetRef(requireName(argument, argument), null);
        }
        String name = requireName(argument.substring(0, at), argument);
        String version = argument.substring(at + 1);
        if (!version.matches("[1-9][0-9]{0,8}")) {
            throw new TypeConversionException("'" + argument + "' is not NAME or NAME@VERSION: the version is a positive integer");
        }
        return new DatasetRef(name, Integer.parseInt(version));
    }

    /** As {@link #parse}, for arguments that must name one version. */
    public static DatasetRef parseVersioned(String argument) {
        DatasetRef ref = parse(argument);
        if (ref.version() == null) {
            throw new TypeConversionException("'" + argument + "' names no version: write NAME@VERSION, e.g. " + argument + "@1");
        }
        return ref;
    }

    private static String requireName(String name, String argument) {
        if (name.isEmpty()) {
            throw new TypeConversionException("'" + argument + "' is not NAME or NAME@VERSION: the name is empty");
        }
        return name;
    }

    @Override
    public String toString() {
        return version == null ? name : name + "@" + version;
    }

    /** For {@code NAME[@VERSION]} parameters. */
    public static final class Converter implements ITypeConverter<DatasetRef> {
        @Override
        public DatasetRef convert(String value) {
            return parse(value);
        }
    }

    /** For {@code NAME@VERSION} parameters. */
    public static final class VersionedConverter implements ITypeConverter<DatasetRef> {
        @Override
        public DatasetRef convert(String value) {
            return parseVersioned(value);
        }
    }
}
