package io.slipway.core.data;

import static java.util.Objects.requireNonNull;

import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.core.data.profile.ProfileDiff;
import io.slipway.core.data.profile.ProfileDiff.ColumnChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What changed between two versions of a dataset: files added, removed and changed (same path,
 * other bytes), how many stayed the same, the version-level facts that moved (format, schema,
 * row count, total size) and, when both versions have a profile, the column statistics that moved
 * ({@link ProfileDiff}).
 */
public record DatasetDiff(
        String name,
        int fromVersion,
        int toVersion,
        List<DatasetFile> added,
        List<DatasetFile> removed,
        List<Change> changed,
        long unchanged,
        List<FieldChange> fields,
        List<ColumnChange> columns) {
    public DatasetDiff {
        requireNonNull(name, "name is null");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        fields = List.copyOf(fields);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** A path whose bytes differ between the two versions. */
    public record Change(String path, String fromSha256, String toSha256, long fromSize, long toSize) {}

    /** A version-level fact that differs, as text. */
    public record FieldChange(String field, String from, String to) {}

    /** The diff of the two versions, comparing their profiles as {@code profiles} reads them. */
    public static DatasetDiff between(DatasetVersion from, DatasetVersion to, Function<String, Optional<DatasetProfile>> profiles) {
        Map<String, DatasetFile> before = new HashMap<>();
        from.files().forEach(file -> before.put(file.path(), file));
        List<DatasetFile> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        long unchanged = 0;
        for (DatasetFile file : to.files()) {
            DatasetFile old = before.remove(file.path());
            if (old == null) {
                added.add(file);
            } else if (!old.sha256().equals(file.sha256())) {
                changed.add(new Change(file.path(), old.sha256(), file.sha256(), old.size(), file.size()));
            } else {
                unchanged++;
            }
        }
        List<DatasetFile> removed = new ArrayList<>(before.values());
        removed.sort(Comparator.comparing(DatasetFile::path));
        List<FieldChange> fields = new ArrayList<>();
        field(fields, "format", from.format(), to.format());
        field(fields, "schema", from.schema(), to.schema());
        field(fields, "row_count", from.rowCount(), to.rowCount());
        field(fields, "total_size", from.totalSize(), to.totalSize());
        field(fields, "file_count", from.fileCount(), to.fileCount());
        return new DatasetDiff(from.name(), from.version(), to.version(), added, removed, changed, unchanged, fields,
                ProfileDiff.between(from.profile(), to.profile(), profiles));
    }

    private static void field(List<FieldChange> fields, String name, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            fields.add(new FieldChange(name, from == null ? "" : from.toString(), to == null ? "" : to.toString()));
        }
    }
}
