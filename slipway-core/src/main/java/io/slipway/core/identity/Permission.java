package io.slipway.core.identity;

import io.slipway.core.SlipwayException;
import java.util.Locale;

/**
 * What a user may do with one experiment or registered model, as in MLflow's auth: each level
 * includes the ones below it. READ reads; EDIT also writes (log, update, register versions);
 * MANAGE also deletes, grants permissions and approves promotions.
 */
public enum Permission {
    NO_PERMISSIONS,
    READ,
    EDIT,
    MANAGE;

    public boolean includes(Permission required) {
        return compareTo(required) >= 0;
    }

    public static Permission parse(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw SlipwayException.missingParameter(field);
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SlipwayException.invalidParameter("Invalid value '%s' for parameter '%s': expected one of NO_PERMISSIONS, READ, EDIT, MANAGE.",
                    value, field);
        }
    }
}
