package io.slipway.ml.predict;

import io.slipway.api.mlmodel.MlModel;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Loads a model directory by its MLmodel file's flavors, with the factories on the class path. */
public final class Predictors {
    private static final List<PredictorFactory> FACTORIES = ServiceLoader.load(PredictorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(PredictorFactory::preference))
            .toList();

    private Predictors() {
    }

    /** The flavors this build can load, most preferred first. */
    public static List<String> flavors() {
        return FACTORIES.stream().map(PredictorFactory::flavor).toList();
    }

    /** Loads the model in {@code directory}; a 400 when it has no MLmodel or no flavor Slipway loads. */
    public static Predictor load(Path directory) {
        Path file = directory.resolve(MlModel.FILE_NAME);
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw SlipwayException.invalidParameter("%s has no %s file: a model directory describes itself with one.", directory,
                    MlModel.FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        MlModel descriptor = MlModel.parse(yaml, file.toString());
        for (PredictorFactory factory : FACTORIES) {
            if (descriptor.flavors().containsKey(factory.flavor())) {
                return factory.load(directory, descriptor);
            }
        }
        throw SlipwayException.invalidParameter("The model in %s has flavors %s; Slipway loads %s.", directory,
                descriptor.flavors().keySet().stream().sorted().collect(Collectors.joining(", ")),
                FACTORIES.isEmpty() ? "none (no loaders on the class path)" : String.join(", ", flavors()));
    }
}
