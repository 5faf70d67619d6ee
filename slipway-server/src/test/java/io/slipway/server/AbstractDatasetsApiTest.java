package io.slipway.server;

import static io.slipway.server.AbstractMlflowServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.artifacts.FileInfo;
import io.slipway.core.audit.AuditChain;
import io.slipway.core.data.BlobStore;
import io.slipway.server.testing.TestHttp;
import io.slipway.server.testing.TestHttp.Response;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Versioned datasets over HTTP with authentication on: the add protocol (create an upload, PUT
 * the missing blobs, commit), reads, diffs, blobs and who may do what. Written once and run
 * against each storage combination.
 */
public abstract class AbstractDatasetsApiTest extends AbstractServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLIPWAY = "/api/2.0/slipway/";
    private static final String DATASETS = SLIPWAY + "datasets/";

    private TestHttp admin;
    private TestHttp alice;

    @Override
    protected SlipwayConfig configure(SlipwayConfig config) {
        return config.withAuth(AuthConfig.disabled().withEnabled(true).withAdmin("root", AbstractGovernanceApiTest.ADMIN_TOKEN));
    }

    @BeforeEach
    void connect() {
        admin = http.withToken(AbstractGovernanceApiTest.ADMIN_TOKEN);
        alice = http.withToken(tokenOf("alice"));
    }

    // ---- adding versions ----

    @Test
    void addsAVersionByUploadingItsBlobsAndCommitting() {
        Map<String, String> files = files("train.csv", "a,b\n1,2\n", "test.csv", "a,b\n3,4\n");

        JsonNode upload = ok(createUpload(alice, "cards", files));
        assertThat(strings(upload.get("missing_blobs"))).containsExactlyInAnyOrder(sha("a,b\n1,2\n"), sha("a,b\n3,4\n"));
        files.values().forEach(content -> ok(putBlob(alice, content)));
        JsonNode version = ok(commit(alice, upload.get("upload_id").asText())).get("dataset_version");

        assertThat(version.get("name").asText()).isEqualTo("cards");
        assertThat(version.get("version").asInt()).isEqualTo(1);
        assertThat(version.get("digest").asText()).isEqualTo(upload.get("digest").asText());
        assertThat(version.get("created_by").asText()).isEqualTo("alice");
        JsonNode got = ok(alice.get(DATASETS + "get?name=cards")).get("dataset_version");
        assertThat(got.get("file_count").asInt()).isEqualTo(2);
        assertThat(got.get("total_size").asLong()).isEqualTo(16);
        assertThat(got.get("format").asText()).isEqualTo("csv");
        assertThat(got.at("/files/0/path").asText()).isEqualTo("test.csv");
        assertThat(got.at("/tags/0/key").asText()).isEqualTo("owner");
        assertThat(ok(alice.get(DATASETS + "versions?name=cards")).at("/dataset_versions/0/version").asInt()).isEqualTo(1);
        assertThat(ok(alice.get(DATASETS + "list")).at("/datasets/0/latest_version").asInt()).isEqualTo(1);
    }

    @Test
    void aVersionIsInvisibleUntilCommitted() {
        Map<String, String> files = files("a.csv", "1\n");
        String uploadId = ok(createUpload(alice, "pending", files)).get("upload_id").asText();
        ok(putBlob(alice, "1\n"));

        assertError(alice.get(DATASETS + "get?name=pending"), 404, "RESOURCE_DOES_NOT_EXIST", "pending");
        assertThat(ok(alice.get(DATASETS + "list")).get("datasets")).isEmpty();

        ok(commit(alice, uploadId));
        assertThat(ok(alice.get(DATASETS + "get?name=pending")).at("/dataset_version/version").asInt()).isEqualTo(1);
    }

    @Test
    void anInterruptedAddResumesWithoutUploadingWhatLanded() {
        Map<String, String> files = files("a.csv", "first\n", "b.csv", "second\n");
        String abandoned = ok(createUpload(alice, "resumed", files)).get("upload_id").asText();
        ok(putBlob(alice, "first\n"));
        assertError(commit(alice, abandoned), 400, "INVALID_PARAMETER_VALUE", sha("second\n"));

        JsonNode again = ok(createUpload(alice, "resumed", files));
        assertThat(strings(again.get("missing_blobs"))).containsExactly(sha("second\n"));
        ok(putBlob(alice, "second\n"));
        assertThat(ok(commit(alice, again.get("upload_id").asText())).at("/dataset_version/version").asInt()).isEqualTo(1);
    }

    @Test
    void aNewVersionUploadsOnlyTheFileThatChanged() {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            files.put("part-" + i + ".csv", "rows " + i + "\n");
        }
        add(alice, "parts", files);
        files.put("part-3.csv", "rows 3, changed\n");

        JsonNode upload = ok(createUpload(alice, "parts", files));

        assertThat(strings(upload.get("missing_blobs"))).containsExactly(sha("rows 3, changed\n"));
        ok(putBlob(alice, "rows 3, changed\n"));
        assertThat(ok(commit(alice, upload.get("upload_id").asText())).at("/dataset_version/version").asInt()).isEqualTo(2);
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsAddressIsRefusedAndNotStored() {
        String claimed = sha("what was promised");

        assertError(alice.put(DATASETS + "blobs/" + claimed, "something else".getBytes(StandardCharsets.UTF_8)), 400,
                "INVALID_PARAMETER_VALUE", "nothing was stored");
        assertThat(server.data().hasBlob(claimed)).isFalse();
        assertError(alice.put(DATASETS + "blobs/" + claimed, new byte[0]), 400, "INVALID_PARAMETER_VALUE", "nothing was stored");
        assertThat(server.data().hasBlob(claimed)).isFalse();
        assertThat(putBlob(alice, "").status()).isEqualTo(200);
        assertThat(server.data().hasBlob(sha(""))).isTrue();
        assertError(alice.put(DATASETS + "blobs/not-a-hash", new byte[] {1}), 400, "INVALID_PARAMETER_VALUE", "not-a-hash");
        assertError(alice.put(DATASETS + "blobs/" + claimed.toUpperCase(), new byte[] {1}), 400, "INVALID_PARAMETER_VALUE", "lower-case");
    }

    @Test
    void reAddingUnchangedDataGivesTheLatestVersion() {
        Map<String, String> files = files("a.csv", "same\n");
        add(alice, "stable", files);

        JsonNode again = ok(createUpload(alice, "stable", files));

        assertThat(again.get("missing_blobs")).isEmpty();
        assertThat(ok(commit(alice, again.get("upload_id").asText())).at("/dataset_version/version").asInt()).isEqualTo(1);
        assertThat(ok(alice.get(DATASETS + "versions?name=stable")).get("dataset_versions")).hasSize(1);
    }

    @Test
    void diffNamesAddedRemovedAndChangedFilesAndMovedFields() {
        add(alice, "evolving", files("keep.csv", "k\n", "change.csv", "old\n", "drop.csv", "d\n"));
        add(alice, "evolving", files("keep.csv", "k\n", "change.csv", "new, longer\n", "new.csv", "n\n"));

        JsonNode diff = ok(alice.get(DATASETS + "diff?name=evolving&from=1&to=2")).get("diff");

        assertThat(diff.at("/added/0/path").asText()).isEqualTo("new.csv");
        assertThat(diff.at("/removed/0/path").asText()).isEqualTo("drop.csv");
        assertThat(diff.at("/changed/0/path").asText()).isEqualTo("change.csv");
        assertThat(diff.at("/changed/0/to_sha256").asText()).isEqualTo(sha("new, longer\n"));
        assertThat(diff.get("unchanged").asLong()).isEqualTo(1);
        assertThat(diff.at("/fields/0/field").asText()).isEqualTo("total_size");
        assertError(alice.get(DATASETS + "diff?name=evolving&from=1"), 400, "INVALID_PARAMETER_VALUE", "'to'");
        assertError(alice.get(DATASETS + "diff?name=evolving&from=1&to=9"), 404, "RESOURCE_DOES_NOT_EXIST", "version 9");
    }

    // ---- streamed blobs ----

    @Test
    void aStreamedBlobIsStoredAtTheAddressItsBytesHashTo() {
        JsonNode stored = ok(streamBlob(alice, "a big file, say\n"));

        assertThat(stored.get("sha256").asText()).isEqualTo(sha("a big file, say\n"));
        assertThat(stored.get("size").asLong()).isEqualTo(16);
        JsonNode upload = ok(createUpload(alice, "streamed", files("big.bin", "a big file, say\n")));
        assertThat(upload.get("missing_blobs")).isEmpty();
        assertThat(ok(commit(alice, upload.get("upload_id").asText())).at("/dataset_version/version").asInt()).isEqualTo(1);
        assertThat(stagedObjects()).isEmpty();
    }

    @Test
    void streamingABlobAlreadyStoredKeepsOneCopy() {
        add(alice, "first", files("a.bin", "same bytes\n"));

        JsonNode again = ok(streamBlob(alice, "same bytes\n"));

        assertThat(again.get("sha256").asText()).isEqualTo(sha("same bytes\n"));
        assertThat(server.data().hasBlob(sha("same bytes\n"))).isTrue();
        assertThat(stagedObjects()).isEmpty();
    }

    @Test
    void aTruncatedStreamStoresNothingAndLeavesNothingStaged() throws Exception {
        String head = "POST " + DATASETS + "blobs/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + tokenOf("carol")
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write((head + "only ten b").getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes(); // the server's answer, if any: it is done with the request
        }

        assertThat(server.data().hasBlob(sha("only ten b"))).isFalse();
        assertThat(stagedObjects()).isEmpty();
    }

    @Test
    void aStreamNeedsAContentLength() throws Exception {
        HttpResponse<String> chunked = alice.client().send(HttpRequest.newBuilder(alice.uri(DATASETS + "blobs/stream"))
                .header("Authorization", "Bearer " + tokenOf("dave"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[] {1, 2, 3}))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(400);
        assertThat(chunked.body()).contains("Content-Length");
        assertThat(stagedObjects()).isEmpty();
    }

    @Test
    void streamingAndAskingForSizesNeedAToken() {
        assertError(http.post(DATASETS + "blobs/stream", "application/octet-stream", new byte[] {1}), 401, "UNAUTHENTICATED", "");
        assertError(http.post(DATASETS + "blobs/sizes", "{\"sizes\":[1]}"), 401, "UNAUTHENTICATED", "");
        assertThat(server.data().hasBlob(sha("\u0001"))).isFalse();
    }

    @Test
    void knownSizesAreThoseOfVersionAndPendingUploadFiles() {
        add(alice, "sized", files("a.bin", "12345"));
        ok(createUpload(alice, "sized", files("a.bin", "12345", "b.bin", "1234567")));

        JsonNode known = ok(alice.post(DATASETS + "blobs/sizes", "{\"sizes\":[7, 6, 5, 5]}"));

        assertThat(known.get("known_sizes").toString()).isEqualTo("[5,7]");
        assertThat(ok(alice.post(DATASETS + "blobs/sizes", "{\"sizes\":[]}")).get("known_sizes")).isEmpty();
    }

    @Test
    void aBadSizesListIsRefusedNamingTheField() {
        assertError(alice.post(DATASETS + "blobs/sizes", "{\"sizes\":[-1]}"), 400, "INVALID_PARAMETER_VALUE", "'sizes'");
        assertError(alice.post(DATASETS + "blobs/sizes", "{\"sizes\":[null]}"), 400, "INVALID_PARAMETER_VALUE", "'sizes'");
        assertError(alice.post(DATASETS + "blobs/sizes", "{\"sizes\":\"big\"}"), 400, "INVALID_PARAMETER_VALUE", "sizes");
        assertError(alice.post(DATASETS + "blobs/sizes", "{}"), 400, "INVALID_PARAMETER_VALUE", "sizes");
    }

    // ---- blobs ----

    @Test
    void aBlobDownloadsThroughAVersionThatNamesIt() {
        add(alice, "downloads", files("a.bin", "payload\n"));

        HttpResponse<byte[]> blob = alice.getBytes(DATASETS + "blobs/" + sha("payload\n") + "?name=downloads&version=1");

        assertThat(blob.statusCode()).isEqualTo(200);
        assertThat(new String(blob.body(), StandardCharsets.UTF_8)).isEqualTo("payload\n");
    }

    @Test
    void aBlobCannotBeFetchedThroughAVersionThatDoesNotNameIt() {
        add(alice, "mine", files("a.csv", "mine\n"));
        TestHttp bob = http.withToken(tokenOf("bob"));
        add(bob, "bobs", files("b.csv", "bob's secret\n"));

        assertError(alice.get(DATASETS + "blobs/" + sha("bob's secret\n") + "?name=mine&version=1"), 404, "RESOURCE_DOES_NOT_EXIST",
                "no file with SHA-256");
        assertError(alice.get(DATASETS + "blobs/" + sha("bob's secret\n")), 400, "INVALID_PARAMETER_VALUE", "'name'");
    }

    // ---- permissions ----

    @Test
    void aUserWithoutPermissionOnTheDatasetCannotReadAnyOfIt() {
        add(alice, "private", files("a.csv", "secret\n"));
        add(alice, "private", files("a.csv", "secret 2\n"));
        TestHttp bob = http.withToken(tokenOf("bob"));
        ok(admin.post(SLIPWAY + "permissions/set",
                "{\"username\":\"bob\",\"resource_type\":\"dataset\",\"resource_id\":\"private\",\"permission\":\"NO_PERMISSIONS\"}"));

        assertError(bob.get(DATASETS + "get?name=private"), 403, "PERMISSION_DENIED", "dataset 'private'");
        assertError(bob.get(DATASETS + "versions?name=private"), 403, "PERMISSION_DENIED", "dataset 'private'");
        assertError(bob.get(DATASETS + "diff?name=private&from=1&to=2"), 403, "PERMISSION_DENIED", "dataset 'private'");
        assertError(bob.get(DATASETS + "blobs/" + sha("secret\n") + "?name=private&version=1"), 403, "PERMISSION_DENIED", "dataset");
        assertThat(ok(bob.get(DATASETS + "list")).get("datasets")).isEmpty();
    }

    @Test
    void addingToAnotherUsersDatasetNeedsEdit() {
        add(alice, "shared", files("a.csv", "1\n"));
        TestHttp bob = http.withToken(tokenOf("bob"));
        String pending = ok(createUpload(alice, "shared", files("a.csv", "2\n"))).get("upload_id").asText();

        assertError(createUpload(bob, "shared", files("a.csv", "3\n")), 403, "PERMISSION_DENIED", "needs EDIT");
        assertError(commit(bob, pending), 403, "PERMISSION_DENIED", "needs EDIT");

        ok(admin.post(SLIPWAY + "permissions/set",
                "{\"username\":\"bob\",\"resource_type\":\"dataset\",\"resource_id\":\"shared\",\"permission\":\"EDIT\"}"));
        assertError(commit(bob, pending), 403, "PERMISSION_DENIED", "another user");
        assertThat(add(bob, "shared", files("a.csv", "3\n")).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void theUserWhoAddsTheFirstVersionManagesTheDataset() {
        add(alice, "owned", files("a.csv", "1\n"));

        JsonNode grants = ok(admin.get(SLIPWAY + "permissions/list?username=alice&resource_type=dataset&resource_id=owned"));

        assertThat(grants.at("/permissions/0/permission").asText()).isEqualTo("MANAGE");
    }

    @Test
    void everyDatasetRouteNeedsAToken() {
        assertError(http.get(DATASETS + "list"), 401, "UNAUTHENTICATED", "");
        assertError(http.put(DATASETS + "blobs/" + sha("x"), "x".getBytes(StandardCharsets.UTF_8)), 401, "UNAUTHENTICATED", "");
        assertError(createUpload(http, "anon", files("a.csv", "1\n")), 401, "UNAUTHENTICATED", "");
    }

    // ---- bad input ----

    @Test
    void badInputIsA400NamingTheField() {
        assertError(alice.post(DATASETS + "uploads/create", "{\"name\":\"x\"}"), 400, "INVALID_PARAMETER_VALUE", "'files'");
        assertError(alice.post(DATASETS + "uploads/create", "{\"files\":[]}"), 400, "INVALID_PARAMETER_VALUE", "'name'");
        assertError(alice.post(DATASETS + "uploads/create", "{\"name\":\"x\",\"files\":[]}"), 400, "INVALID_PARAMETER_VALUE",
                "at least one file");
        assertError(alice.post(DATASETS + "uploads/create", upload("x", List.of(file("../up", sha("1"), 1))).toString()), 400,
                "INVALID_PARAMETER_VALUE", "files[0].path");
        assertError(alice.post(DATASETS + "uploads/create", upload("x", List.of(file("a", "abc", 1))).toString()), 400,
                "INVALID_PARAMETER_VALUE", "files[0].sha256");
        assertError(alice.post(DATASETS + "uploads/create", upload("x", List.of(file("a", sha("1"), -1))).toString()), 400,
                "INVALID_PARAMETER_VALUE", "files[0].size");
        assertError(alice.post(DATASETS + "uploads/create", upload("x", List.of(file("a", sha("1"), 1))).put("schema", "[1]").toString()),
                400, "INVALID_PARAMETER_VALUE", "'schema'");
        assertError(alice.post(DATASETS + "uploads/commit", "{}"), 400, "INVALID_PARAMETER_VALUE", "'upload_id'");
        assertError(alice.post(DATASETS + "uploads/commit", "{\"upload_id\":\"" + "0".repeat(32) + "\"}"), 404, "RESOURCE_DOES_NOT_EXIST",
                "Upload");
        assertError(alice.get(DATASETS + "get?name=x&version=abc"), 400, "INVALID_PARAMETER_VALUE", "'version'");
        assertError(alice.get(DATASETS + "get?name=x&version=0"), 400, "INVALID_PARAMETER_VALUE", "positive");
    }

    // ---- helpers ----

    /** Adds a version of {@code name} holding {@code files} (path to content) the way a client does; returns it. */
    private JsonNode add(TestHttp as, String name, Map<String, String> files) {
        JsonNode upload = ok(createUpload(as, name, files));
        for (String content : files.values()) {
            if (strings(upload.get("missing_blobs")).contains(sha(content))) {
                ok(putBlob(as, content));
            }
        }
        return ok(commit(as, upload.get("upload_id").asText())).get("dataset_version");
    }

    private static Response createUpload(TestHttp as, String name, Map<String, String> files) {
        List<ObjectNode> entries = new ArrayList<>();
        files.forEach((path, content) -> entries.add(file(path, sha(content), content.getBytes(StandardCharsets.UTF_8).length)));
        ObjectNode body = upload(name, entries).put("format", "csv").put("source", "s3://bucket/cards").put("description", "card data");
        body.putArray("tags").addObject().put("key", "owner").put("value", "risk");
        return as.post(DATASETS + "uploads/create", body.toString());
    }

    private static ObjectNode upload(String name, List<ObjectNode> files) {
        ObjectNode body = JSON.createObjectNode().put("name", name);
        ArrayNode array = body.putArray("files");
        files.forEach(array::add);
        return body;
    }

    private static ObjectNode file(String path, String sha256, long size) {
        return JSON.createObjectNode().put("path", path).put("sha256", sha256).put("size", size);
    }

    private static Response putBlob(TestHttp as, String content) {
        return as.put(DATASETS + "blobs/" + sha(content), content.getBytes(StandardCharsets.UTF_8));
    }

    private static Response streamBlob(TestHttp as, String content) {
        return as.post(DATASETS + "blobs/stream", "application/octet-stream", content.getBytes(StandardCharsets.UTF_8));
    }

    /** What a streamed blob left in the staging area: nothing, once its request is over. */
    private List<FileInfo> stagedObjects() {
        return server.artifacts().list(BlobStore.STAGING.toString());
    }

    private static Response commit(TestHttp as, String uploadId) {
        return as.post(DATASETS + "uploads/commit", "{\"upload_id\":\"" + uploadId + "\"}");
    }

    /** Path, content, path, content, ... in that order. */
    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    private static String sha(String content) {
        return AuditChain.sha256(content);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private String tokenOf(String username) {
        ok(admin.post(SLIPWAY + "users/create", "{\"username\":\"" + username + "\"}"));
        return ok(admin.post(SLIPWAY + "tokens/create", "{\"username\":\"" + username + "\"}")).get("secret").asText();
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
