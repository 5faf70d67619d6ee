package io.slipway.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.slipway.core.SlipwayException;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.DatasetStore;
import io.slipway.core.data.DatasetSummary;
import io.slipway.core.data.DatasetTag;
import io.slipway.core.data.DatasetUpload;
import io.slipway.core.data.DatasetValidation;
import io.slipway.core.data.DatasetVersion;
import io.slipway.core.data.NewDatasetVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link DatasetStore} on SQLite or PostgreSQL. A commit locks the dataset's row (creating it on
 * the first version) and takes the next number from it, so versions are numbered without gaps
 * also when servers commit at once; the upload's manifest moves into the version in the same
 * transaction.
 */
public final class JdbcDatasetStore implements DatasetStore {
    private static final String VERSION_COLUMNS = "d.name, v.version, v.digest, v.file_count, v.total_size, v.format, v.schema,"
            + " v.row_count, v.source, v.description, v.created_by, v.creation_time, v.dataset_pk, v.profile";
    private static final String VALIDATION_COLUMNS = "x.validation_id, d.name, x.version, x.passed, x.failed_errors, x.failed_warnings,"
            + " x.created_by, x.creation_time";
    private static final int BATCH = 1000;

    private final Transactions tx;

    public JdbcDatasetStore(Database database) {
        this.tx = new Transactions(requireNonNull(database, "database is null"));
    }

    @Override
    public DatasetUpload createUpload(DatasetUpload upload) {
        NewDatasetVersion v = upload.version();
        return tx.write(h -> {
            h.execute("INSERT INTO dataset_uploads (upload_id, name, format, schema, row_count, profile, source, description, created_by,"
                            + " creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    upload.id(), v.name(), v.format(), v.schema(), v.rowCount(), v.profile(), v.source(), v.description(), v.createdBy(),
                    upload.creationTimestamp());
            insertFiles(h, "INSERT INTO dataset_upload_files (upload_id, path, sha256, size) VALUES (?, ?, ?, ?)",
                    List.of(upload.id()), v.manifest().files());
            for (DatasetTag tag : v.tags()) {
                h.execute("INSERT INTO dataset_upload_tags (upload_id, key, value) VALUES (?, ?, ?)", upload.id(), tag.key(), tag.value());
            }
            return upload;
        });
    }

    @Override
    public Optional<DatasetUpload> getUpload(String id) {
        return tx.readInTransaction(h -> findUpload(h, id));
    }

    @Override
    public DatasetVersion commitUpload(String id, long now) {
        return tx.write(h -> {
            DatasetUpload upload = findUpload(h, id)
                    .orElseThrow(() -> SlipwayException.notFound("Upload '%s' does not exist (or was committed, or expired).", id));
            NewDatasetVersion v = upload.version();
            h.execute("INSERT INTO versioned_datasets (name, creation_time, last_updated_time) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING", v.name(), now, now);
            long pk = h.createQuery("UPDATE versioned_datasets SET last_version = last_version WHERE name = ? RETURNING dataset_pk")
                    .bind(0, v.name()).mapTo(Long.class).one();
            String digest = v.manifest().digest();
            Optional<Integer> latest = h.createQuery("SELECT version FROM dataset_versions WHERE dataset_pk = ? AND digest = ?"
                            + " AND version = (SELECT MAX(version) FROM dataset_versions WHERE dataset_pk = ?)")
                    .bind(0, pk).bind(1, digest).bind(2, pk).mapTo(Integer.class).findOne();
            int number;
            if (latest.isPresent()) {
                number = latest.get();
            } else {
                number = h.createQuery("UPDATE versioned_datasets SET last_version = last_version + 1, last_updated_time = ?"
                                + " WHERE dataset_pk = ? RETURNING last_version")
                        .bind(0, now).bind(1, pk).mapTo(Integer.class).one();
                DatasetManifest manifest = v.manifest();
                h.execute("INSERT INTO dataset_versions (dataset_pk, version, digest, file_count, total_size, format, schema, row_count,"
                                + " profile, source, description, created_by, creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        pk, number, digest, manifest.files().size(), manifest.totalSize(), v.format(), v.schema(), v.rowCount(), v.profile(),
                        v.source(), v.description(), v.createdBy(), now);
                insertFiles(h, "INSERT INTO dataset_version_files (dataset_pk, version, path, sha256, size) VALUES (?, ?, ?, ?, ?)",
                        List.of(pk, number), manifest.files());
                for (DatasetTag tag : v.tags()) {
                    h.execute("INSERT INTO dataset_version_tags (dataset_pk, version, key, value) VALUES (?, ?, ?, ?)",
                            pk, number, tag.key(), tag.value());
                }
            }
            h.execute("DELETE FROM dataset_uploads WHERE upload_id = ?", id);
            return findVersion(h, v.name(), number, true).orElseThrow();
        });
    }

    /**
     * Without an index on size this scans the file tables; it runs only before a client streams
     * a big file, which costs far more, and asks about that handful of sizes in one query per batch.
     */
    @Override
    public List<Long> knownFileSizes(Collection<Long> sizes) {
        List<Long> all = List.copyOf(sizes);
        return tx.read(h -> {
            List<Long> known = new ArrayList<>();
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Long> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                known.addAll(h.createQuery("SELECT size FROM dataset_version_files WHERE size IN (<sizes>)"
                                + " UNION SELECT size FROM dataset_upload_files WHERE size IN (<sizes>)")
                        .bindList("sizes", batch)
                        .mapTo(Long.class)
                        .list());
            }
            known.sort(null);
            return known;
        });
    }

    @Override
    public int deleteUploadsBefore(long cutoff) {
        return tx.write(h -> h.execute("DELETE FROM dataset_uploads WHERE creation_time < ?", cutoff));
    }

    @Override
    public List<DatasetSummary> listDatasets() {
        return tx.read(h -> h.createQuery("SELECT name, last_version, creation_time, last_updated_time FROM versioned_datasets"
                        + " WHERE last_version > 0 ORDER BY name")
                .map((rs, ctx) -> new DatasetSummary(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)))
                .list());
    }

    @Override
    public List<DatasetVersion> listVersions(String name) {
        return tx.readInTransaction(h -> {
            List<DatasetVersion> versions = h.createQuery("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v"
                            + " JOIN versioned_datasets d ON d.dataset_pk = v.dataset_pk WHERE d.name = ? ORDER BY v.version DESC")
                    .bind(0, name)
                    .map((rs, ctx) -> version(rs, List.of(), List.of()))
                    .list();
            return versions.stream().map(version -> withTags(h, version)).toList();
        });
    }

    @Override
    public Optional<DatasetVersion> getVersion(String name, int version) {
        return tx.readInTransaction(h -> findVersion(h, name, version, true));
    }

    @Override
    public DatasetValidation createValidation(DatasetValidation v) {
        return tx.write(h -> {
            long pk = h.createQuery("SELECT v.dataset_pk FROM dataset_versions v JOIN versioned_datasets d ON d.dataset_pk = v.dataset_pk"
                            + " WHERE d.name = ? AND v.version = ?")
                    .bind(0, v.name()).bind(1, v.version()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> SlipwayException.notFound("Dataset '%s' has no version %d.", v.name(), v.version()));
            h.execute("INSERT INTO dataset_validations (validation_id, dataset_pk, version, suite, report, passed, failed_errors,"
                            + " failed_warnings, created_by, creation_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v.id(), pk, v.version(), v.suite(), v.report(), v.passed(), v.failedErrors(), v.failedWarnings(), v.createdBy(),
                    v.creationTimestamp());
            return v;
        });
    }

    @Override
    public Optional<DatasetValidation> getValidation(String id) {
        return tx.read(h -> h.createQuery("SELECT " + VALIDATION_COLUMNS + ", x.suite, x.report FROM dataset_validations x"
                        + " JOIN versioned_datasets d ON d.dataset_pk = x.dataset_pk WHERE x.validation_id = ?")
                .bind(0, id)
                .map((rs, ctx) -> validation(rs, rs.getString(9), rs.getString(10)))
                .findOne());
    }

    @Override
    public List<DatasetValidation> listValidations(String name, Integer version, int maxResults) {
        // validation_id breaks ties between validations of the same millisecond, so pages are stable
        return tx.read(h -> {
            Query query = h.createQuery("SELECT " + VALIDATION_COLUMNS + " FROM dataset_validations x"
                    + " JOIN versioned_datasets d ON d.dataset_pk = x.dataset_pk WHERE d.name = ?"
                    + (version == null ? "" : " AND x.version = ?")
                    + " ORDER BY x.creation_time DESC, x.validation_id DESC LIMIT ?");
            int i = 0;
            query.bind(i++, name);
            if (version != null) {
                query.bind(i++, version.intValue());
            }
            return query.bind(i, maxResults).map((rs, ctx) -> validation(rs, null, null)).list();
        });
    }

    // ---- helpers ----

    private static DatasetValidation validation(ResultSet rs, String suite, String report) throws SQLException {
        return new DatasetValidation(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getInt(5), rs.getInt(6),
                suite, report, rs.getString(7), rs.getLong(8));
    }

    private static Optional<DatasetVersion> findVersion(Handle h, String name, int number, boolean withFiles) {
        Optional<Object[]> found = h.createQuery("SELECT " + VERSION_COLUMNS + " FROM dataset_versions v"
                        + " JOIN versioned_datasets d ON d.dataset_pk = v.dataset_pk WHERE d.name = ? AND v.version = ?")
                .bind(0, name).bind(1, number)
                .map((rs, ctx) -> new Object[] {version(rs, List.of(), List.of()), rs.getLong(13)})
                .findOne();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DatasetVersion version = (DatasetVersion) found.get()[0];
        long pk = (Long) found.get()[1];
        List<DatasetFile> files = withFiles
                ? h.createQuery("SELECT path, sha256, size FROM dataset_version_files WHERE dataset_pk = ? AND version = ? ORDER BY path")
                        .bind(0, pk).bind(1, number).map((rs, ctx) -> new DatasetFile(rs.getString(1), rs.getString(2), rs.getLong(3)))
                        .list()
                : List.of();
        return Optional.of(withTags(h, version).withFiles(new DatasetManifest(files).files()));
    }

    private static DatasetVersion withTags(Handle h, DatasetVersion v) {
        List<DatasetTag> tags = h.createQuery("SELECT t.key, t.value FROM dataset_version_tags t"
                        + " JOIN versioned_datasets d ON d.dataset_pk = t.dataset_pk WHERE d.name = ? AND t.version = ? ORDER BY t.key")
                .bind(0, v.name()).bind(1, v.version())
                .map((rs, ctx) -> new DatasetTag(rs.getString(1), rs.getString(2))).list();
        return v.withTags(tags);
    }

    private static DatasetVersion version(ResultSet rs, List<DatasetTag> tags, List<DatasetFile> files) throws SQLException {
        long rowCount = rs.getLong(8);
        Long rows = rs.wasNull() ? null : rowCount;
        return new DatasetVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), rows, rs.getString(14), rs.getString(9), rs.getString(10), tags, rs.getString(11), rs.getLong(12), files);
    }

    private static Optional<DatasetUpload> findUpload(Handle h, String id) {
        Optional<Object[]> row = h.createQuery("SELECT name, format, schema, row_count, source, description, created_by, creation_time,"
                        + " profile FROM dataset_uploads WHERE upload_id = ?")
                .bind(0, id)
                .map((rs, ctx) -> {
                    long rowCount = rs.getLong(4);
                    return new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : rowCount,
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9)};
                })
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = row.get();
        List<DatasetFile> files = h.createQuery("SELECT path, sha256, size FROM dataset_upload_files WHERE upload_id = ?")
                .bind(0, id).map((rs, ctx) -> new DatasetFile(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
        List<DatasetTag> tags = h.createQuery("SELECT key, value FROM dataset_upload_tags WHERE upload_id = ? ORDER BY key")
                .bind(0, id).map((rs, ctx) -> new DatasetTag(rs.getString(1), rs.getString(2))).list();
        NewDatasetVersion version = new NewDatasetVersion((String) r[0], new DatasetManifest(files), (String) r[1], (String) r[2],
                (Long) r[3], (String) r[8], (String) r[4], (String) r[5], tags, (String) r[6]);
        return Optional.of(new DatasetUpload(id, version, (Long) r[7]));
    }

    /** Inserts files in JDBC batches; {@code keys} are the leading key columns' values. */
    private static void insertFiles(Handle h, String sql, List<Object> keys, List<DatasetFile> files) {
        for (int from = 0; from < files.size(); from += BATCH) {
            PreparedBatch batch = h.prepareBatch(sql);
            for (DatasetFile file : files.subList(from, Math.min(files.size(), from + BATCH))) {
                int i = 0;
                for (Object key : keys) {
                    batch.bind(i++, key);
                }
                batch.bind(i++, file.path()).bind(i++, file.sha256()).bind(i, file.size()).add();
            }
            batch.execute();
        }
    }
}
