package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.data.DataService;
import io.slipway.core.data.DatasetFile;
import io.slipway.core.data.DatasetManifest;
import io.slipway.core.data.NewDatasetVersion;
import io.slipway.core.identity.Permission;
import io.slipway.data.DatasetChecks;
import io.slipway.data.profile.DatasetProfiler;
import io.slipway.data.profile.ProfilerSettings;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored dataset versions checked against expectation suites over HTTP, with authentication on:
 * validations are run by the server, stored with the version, listed and read back; suites are
 * suggested from a version's profile. Versions are arranged through the data service (their adding
 * is {@link AbstractDatasetsApiTest}'s subject); everything under test goes through HTTP. Written
 * once and run against each storage combination.
 */
public abstract class AbstractDatasetValidationsApiTest extends AbstractServerTest {
    private static final ObjectMapper JSON = ApiJson.newMapper();
    private static final String SLIPWAY = "/api/2.0/slipway/";
    private static final String DATASETS = SLIPWAY + "datasets/";
    private static final String ORDERS = """
            id,amount,city
            1,10.5,paris
            2,20.0,berlin
            3,30.0,paris
            """;
    private static final String AMOUNT_AT_MOST_25 = """
            expectations:
              - {expect: between, column: amount, min: 0, max: 25}
              - {expect: unique, column: city, severity: warning}
            """;
    private static final String CITY_IS_UNIQUE_WARNING = "expectations:\n  - {expect: unique, column: city, severity: warning}\n";

    @TempDir
    Path scratch;

    private TestHttp admin;
    private TestHttp editor;
    private TestHttp reader;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN)
                .withDefaultPermission(Permission.NO_PERMISSIONS));
    }

    @BeforeEach
    void connect() throws IOException {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        editor = http.withToken(tokenOf("edna"));
        reader = http.withToken(tokenOf("rita"));
        addTable("orders", Map.of("orders.csv", ORDERS));
        grant("edna", "orders", Permission.EDIT);
        grant("rita", "orders", Permission.READ);
    }

    // ---- validating ----

    @Test
    void aPassingValidationIsStoredWithTheVersion() {
        JsonNode validation = ok(validate(editor, "orders", 1, CITY_IS_UNIQUE_WARNING)).get("validation");

        assertThat(validation.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(validation.get("name").asText()).isEqualTo("orders");
        assertThat(validation.get("version").asInt()).isEqualTo(1);
        assertThat(validation.get("passed").asBoolean()).isTrue();
        assertThat(validation.get("failed_warnings").asInt()).isEqualTo(1);
        assertThat(validation.get("suite").asText()).isEqualTo(CITY_IS_UNIQUE_WARNING);
        assertThat(validation.get("created_by").asText()).isEqualTo("edna");
        assertThat(validation.at("/report/passed").asBoolean()).isTrue();
        assertThat(validation.at("/report/expectations/0/severity").asText()).isEqualTo("warning");
        assertThat(ok(reader.get(DATASETS + "validations/get?id=" + validation.get("id").asText())).get("validation"))
                .isEqualTo(validation);
    }

    @Test
    void aFailingValidationReportsTheFailingRowsAndIsListedNewestFirst() {
        String passed = ok(validate(editor, "orders", null, CITY_IS_UNIQUE_WARNING)).at("/validation/id").asText();

        JsonNode failed = ok(validate(editor, "orders", null, AMOUNT_AT_MOST_25)).get("validation");

        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("failed_errors").asInt()).isEqualTo(1);
        assertThat(failed.get("failed_warnings").asInt()).isEqualTo(1);
        JsonNode between = failed.at("/report/expectations/0");
        assertThat(between.get("kind").asText()).isEqualTo("between");
        assertThat(between.get("passed").asBoolean()).isFalse();
        assertThat(between.get("observed").asText()).isEqualTo("min 10.5, max 30.0");
        assertThat(between.get("failing_count").asLong()).isEqualTo(1);
        assertThat(between.at("/failing_examples/0/amount").asText()).isEqualTo("30.0");
        JsonNode listed = ok(reader.get(DATASETS + "validations/list?name=orders&version=1")).get("validations");
        assertThat(listed).extracting(v -> v.get("id").asText()).containsExactly(failed.get("id").asText(), passed);
        assertThat(listed.get(0).has("report")).isFalse();
        assertThat(listed.get(0).get("passed").asBoolean()).isFalse();
    }

    @Test
    void aSuggestedSuitePassesOnTheVersionItCameFrom() {
        String suite = ok(reader.get(DATASETS + "suggest?name=orders&version=1")).get("suite").asText();

        assertThat(suite).contains("expect: row_count_between", "expect: in_set", "column: city");
        JsonNode validation = ok(validate(editor, "orders", 1, suite)).get("validation");
        assertThat(validation.get("passed").asBoolean()).as(validation.toString()).isTrue();
        assertThat(validation.get("failed_warnings").asInt()).isZero();
    }

    @Test
    void aDatasetOfManyFilesInDirectoriesIsCheckedAsOneTable() throws IOException {
        addTable("parts", Map.of("2024/01/a.csv", "id,amount\n1,5\n", "2024/02/b.csv", "id,amount\n2,50\n", "c.csv", "id,amount\n3,7\n"));

        JsonNode report = ok(validate(admin, "parts", 1, "expectations:\n  - {expect: row_count_between, min: 3, max: 3}\n"
                + "  - {expect: between, column: amount, min: 0, max: 10}\n")).at("/validation/report");

        assertThat(report.at("/expectations/0/passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.at("/expectations/1/failing_examples/0/id").asText()).isEqualTo("2");
    }

    // ---- what cannot be checked ----

    @Test
    void aVersionThatIsNotATableIsRefusedNamingItsFormat() {
        addVersion("blobs", "binary", Map.of("model.bin", "\u0001\u0002"), null);

        assertError(validate(admin, "blobs", 1, CITY_IS_UNIQUE_WARNING), 400, "INVALID_PARAMETER_VALUE", "blobs@1 has format 'binary'");
        assertError(admin.get(DATASETS + "suggest?name=blobs"), 400, "INVALID_PARAMETER_VALUE", "blobs@1 has no profile");
        assertThat(ok(admin.get(DATASETS + "validations/list?name=blobs")).get("validations")).isEmpty();
    }

    @Test
    void unknownDatasetsVersionsAndValidationsAreNotFound() {
        assertError(validate(admin, "orders", 9, CITY_IS_UNIQUE_WARNING), 404, "RESOURCE_DOES_NOT_EXIST", "no version 9");
        assertError(validate(admin, "nothing", null, CITY_IS_UNIQUE_WARNING), 404, "RESOURCE_DOES_NOT_EXIST", "nothing");
        assertError(admin.get(DATASETS + "validations/get?id=" + "0".repeat(32)), 404, "RESOURCE_DOES_NOT_EXIST", "does not exist");
        assertError(admin.get(DATASETS + "validations/list?name=orders&version=9"), 404, "RESOURCE_DOES_NOT_EXIST", "no version 9");
        assertError(admin.get(DATASETS + "suggest?name=orders&version=9"), 404, "RESOURCE_DOES_NOT_EXIST", "no version 9");
    }

    @Test
    void anInvalidSuiteIsA400NamingTheSuiteAndNothingIsStored() {
        assertError(validate(editor, "orders", 1, "expectations:\n  - {expect: sometimes, column: amount}\n"), 400,
                "INVALID_PARAMETER_VALUE", "'suite': expectations[0].expect: unknown expectation 'sometimes'");
        assertError(validate(editor, "orders", 1, "expectations:\n  - {expect: between, column: amount, min: abc, max: 3}\n"), 400,
                "INVALID_PARAMETER_VALUE", "'suite': expectations[0].min: expected a number, got 'abc'");
        assertError(validate(editor, "orders", 1, "expectations: [unclosed"), 400, "INVALID_PARAMETER_VALUE", "'suite': The suite is not valid YAML");
        assertError(validate(editor, "orders", 1, "# " + "x".repeat(DatasetChecks.MAX_SUITE_LENGTH + 1)), 400, "INVALID_PARAMETER_VALUE",
                "'suite': it has");
        assertError(editor.post(DATASETS + "validations/create", "{\"name\":\"orders\"}"), 400, "INVALID_PARAMETER_VALUE", "'suite'");
        assertError(editor.post(DATASETS + "validations/create", "{\"name\":\"orders\",\"suite\":[1]}"), 400, "INVALID_PARAMETER_VALUE",
                "suite");

        assertThat(ok(editor.get(DATASETS + "validations/list?name=orders")).get("validations")).isEmpty();
    }

    // ---- permissions ----

    @Test
    void aReaderMayReadValidationsAndSuggestButNotValidate() {
        String id = ok(validate(editor, "orders", 1, CITY_IS_UNIQUE_WARNING)).at("/validation/id").asText();

        assertError(validate(reader, "orders", 1, CITY_IS_UNIQUE_WARNING), 403, "PERMISSION_DENIED", "needs EDIT");
        assertThat(reader.get(DATASETS + "validations/list?name=orders").status()).isEqualTo(200);
        assertThat(reader.get(DATASETS + "validations/get?id=" + id).status()).isEqualTo(200);
        assertThat(reader.get(DATASETS + "suggest?name=orders").status()).isEqualTo(200);
        assertThat(ok(admin.get(DATASETS + "validations/list?name=orders")).get("validations")).hasSize(1);
    }

    @Test
    void aUserWithoutPermissionSeesNoValidation() {
        String id = ok(validate(editor, "orders", 1, CITY_IS_UNIQUE_WARNING)).at("/validation/id").asText();
        TestHttp stranger = http.withToken(tokenOf("sam"));

        assertError(stranger.get(DATASETS + "validations/get?id=" + id), 403, "PERMISSION_DENIED", "dataset 'orders'");
        assertError(stranger.get(DATASETS + "validations/list?name=orders"), 403, "PERMISSION_DENIED", "dataset 'orders'");
        assertError(stranger.get(DATASETS + "suggest?name=orders"), 403, "PERMISSION_DENIED", "dataset 'orders'");
    }

    @Test
    void everyValidationRouteNeedsAToken() {
        assertError(validate(http, "orders", 1, CITY_IS_UNIQUE_WARNING), 401, "UNAUTHENTICATED", "");
        assertError(http.get(DATASETS + "validations/list?name=orders"), 401, "UNAUTHENTICATED", "");
        assertError(http.get(DATASETS + "suggest?name=orders"), 401, "UNAUTHENTICATED", "");
    }

    @Test
    void aValidationIsAuditedAgainstTheVersion() {
        ok(validate(editor, "orders", 1, CITY_IS_UNIQUE_WARNING));

        JsonNode events = ok(admin.get(SLIPWAY + "audit/events?target=dataset:orders@1")).get("events");

        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("actor").asText()).isEqualTo("edna");
            assertThat(event.get("action").asText()).contains("validations/create");
        });
    }

    // ---- helpers ----

    private static Response validate(TestHttp as, String name, Integer version, String suite) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (version != null) {
            body.put("version", version);
        }
        body.put("suite", suite);
        try {
            return as.post(DATASETS + "validations/create", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds the next version of {@code name}: CSV files (path to content), profiled as {@code slipway data add} profiles them. */
    private void addTable(String name, Map<String, String> files) throws IOException {
        Path copy = Files.createTempDirectory(scratch, name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(copy.resolve(file.getKey()).getParent());
            Files.writeString(copy.resolve(file.getKey()), file.getValue());
        }
        String location = files.size() == 1 ? copy.resolve(files.keySet().iterator().next()).toString() : copy + "/**/*.csv";
        String profile = JSON.writeValueAsString(new DatasetProfiler(new ProfilerSettings(1, "256MB")).profile(location));
        addVersion(name, "csv", files, profile);
    }

    private void addVersion(String name, String format, Map<String, String> files, String profile) {
        DataService data = server.data();
        List<DatasetFile> entries = new ArrayList<>();
        files.forEach((path, content) -> entries.add(new DatasetFile(path, AuditChain.sha256(content), bytes(content).length)));
        String upload = data.beginUpload(new NewDatasetVersion(name, new DatasetManifest(entries), format, null, null, profile, "", "",
                List.of(), "root")).upload().id();
        files.values().forEach(content -> data.putBlob(AuditChain.sha256(content), new ByteArrayInputStream(bytes(content)),
                bytes(content).length));
        data.commitUpload(upload);
    }

    private void grant(String username, String dataset, Permission permission) {
        ok(admin.post(SLIPWAY + "permissions/set", "{\"username\":\"" + username + "\",\"resource_type\":\"dataset\",\"resource_id\":\""
                + dataset + "\",\"permission\":\"" + permission.name() + "\"}"));
    }

    private String tokenOf(String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
