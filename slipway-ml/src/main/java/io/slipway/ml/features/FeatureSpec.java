package io.slipway.ml.features;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.slipway.core.SlipwayException;
import io.slipway.ml.frame.Column;
import io.slipway.ml.frame.Frame;
import io.slipway.ml.predict.InputColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How raw columns become the numbers a tree model takes. Fitted on the training rows and saved
 * with the model (as {@code preprocessing.json}), so serving takes raw records and encodes them
 * exactly as training did:
 *
 * <ul>
 *   <li>features are columns, in this order: the model's feature {@code i} is {@code features[i]};</li>
 *   <li>a numeric feature passes as it is (as a float, what XGBoost computes in); a missing value
 *       is NaN, which a tree sends down the branch it learned for missing values;</li>
 *   <li>a categorical feature becomes the index of its value in {@code categories}, which lists
 *       the training values most frequent first (ties by value); a value training never saw, or a
 *       missing one, is NaN. A number given for it is looked up as its text ({@code 3} as "3").</li>
 * </ul>
 */
public final class FeatureSpec {
    private final List<Feature> features;
    /** Per feature, its category codes (empty for numeric ones): built once, read by every request. */
    private final List<Map<String, Integer>> codes;

    @JsonCreator
    public FeatureSpec(@JsonProperty("features") List<Feature> features) {
        this.features = List.copyOf(requireNonNull(features, "features is null"));
        Set<String> names = new HashSet<>();
        for (Feature feature : this.features) {
            if (!names.add(feature.name())) {
                throw new IllegalArgumentException("feature '" + feature.name() + "' appears twice");
            }
        }
        this.codes = this.features.stream().map(Feature::codes).toList();
    }

    @JsonProperty("features")
    public List<Feature> features() {
        return features;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureSpec spec && spec.features.equals(features);
    }

    @Override
    public int hashCode() {
        return features.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureSpec" + features;
    }

    public enum Kind {
        NUMERIC("numeric"),
        CATEGORICAL("categorical");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /** One feature; {@code categories} is empty for a numeric one. */
    public record Feature(String name, Kind kind, List<String> categories) {
        public Feature {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            categories = categories == null ? List.of() : List.copyOf(categories);
            if (kind == Kind.NUMERIC && !categories.isEmpty()) {
                throw new IllegalArgumentException("numeric feature '" + name + "' has categories");
            }
        }

        private Map<String, Integer> codes() {
            Map<String, Integer> codes = new HashMap<>(categories.size() * 2);
            for (int i = 0; i < categories.size(); i++) {
                codes.put(categories.get(i), i);
            }
            return codes;
        }
    }

    /**
     * Fits the features {@code names} on {@code frame}: number columns are numeric, text columns
     * categorical with their values most frequent first. A name the frame lacks is a 400.
     */
    public static FeatureSpec fit(Frame frame, List<String> names) {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            Column column = frame.require(name);
            if (column instanceof Column.Texts texts) {
                features.add(new Feature(name, Kind.CATEGORICAL, byFrequency(texts.values())));
            } else {
                features.add(new Feature(name, Kind.NUMERIC, List.of()));
            }
        }
        return new FeatureSpec(features);
    }

    private static List<String> byFrequency(String[] values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String value : values) {
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        List<String> categories = new ArrayList<>(counts.keySet());
        categories.sort(Comparator.comparing((String value) -> -counts.get(value)).thenComparing(Comparator.naturalOrder()));
        return categories;
    }

    @JsonIgnore
    public int size() {
        return features.size();
    }

    @JsonIgnore
    public List<String> names() {
        return features.stream().map(Feature::name).toList();
    }

    /** The model's inputs as a signature: numbers as {@code double}, categories as {@code string}; all may be missing. */
    @JsonIgnore
    public List<InputColumn> inputs() {
        return features.stream().map(f -> new InputColumn(f.name(), f.kind() == Kind.NUMERIC ? "double" : "string", false)).toList();
    }

    /** Every row of {@code frame}, encoded row-major: {@code rows × size()} floats. */
    public float[] encode(Frame frame) {
        Encoder encoder = encoder(frame);
        float[] out = new float[Math.multiplyExact(frame.rowCount(), size())];
        for (int row = 0; row < frame.rowCount(); row++) {
            encoder.encode(row, out, row * size());
        }
        return out;
    }

    /**
     * An encoder of {@code frame}'s rows, its columns looked up and checked once: a missing
     * column, or text where a number is needed, is a 400 naming the column.
     */
    public Encoder encoder(Frame frame) {
        Column[] columns = new Column[features.size()];
        boolean[] numeric = new boolean[features.size()];
        for (int i = 0; i < columns.length; i++) {
            Feature feature = features.get(i);
            columns[i] = frame.require(feature.name());
            numeric[i] = feature.kind() == Kind.NUMERIC;
            if (numeric[i] && columns[i] instanceof Column.Texts texts) {
                throw SlipwayException.invalidParameter("Invalid value for column '%s': expected numbers, got text (e.g. '%s').",
                        feature.name(), firstPresent(texts));
            }
        }
        return new Encoder(columns, numeric, codes);
    }

    private static String firstPresent(Column.Texts texts) {
        for (String value : texts.values()) {
            if (value != null) {
                return value.length() > 40 ? value.substring(0, 40) + "..." : value;
            }
        }
        return "";
    }

    /** Encodes rows of one frame; cheap to make, so one per request is fine. */
    public static final class Encoder {
        private final Column[] columns;
        private final boolean[] numeric;
        private final List<Map<String, Integer>> codes;

        private Encoder(Column[] columns, boolean[] numeric, List<Map<String, Integer>> codes) {
            this.columns = columns;
            this.numeric = numeric;
            this.codes = codes;
        }

        /** Writes row {@code row}'s features to {@code out} from {@code offset}. */
        public void encode(int row, float[] out, int offset) {
            for (int i = 0; i < columns.length; i++) {
                Column column = columns[i];
                if (numeric[i]) {
                    out[offset + i] = (float) ((Column.Numbers) column).values()[row];
                } else {
                    String value = column.text(row);
                    Integer code = value == null ? null : codes.get(i).get(value);
                    out[offset + i] = code == null ? Float.NaN : code;
                }
            }
        }
    }
}
