package io.slipway.core.governance;

/**
 * Reads a stored MLmodel descriptor (JSON) into what a model card shows. Implemented outside
 * core, where JSON is parsed (slipway-api's {@code MlModelDescriptors}).
 */
@FunctionalInterface
public interface MlModelSummaries {
    MlModelSummary summarize(String descriptorJson);
}
