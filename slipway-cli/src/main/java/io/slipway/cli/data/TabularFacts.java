package io.slipway.cli.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.api.ApiJson;
import io.slipway.api.slipway.DatasetProfiles;
import io.slipway.core.data.profile.ColumnProfile;
import io.slipway.core.data.profile.DatasetProfile;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code slipway data add} records about tabular files besides their bytes: the row count,
 * the schema (MLflow's {@code mlflow_colspec} form) and the profile, computed by DuckDB before
 * anything is uploaded — so a malformed file fails the add (naming the line) and nothing is stored.
 */
public record TabularFacts(Long rowCount, String schema, String profile) {
    public static final TabularFacts NONE = new TabularFacts(null, null, null);
    private static final ObjectMapper JSON = ApiJson.newMapper();

    public static TabularFacts of(Path path) {
        DatasetProfile profile = new DatasetProfiler(ProfilerSettings.defaults()).profile(path.toString());
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode columns = schema.putArray("mlflow_colspec");
        for (ColumnProfile column : profile.columns()) {
            columns.addObject().put("name", column.name()).put("type", mlflowType(column.type()));
        }
        try {
            return new TabularFacts(profile.rowCount(), JSON.writeValueAsString(schema), DatasetProfiles.write(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A profile could not be written as JSON", e);
        }
    }

    /** MLflow's column type for a DuckDB type; what MLflow has no name for is a string. */
    static String mlflowType(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.equals("BOOLEAN")) {
            return "boolean";
        }
        if (type.equals("TINYINT") || type.equals("SMALLINT") || type.equals("INTEGER") || type.startsWith("UTINYINT")
                || type.startsWith("USMALLINT")) {
            return "integer";
        }
        if (type.equals("BIGINT") || type.equals("UINTEGER") || type.equals("HUGEINT") || type.equals("UBIGINT")) {
            return "long";
        }
        if (type.equals("FLOAT") || type.equals("REAL")) {
            return "float";
        }
        if (type.equals("DOUBLE") || type.startsWith("DECIMAL")) {
            return "double";
        }
        if (type.startsWith("TIMESTAMP") || type.equals("DATE")) {
            return "datetime";
        }
        if (type.equals("BLOB")) {
            return "binary";
        }
        return "string";
    }
}
