package io.slipway.core.data.profile;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The statistical profile of a tabular dataset version, stored as JSON next to it: the reference
 * drift monitoring compares live traffic against. Columns are in the file's order.
 */
public record DatasetProfile(long rowCount, List<ColumnProfile> columns) {
    public DatasetProfile {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (rowCount < 0) {
            throw new IllegalArgumentException("negative row count: " + rowCount);
        }
        Set<String> names = new HashSet<>();
        for (ColumnProfile column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("duplicate column '" + column.name() + "'");
            }
            if (column.rows() != rowCount) {
                throw new IllegalArgumentException("column '" + column.name() + "' spans " + column.rows() + " rows, the dataset "
                        + rowCount);
            }
        }
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
