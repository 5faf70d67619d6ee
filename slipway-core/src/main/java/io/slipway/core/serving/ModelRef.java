package io.slipway.core.serving;

import static java.util.Objects.requireNonNull;

import io.slipway.core.registry.RegistryService;

/** One registered model version, by model name and version number ({@code fraud}, {@code 3}). */
public record ModelRef(String name, String version) {
    public ModelRef {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
    }

    /** Checks the name as the registry does and that the version is a positive integer; {@code field} names it in errors. */
    public void validate(String field) {
        RegistryService.validateName(name, field + ".name");
        DeploymentValidation.validateVersion(version, field + ".version");
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
