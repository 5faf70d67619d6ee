package io.slipway.api.slipway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.api.ApiJson;
import io.slipway.core.data.profile.DatasetProfile;
import java.util.Optional;

/** A dataset profile as stored with a version: JSON in the API's naming (snake_case). */
public final class DatasetProfiles {
    private static final ObjectMapper JSON = ApiJson.newMapper();

    private DatasetProfiles() {
    }

    public static String write(DatasetProfile profile) {
        try {
            return JSON.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A profile could not be written as JSON", e);
        }
    }

    /**
     * The profile in {@code json}; empty when it is not one (a client may store any JSON object as
     * a version's profile, and a reader of it must not fail because of that).
     */
    public static Optional<DatasetProfile> read(String json) {
        try {
            return Optional.ofNullable(JSON.readValue(json, DatasetProfile.class));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
