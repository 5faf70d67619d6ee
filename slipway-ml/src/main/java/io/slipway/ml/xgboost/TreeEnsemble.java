package io.slipway.ml.xgboost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An XGBoost tree model evaluated on the JVM, read from XGBoost's JSON model format
 * ({@code Booster.saveModel("model.json")}). The trees are flattened into primitive arrays, and
 * scoring follows XGBoost's CPU predictor step by step in the same float arithmetic: the margin
 * starts at the model's base score, each tree's leaf is added in tree order, a feature value goes
 * left when it is below the split condition, a NaN (missing) value goes the node's default way,
 * and the objective's transform is XGBoost's. Immutable, so safe to share between threads.
 *
 * <p>Numerical splits only: a model with categorical splits (XGBoost's {@code enable_categorical})
 * is refused; {@link io.slipway.ml.features.FeatureSpec} encodes categories as numbers instead.
 */
public final class TreeEnsemble {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows scored together in a batch: each tree is walked for a block while it is in cache. */
    private static final int BLOCK_ROWS = 64;

    private final Objective objective;
    private final int featureCount;
    private final int groupCount;
    private final float[] baseMargins;
    /** Per tree: its root's index in the node arrays, and the output group it adds to. */
    private final int[] roots;
    private final int[] groups;
    /** Per node: the feature it splits on, -1 for a leaf. */
    private final int[] features;
    /** Per node: the split condition, or the leaf value. */
    private final float[] values;
    private final int[] lefts;
    private final int[] rights;
    /** Per node: the child a missing value goes to. */
    private final int[] missings;

    private TreeEnsemble(Objective objective, int featureCount, int groupCount, float[] baseMargins, int[] roots, int[] groups,
            int[] features, float[] values, int[] lefts, int[] rights, int[] missings) {
        this.objective = objective;
        this.featureCount = featureCount;
        this.groupCount = groupCount;
        this.baseMargins = baseMargins;
        this.roots = roots;
        this.groups = groups;
        this.features = features;
        this.values = values;
        this.lefts = lefts;
        this.rights = rights;
        this.missings = missings;
    }

    /** The objectives whose output this evaluator reproduces, with XGBoost's transforms. */
    public enum Objective {
        BINARY_LOGISTIC("binary:logistic", Link.LOGIT),
        BINARY_LOGITRAW("binary:logitraw", Link.IDENTITY),
        REG_LOGISTIC("reg:logistic", Link.LOGIT),
        REG_SQUAREDERROR("reg:squarederror", Link.IDENTITY),
        REG_ABSOLUTEERROR("reg:absoluteerror", Link.IDENTITY),
        REG_PSEUDOHUBERERROR("reg:pseudohubererror", Link.IDENTITY),
        COUNT_POISSON("count:poisson", Link.LOG),
        REG_GAMMA("reg:gamma", Link.LOG),
        REG_TWEEDIE("reg:tweedie", Link.LOG),
        MULTI_SOFTPROB("multi:softprob", Link.SOFTMAX),
        MULTI_SOFTMAX("multi:softmax", Link.ARGMAX);

        private final String xgboostName;
        private final Link link;

        Objective(String xgboostName, Link link) {
            this.xgboostName = xgboostName;
            this.link = link;
        }

        public String xgboostName() {
            return xgboostName;
        }

        public boolean isMulticlass() {
            return link == Link.SOFTMAX || link == Link.ARGMAX;
        }

        static Objective of(String name) {
            for (Objective objective : values()) {
                if (objective.xgboostName.equals(name)) {
                    return objective;
                }
            }
            throw new IllegalArgumentException("objective '" + name + "' is not supported; one of "
                    + Arrays.stream(values()).map(Objective::xgboostName).toList());
        }
    }

    /** How a margin becomes a prediction, and how XGBoost stores the base score for it. */
    private enum Link {
        IDENTITY, LOGIT, LOG, SOFTMAX, ARGMAX
    }

    /**
     * Reads a model in XGBoost's JSON format. What is not JSON, not an XGBoost model, or uses what
     * this evaluator does not reproduce (an objective, categorical splits, vector leaves) is an
     * IllegalArgumentException saying what.
     */
    public static TreeEnsemble parse(byte[] json) {
        requireNonNull(json, "json is null");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not readable (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.path("learner").isObject()) {
            throw new IllegalArgumentException("not an XGBoost JSON model: it has no 'learner' object");
        }
        JsonNode learner = root.get("learner");
        Objective objective = Objective.of(require(learner, "objective", "name").asText());
        JsonNode params = require(learner, "learner_model_param");
        int featureCount = integer(params, "num_feature");
        int classCount = params.has("num_class") ? integer(params, "num_class") : 0;
        if (params.has("num_target") && integer(params, "num_target") > 1) {
            throw new IllegalArgumentException("multi-target models are not supported");
        }
        int groupCount = objective.isMulticlass() ? classCount : 1;
        if (groupCount < 1 || (objective.isMulticlass() && classCount < 2)) {
            throw new IllegalArgumentException(objective.xgboostName() + " with num_class " + classCount);
        }
        float[] baseMargins = baseMargins(require(params, "base_score").asText(), objective, groupCount);

        JsonNode booster = require(learner, "gradient_booster");
        String boosterName = booster.path("name").asText();
        if (!boosterName.equals("gbtree")) {
            throw new IllegalArgumentException("booster '" + boosterName + "' is not supported; only gbtree (dart and gblinear are not)");
        }
        JsonNode model = require(booster, "model");
        JsonNode trees = require(model, "trees");
        JsonNode treeInfo = require(model, "tree_info");
        if (trees.size() != treeInfo.size()) {
            throw new IllegalArgumentException(trees.size() + " trees but " + treeInfo.size() + " entries in tree_info");
        }
        return flatten(objective, featureCount, groupCount, baseMargins, trees, treeInfo);
    }

    private static TreeEnsemble flatten(Objective objective, int featureCount, int groupCount, float[] baseMargins, JsonNode trees,
            JsonNode treeInfo) {
        int treeCount = trees.size();
        int[] roots = new int[treeCount];
        int[] groups = new int[treeCount];
        int nodeCount = 0;
        for (JsonNode tree : trees) {
            nodeCount += require(tree, "left_children").size();
        }
        int[] features = new int[nodeCount];
        float[] values = new float[nodeCount];
        int[] lefts = new int[nodeCount];
        int[] rights = new int[nodeCount];
        int[] missings = new int[nodeCount];
        int base = 0;
        for (int t = 0; t < treeCount; t++) {
            JsonNode tree = trees.get(t);
            roots[t] = base;
            groups[t] = treeInfo.get(t).asInt();
            if (groups[t] < 0 || groups[t] >= groupCount) {
                throw new IllegalArgumentException("tree " + t + " adds to output group " + groups[t] + " of " + groupCount);
            }
            if (tree.path("tree_param").has("size_leaf_vector") && integer(tree.get("tree_param"), "size_leaf_vector") > 1) {
                throw new IllegalArgumentException("tree " + t + " has vector leaves (multi-target trees), not supported");
            }
            JsonNode left = tree.get("left_children");
            JsonNode right = require(tree, "right_children");
            JsonNode index = require(tree, "split_indices");
            JsonNode condition = require(tree, "split_conditions");
            JsonNode defaultLeft = require(tree, "default_left");
            JsonNode splitType = tree.path("split_type");
            int size = left.size();
            if (size == 0 || right.size() != size || index.size() != size || condition.size() != size || defaultLeft.size() != size) {
                throw new IllegalArgumentException("tree " + t + " has node arrays of different lengths");
            }
            for (int n = 0; n < size; n++) {
                int node = base + n;
                int l = left.get(n).asInt();
                values[node] = (float) condition.get(n).asDouble();
                if (l == -1) {
                    features[node] = -1;
                    continue;
                }
                int r = right.get(n).asInt();
                if (l <= 0 || l >= size || r <= 0 || r >= size) {
                    throw new IllegalArgumentException("tree " + t + " node " + n + " has children outside the tree");
                }
                if (splitType.size() > n && splitType.get(n).asInt() != 0) {
                    throw new IllegalArgumentException("tree " + t + " has a categorical split; categorical splits are not supported");
                }
                int feature = index.get(n).asInt();
                if (feature < 0 || feature >= featureCount) {
                    throw new IllegalArgumentException("tree " + t + " splits on feature " + feature + " of " + featureCount);
                }
                features[node] = feature;
                lefts[node] = base + l;
                rights[node] = base + r;
                missings[node] = isTrue(defaultLeft.get(n)) ? base + l : base + r;
            }
            base += size;
        }
        return new TreeEnsemble(objective, featureCount, groupCount, baseMargins, roots, groups, features, values, lefts, rights,
                missings);
    }

    /** base_score as XGBoost keeps it: in the output's space, turned into a margin as its objective's ProbToMargin does. */
    private static float[] baseMargins(String text, Objective objective, int groupCount) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        float[] margins = new float[groupCount];
        for (int g = 0; g < groupCount; g++) {
            float score;
            try {
                score = Float.parseFloat(parts[parts.length == 1 ? 0 : g].strip());
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("base_score '" + text + "' is not " + groupCount + " number(s)");
            }
            margins[g] = switch (objective.link) {
                case LOGIT -> (float) -Math.log(1.0f / score - 1.0f);
                case LOG -> (float) Math.log(score);
                default -> score;
            };
        }
        return margins;
    }

    private static boolean isTrue(JsonNode flag) {
        return flag.isBoolean() ? flag.booleanValue() : flag.asInt() != 0;
    }

    private static JsonNode require(JsonNode parent, String... path) {
        JsonNode node = parent;
        for (String name : path) {
            node = node.get(name);
            if (node == null || node.isNull()) {
                throw new IllegalArgumentException("not an XGBoost JSON model: '" + String.join(".", path) + "' is missing");
            }
        }
        return node;
    }

    private static int integer(JsonNode parent, String name) {
        String text = require(parent, name).asText();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not an integer");
        }
    }

    public Objective objective() {
        return objective;
    }

    /** The features a row has: the model's num_feature. */
    public int featureCount() {
        return featureCount;
    }

    /** The numbers a row's prediction has: num_class for multi:softprob, else 1. */
    public int outputCount() {
        return objective == Objective.MULTI_SOFTMAX ? 1 : groupCount;
    }

    public int treeCount() {
        return roots.length;
    }

    /** The raw score (XGBoost's output_margin) of a single-output model for the row at {@code offset}. */
    public float margin(float[] row, int offset) {
        if (groupCount != 1) {
            throw new IllegalStateException("a " + groupCount + "-class model has a margin per class; use margins");
        }
        float sum = baseMargins[0];
        for (int root : roots) {
            sum += leaf(root, row, offset);
        }
        return sum;
    }

    /** The raw scores of the row at {@code offset}, one per output group, into {@code out} from {@code outOffset}. */
    public void margins(float[] row, int offset, float[] out, int outOffset) {
        System.arraycopy(baseMargins, 0, out, outOffset, groupCount);
        for (int t = 0; t < roots.length; t++) {
            out[outOffset + groups[t]] += leaf(roots[t], row, offset);
        }
    }

    /** The prediction of a single-output model (a probability for binary:logistic) for the row at {@code offset}. */
    public float predict(float[] row, int offset) {
        return objective == Objective.MULTI_SOFTMAX ? argmax(marginsOf(row, offset), 0, groupCount) : transform(margin(row, offset));
    }

    /**
     * The predictions of the row at {@code offset}, {@link #outputCount()} of them (class
     * probabilities for multi:softprob), into {@code out} from {@code outOffset}, which must
     * have room for {@code groupCount} margins.
     */
    public void predict(float[] row, int offset, float[] out, int outOffset) {
        if (groupCount == 1) {
            out[outOffset] = transform(margin(row, offset));
        } else {
            margins(row, offset, out, outOffset);
            if (objective == Objective.MULTI_SOFTMAX) {
                out[outOffset] = argmax(out, outOffset, groupCount);
            } else {
                transformGroups(out, outOffset);
            }
        }
    }

    /**
     * The predictions of {@code rowCount} rows laid out row-major in {@code rows}, on
     * {@code threads} threads: {@code rowCount × outputCount()} floats, row-major.
     */
    public float[] predictBatch(float[] rows, int rowCount, int threads) {
        if ((long) rowCount * featureCount > rows.length) {
            throw new IllegalArgumentException(rowCount + " rows of " + featureCount + " features need " + (long) rowCount * featureCount
                    + " values, got " + rows.length);
        }
        float[] margins = new float[Math.multiplyExact(rowCount, groupCount)];
        int blocks = (rowCount + BLOCK_ROWS - 1) / BLOCK_ROWS;
        if (threads <= 1 || blocks < 2) {
            scoreBlocks(rows, margins, rowCount, 0, blocks, 1);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    parts.add(pool.submit(() -> scoreBlocks(rows, margins, rowCount, first, blocks, threads)));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scoring", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("scoring failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return transformBatch(margins, rowCount);
    }

    /** Scores blocks {@code first}, {@code first + step}, ...: each tree over a block of rows, as XGBoost does. */
    private void scoreBlocks(float[] rows, float[] margins, int rowCount, int first, int blocks, int step) {
        for (int block = first; block < blocks; block += step) {
            int from = block * BLOCK_ROWS;
            int to = Math.min(rowCount, from + BLOCK_ROWS);
            for (int row = from; row < to; row++) {
                System.arraycopy(baseMargins, 0, margins, row * groupCount, groupCount);
            }
            for (int t = 0; t < roots.length; t++) {
                int root = roots[t];
                int group = groups[t];
                for (int row = from; row < to; row++) {
                    margins[row * groupCount + group] += leaf(root, rows, row * featureCount);
                }
            }
        }
    }

    private float[] transformBatch(float[] margins, int rowCount) {
        if (groupCount == 1) {
            for (int i = 0; i < margins.length; i++) {
                margins[i] = transform(margins[i]);
            }
            return margins;
        }
        if (objective == Objective.MULTI_SOFTMAX) {
            float[] classes = new float[rowCount];
            for (int row = 0; row < rowCount; row++) {
                classes[row] = argmax(margins, row * groupCount, groupCount);
            }
            return classes;
        }
        for (int row = 0; row < rowCount; row++) {
            transformGroups(margins, row * groupCount);
        }
        return margins;
    }

    private float leaf(int node, float[] row, int offset) {
        int feature;
        while ((feature = features[node]) >= 0) {
            float value = row[offset + feature];
            if (value < values[node]) {
                node = lefts[node];
            } else if (value >= values[node]) {
                node = rights[node];
            } else {
                node = missings[node];
            }
        }
        return values[node];
    }

    private float[] marginsOf(float[] row, int offset) {
        float[] out = new float[groupCount];
        margins(row, offset, out, 0);
        return out;
    }

    private float transform(float margin) {
        return switch (objective.link) {
            case LOGIT -> sigmoid(margin);
            case LOG -> (float) Math.exp(margin);
            default -> margin;
        };
    }

    /** XGBoost's common::Sigmoid, in float. */
    private static float sigmoid(float margin) {
        float denominator = (float) Math.exp(-margin) + 1.0f;
        return 1.0f / denominator;
    }

    /** XGBoost's common::Softmax, in place: exponentials in float, their sum in double. */
    private void transformGroups(float[] out, int offset) {
        float max = out[offset];
        for (int g = 1; g < groupCount; g++) {
            max = Math.max(max, out[offset + g]);
        }
        double sum = 0;
        for (int g = 0; g < groupCount; g++) {
            float e = (float) Math.exp(out[offset + g] - max);
            out[offset + g] = e;
            sum += e;
        }
        for (int g = 0; g < groupCount; g++) {
            out[offset + g] /= (float) sum;
        }
    }

    private static float argmax(float[] margins, int offset, int count) {
        int best = 0;
        for (int g = 1; g < count; g++) {
            if (margins[offset + g] > margins[offset + best]) {
                best = g;
            }
        }
        return best;
    }
}
