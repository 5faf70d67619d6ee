package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.server.testing.TestHttp.Response;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * MLflow's model registry REST API as clients see it on the wire: shapes, methods, status codes.
 * Written once and run against each storage combination (SQLite + local directory, PostgreSQL + S3).
 */
public abstract class AbstractMlflowRegistryApiTest extends AbstractServerTest {
    private static final String API = "/api/2.0/mlflow/";

    // ---- registered models ----

    @Test
    void createsAndReadsARegisteredModelInMlflowShape() {
        Response created = http.post(API + "registered-models/create",
                "{\"name\":\"fraud\",\"description\":\"catches fraud\",\"tags\":[{\"key\":\"team\",\"value\":\"risk\"}]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode model = created.json().get("registered_model");
        assertThat(model.get("name").asText()).isEqualTo("fraud");
        assertThat(model.get("description").asText()).isEqualTo("catches fraud");
        assertThat(model.get("creation_timestamp").isIntegralNumber()).isTrue();
        assertThat(model.get("last_updated_timestamp").isIntegralNumber()).isTrue();
        assertThat(model.at("/tags/0/key").asText()).isEqualTo("team");
        assertThat(model.at("/tags/0/value").asText()).isEqualTo("risk");
        assertThat(model.get("latest_versions")).isEmpty();
        assertThat(model.get("aliases")).isEmpty();

        assertThat(http.get(API + "registered-models/get?name=fraud").json().get("registered_model")).isEqualTo(model);
    }

    @Test
    void aDuplicateModelNameIs400ResourceAlreadyExists() {
        createModel("twice");
        assertError(http.post(API + "registered-models/create", "{\"name\":\"twice\"}"), 400, "RESOURCE_ALREADY_EXISTS", "twice");
    }

    @Test
    void unknownModelsAndVersionsAre404() {
        createModel("m");
        assertError(http.get(API + "registered-models/get?name=absent"), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
        assertError(http.get(API + "model-versions/get?name=m&version=1"), 404, "RESOURCE_DOES_NOT_EXIST", "version=1");
        assertError(http.get(API + "model-versions/get-download-uri?name=m&version=3"), 404, "RESOURCE_DOES_NOT_EXIST", "version=3");
        assertError(http.method("DELETE", API + "registered-models/delete", "{\"name\":\"absent\"}"), 404, "RESOURCE_DOES_NOT_EXIST", "absent");
    }

    @Test
    void missingRequiredFieldsAre400() {
        createModel("m");
        assertError(http.post(API + "registered-models/create", "{}"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'name'");
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\"}"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'source'");
        assertError(http.get(API + "model-versions/get?name=m"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'version'");
        assertError(http.get(API + "model-versions/get?name=m&version=one"), 400, "INVALID_PARAMETER_VALUE", "version");
        assertError(http.post(API + "registered-models/rename", "{\"name\":\"m\"}"), 400, "INVALID_PARAMETER_VALUE",
                "Missing value for required parameter 'new_name'");
    }

    // ---- model versions ----

    @Test
    void createsVersionsNumberedAsStrings() {
        createModel("m");
        JsonNode first = createVersion("m", "s3://bucket/m/1");
        JsonNode second = createVersion("m", "s3://bucket/m/2");
        assertThat(first.get("version").isTextual()).isTrue();
        assertThat(first.get("version").asText()).isEqualTo("1");
        assertThat(second.get("version").asText()).isEqualTo("2");
        assertThat(first.get("name").asText()).isEqualTo("m");
        assertThat(first.get("source").asText()).isEqualTo("s3://bucket/m/1");
        assertThat(first.get("current_stage").asText()).isEqualTo("None");
        assertThat(first.get("status").asText()).isEqualTo("READY");
        assertThat(first.get("creation_timestamp").isIntegralNumber()).isTrue();
        assertThat(first.get("tags").isArray()).isTrue();
        assertThat(first.get("aliases").isArray()).isTrue();
        assertThat(first.has("storage_location")).isFalse();

        JsonNode read = http.get(API + "model-versions/get?name=m&version=2").json().get("model_version");
        assertThat(read).isEqualTo(second);
    }

    @Test
    void registersARunsModelAndAnswersItsDownloadUri() {
        createModel("m");
        String runId = createRun();
        JsonNode version = createVersion("m", "runs:/" + runId + "/model");
        assertThat(version.get("source").asText()).isEqualTo("runs:/" + runId + "/model");
        assertThat(version.get("run_id").asText()).isEqualTo(runId);

        Response uri = http.get(API + "model-versions/get-download-uri?name=m&version=1");
        assertThat(uri.status()).as(uri.toString()).isEqualTo(200);
        assertThat(uri.json().get("artifact_uri").asText()).isEqualTo("mlflow-artifacts:/0/" + runId + "/artifacts/model");
    }

    @Test
    void refusesSourcesOutsideRunsAndObjectStores() {
        createModel("m");
        String runId = createRun();
        String other = createRun();
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\",\"source\":\"/etc/passwd\"}"),
                400, "INVALID_PARAMETER_VALUE", "local paths");
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/" + runId + "/model\",\"run_id\":\""
                + other + "\"}"), 400, "INVALID_PARAMETER_VALUE", other);
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\",\"source\":\"mlflow-artifacts:/0/" + other
                + "/artifacts/model\",\"run_id\":\"" + runId + "\"}"), 400, "INVALID_PARAMETER_VALUE", "not inside");
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\",\"source\":\"s3://b/a/%2E%2E/secret\"}"),
                400, "INVALID_PARAMETER_VALUE", "'..'");
        assertError(http.post(API + "model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/0123456789abcdef0123456789abcdef/model\"}"),
                404, "RESOURCE_DOES_NOT_EXIST", "0123456789abcdef0123456789abcdef");
    }

    // ---- methods ----

    @Test
    void updatesWithPatch() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        Response model = http.method("PATCH", API + "registered-models/update", "{\"name\":\"m\",\"description\":\"model notes\"}");
        assertThat(model.status()).as(model.toString()).isEqualTo(200);
        assertThat(model.json().at("/registered_model/description").asText()).isEqualTo("model notes");
        Response version = http.method("PATCH", API + "model-versions/update", "{\"name\":\"m\",\"version\":\"1\",\"description\":\"v1 notes\"}");
        assertThat(version.json().at("/model_version/description").asText()).isEqualTo("v1 notes");
        assertThat(http.get(API + "model-versions/get?name=m&version=1").json().at("/model_version/description").asText())
                .isEqualTo("v1 notes");
        assertThat(http.post(API + "registered-models/update", "{\"name\":\"m\"}").status()).isEqualTo(405);
    }

    @Test
    void deletesWithAJsonBody() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        Response deleted = http.method("DELETE", API + "model-versions/delete", "{\"name\":\"m\",\"version\":\"1\"}");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(http.get(API + "model-versions/get?name=m&version=1").status()).isEqualTo(404);
        assertThat(http.method("DELETE", API + "registered-models/delete", "{\"name\":\"m\"}").body()).isEqualTo("{}");
        assertThat(http.get(API + "registered-models/get?name=m").status()).isEqualTo(404);
    }

    @Test
    void deletesWithQueryParameters() {
        createModel("m m");
        createVersion("m m", "s3://bucket/m");
        assertThat(http.delete(API + "model-versions/delete?name=m+m&version=1").body()).isEqualTo("{}");
        assertThat(http.get(API + "model-versions/get?name=m%20m&version=1").status()).isEqualTo(404);
        assertThat(http.delete(API + "registered-models/delete?name=m%20m").body()).isEqualTo("{}");
        assertThat(http.get(API + "registered-models/get?name=m+m").status()).isEqualTo(404);
        assertThat(http.get(API + "registered-models/delete?name=m").status()).isEqualTo(405);
    }

    @Test
    void renamesAModelAndItsVersionsFollow() {
        createModel("old");
        createVersion("old", "s3://bucket/m");
        Response renamed = http.post(API + "registered-models/rename", "{\"name\":\"old\",\"new_name\":\"new\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().at("/registered_model/name").asText()).isEqualTo("new");
        assertThat(http.get(API + "model-versions/get?name=new&version=1").json().at("/model_version/name").asText()).isEqualTo("new");
        createModel("taken");
        assertError(http.post(API + "registered-models/rename", "{\"name\":\"new\",\"new_name\":\"taken\"}"),
                400, "RESOURCE_ALREADY_EXISTS", "taken");
    }

    // ---- search ----

    @Test
    void searchesModelsByGetAndPostWithPaging() {
        for (String name : List.of("s-a", "s-b", "s-c", "other")) {
            createModel(name);
        }
        JsonNode page = http.post(API + "registered-models/search",
                "{\"filter\":\"name LIKE 's-%'\",\"max_results\":\"2\",\"order_by\":[\"name ASC\"]}").json();
        assertThat(names(page.get("registered_models"))).containsExactly("s-a", "s-b");
        String token = page.get("next_page_token").asText();
        JsonNode next = http.get(API + "registered-models/search?filter=name+LIKE+%27s-%25%27&max_results=2&order_by=name+ASC&page_token="
                + token).json();
        assertThat(names(next.get("registered_models"))).containsExactly("s-c");
        assertThat(next.has("next_page_token")).isFalse();
        assertError(http.get(API + "registered-models/search?max_results=1001"), 400, "INVALID_PARAMETER_VALUE", "max_results");
    }

    @Test
    void searchesVersionsByGetAndPostWithPaging() {
        createModel("m");
        createModel("n");
        for (int i = 0; i < 3; i++) {
            createVersion("m", "s3://bucket/m");
        }
        createVersion("n", "s3://bucket/n");
        JsonNode page = http.get(API + "model-versions/search?filter=name+%3D+%27m%27&max_results=2").json();
        assertThat(versions(page.get("model_versions"))).containsExactly("3", "2");
        JsonNode next = http.post(API + "model-versions/search", "{\"filter\":\"name = 'm'\",\"max_results\":2,\"page_token\":\""
                + page.get("next_page_token").asText() + "\"}").json();
        assertThat(versions(next.get("model_versions"))).containsExactly("1");
        assertThat(next.has("next_page_token")).isFalse();
        JsonNode all = http.post(API + "model-versions/search", "{}").json();
        assertThat(all.get("model_versions")).extracting(v -> v.get("name").asText() + "/" + v.get("version").asText())
                .containsExactly("m/3", "m/2", "m/1", "n/1");
    }

    @Test
    void getsLatestVersionsByGetAndPost() {
        createModel("m");
        for (int i = 0; i < 3; i++) {
            createVersion("m", "s3://bucket/m");
        }
        transition("m", "1", "Production", false);
        transition("m", "2", "Staging", false);
        JsonNode all = http.get(API + "registered-models/get-latest-versions?name=m").json();
        assertThat(versions(all.get("model_versions"))).containsExactlyInAnyOrder("1", "2", "3");
        JsonNode staged = http.get(API + "registered-models/get-latest-versions?name=m&stages=Staging&stages=production").json();
        assertThat(versions(staged.get("model_versions"))).containsExactlyInAnyOrder("1", "2");
        JsonNode posted = http.post(API + "registered-models/get-latest-versions", "{\"name\":\"m\",\"stages\":[\"Production\"]}").json();
        assertThat(versions(posted.get("model_versions"))).containsExactly("1");
        assertError(http.get(API + "registered-models/get-latest-versions?name=m&stages=Live"), 400, "INVALID_PARAMETER_VALUE", "Live");
    }

    // ---- aliases, stages, tags ----

    @Test
    void setsReadsAndDeletesAliases() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        Response set = http.post(API + "registered-models/alias", "{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"1\"}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("{}");
        JsonNode byAlias = http.get(API + "registered-models/alias?name=m&alias=champion").json().get("model_version");
        assertThat(byAlias.get("version").asText()).isEqualTo("1");
        assertThat(byAlias.get("aliases")).extracting(JsonNode::asText).containsExactly("champion");
        JsonNode aliases = http.get(API + "registered-models/get?name=m").json().at("/registered_model/aliases");
        assertThat(aliases.at("/0/alias").asText()).isEqualTo("champion");
        assertThat(aliases.at("/0/version").asText()).isEqualTo("1");
        assertThat(aliases.at("/0/version").isTextual()).isTrue();

        assertThat(http.method("DELETE", API + "registered-models/alias", "{\"name\":\"m\",\"alias\":\"champion\"}").body()).isEqualTo("{}");
        assertThat(http.delete(API + "registered-models/alias?name=m&alias=champion").body()).isEqualTo("{}"); // a retry is harmless
        assertError(http.get(API + "registered-models/alias?name=m&alias=champion"), 400, "INVALID_PARAMETER_VALUE", "champion");
    }

    @Test
    void refusesReservedAliasesAndMissingVersions() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        assertError(http.post(API + "registered-models/alias", "{\"name\":\"m\",\"alias\":\"Latest\",\"version\":\"1\"}"),
                400, "INVALID_PARAMETER_VALUE", "reserved");
        assertError(http.post(API + "registered-models/alias", "{\"name\":\"m\",\"alias\":\"v2\",\"version\":\"1\"}"),
                400, "INVALID_PARAMETER_VALUE", "reserved");
        assertError(http.post(API + "registered-models/alias", "{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"2\"}"),
                404, "RESOURCE_DOES_NOT_EXIST", "version=2");
    }

    @Test
    void transitionsStagesAndArchivesTheOthers() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        createVersion("m", "s3://bucket/m");
        transition("m", "1", "Production", false);
        Response moved = http.post(API + "model-versions/transition-stage",
                "{\"name\":\"m\",\"version\":\"2\",\"stage\":\"production\",\"archive_existing_versions\":true}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().at("/model_version/current_stage").asText()).isEqualTo("Production");
        assertThat(http.get(API + "model-versions/get?name=m&version=1").json().at("/model_version/current_stage").asText())
                .isEqualTo("Archived");
        assertError(http.post(API + "model-versions/transition-stage", "{\"name\":\"m\",\"version\":\"1\",\"stage\":\"Prod\"}"),
                400, "INVALID_PARAMETER_VALUE", "Prod");
        assertError(http.post(API + "model-versions/transition-stage",
                        "{\"name\":\"m\",\"version\":\"1\",\"stage\":\"Archived\",\"archive_existing_versions\":true}"),
                400, "INVALID_PARAMETER_VALUE", "Staging and Production");
    }

    @Test
    void setsAndDeletesModelAndVersionTags() {
        createModel("m");
        createVersion("m", "s3://bucket/m");
        assertThat(http.post(API + "registered-models/set-tag", "{\"name\":\"m\",\"key\":\"team\",\"value\":\"risk\"}").body()).isEqualTo("{}");
        assertThat(http.post(API + "model-versions/set-tag", "{\"name\":\"m\",\"version\":\"1\",\"key\":\"ok\",\"value\":\"yes\"}").body())
                .isEqualTo("{}");
        assertThat(http.get(API + "registered-models/get?name=m").json().at("/registered_model/tags/0/value").asText()).isEqualTo("risk");
        assertThat(http.get(API + "model-versions/get?name=m&version=1").json().at("/model_version/tags/0/value").asText()).isEqualTo("yes");

        assertThat(http.method("DELETE", API + "registered-models/delete-tag", "{\"name\":\"m\",\"key\":\"team\"}").body()).isEqualTo("{}");
        assertThat(http.delete(API + "model-versions/delete-tag?name=m&version=1&key=ok").body()).isEqualTo("{}");
        assertThat(http.get(API + "registered-models/get?name=m").json().at("/registered_model/tags")).isEmpty();
        assertError(http.delete(API + "model-versions/delete-tag?name=m&version=1&key=ok"), 404, "RESOURCE_DOES_NOT_EXIST", "ok");
        assertError(http.post(API + "registered-models/set-tag", "{\"name\":\"m\",\"key\":\"../x\",\"value\":\"v\"}"),
                400, "INVALID_PARAMETER_VALUE", "../x");
    }

    @Test
    void servesTheAjaxPrefixForTheWebUi() {
        Response created = http.post("/ajax-api/2.0/mlflow/registered-models/create", "{\"name\":\"ui\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(http.get("/ajax-api/2.0/mlflow/registered-models/get?name=ui").json().at("/registered_model/name").asText())
                .isEqualTo("ui");
        assertThat(http.get("/ajax-api/2.0/mlflow/registered-models/search").json().get("registered_models")).hasSize(1);
    }

    // ---- helpers ----

    private void createModel(String name) {
        Response response = http.post(API + "registered-models/create", "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private JsonNode createVersion(String name, String source) {
        Response response = http.post(API + "model-versions/create", "{\"name\":\"" + name + "\",\"source\":\"" + source + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("model_version");
    }

    private void transition(String name, String version, String stage, boolean archive) {
        Response response = http.post(API + "model-versions/transition-stage", "{\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"stage\":\"" + stage + "\",\"archive_existing_versions\":" + archive + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private String createRun() {
        Response response = http.post(API + "runs/create", "{\"experiment_id\":\"0\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().at("/run/info/run_id").asText();
    }

    private static List<String> names(JsonNode models) {
        return StreamSupport.stream(models.spliterator(), false).map(m -> m.get("name").asText()).toList();
    }

    private static List<String> versions(JsonNode versions) {
        return StreamSupport.stream(versions.spliterator(), false).map(v -> v.get("version").asText()).toList();
    }
}
