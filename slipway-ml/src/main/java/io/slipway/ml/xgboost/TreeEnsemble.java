package io.slipway.ml.xgboost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.slipway.ml.xgboost.XgboostJson.TreeArrays;
import java.io.IOException;
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
    /** Its double parser is correctly rounded, as Double.parseDouble is, and faster. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    /** Rows scored together in a batch: each tree is walked for a block while it is in cache. */
    private static final int BLOCK_ROWS = 64;

    private final Objective objective;
    private final int featureCount;
    private final int groupCount;
    private final float[] baseMargins;
    /** Per tree: where its root is in {@link #nodes}, its depth, and the output group it adds to. */
    private final int[] roots;
    private final int[] depths;
    private final int[] groups;
    /**
     * Every node of every tree, {@link #NODE_INTS} ints each: the feature it splits on with, in
     * the top byte, how far right its right child is from the left one (0 for a leaf); the bits of
     * its float split condition, or leaf value; where its left child is (the right one follows it);
     * where a missing value goes. A leaf leads to itself, so every walk takes its tree's depth in
     * steps without a branch on where it is. Siblings are adjacent and the trees laid out level by
     * level, so a walk touches few cache lines.
     */
    private final int[] nodes;

    private static final int NODE_INTS = 4;
    private static final int FEATURE_BITS = 24;
    private static final int FEATURE_MASK = (1 << FEATURE_BITS) - 1;

    private TreeEnsemble(Objective objective, int featureCount, int groupCount, float[] baseMargins, int[] roots, int[] depths,
            int[] groups, int[] nodes) {
        this.objective = objective;
        this.featureCount = featureCount;
        this.groupCount = groupCount;
        this.baseMargins = baseMargins;
        this.roots = roots;
        this.depths = depths;
        this.groups = groups;
        this.nodes = nodes;
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
        try {
            return parse(XgboostJson.read(JSON, json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not readable (" + e.getMessage() + ")", e);
        }
    }

    private static TreeEnsemble parse(JsonNode root) throws IOException {
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
        if (featureCount < 1) {
            throw new IllegalArgumentException("num_feature is " + featureCount);
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
        List<TreeArrays> trees = XgboostJson.trees(JSON, require(model, "trees"));
        JsonNode treeInfo = require(model, "tree_info");
        if (trees.size() != treeInfo.size()) {
            throw new IllegalArgumentException(trees.size() + " trees but " + treeInfo.size() + " entries in tree_info");
        }
        return flatten(objective, featureCount, groupCount, baseMargins, trees, treeInfo);
    }

    private static TreeEnsemble flatten(Objective objective, int featureCount, int groupCount, float[] baseMargins,
            List<TreeArrays> trees, JsonNode treeInfo) {
        int treeCount = trees.size();
        int[] roots = new int[treeCount];
        int[] groups = new int[treeCount];
        int[] depths = new int[treeCount];
        int nodeCount = 0;
        for (TreeArrays tree : trees) {
            nodeCount += present(tree.leftChildren(), "left_children").length;
        }
        int[] nodes = new int[Math.multiplyExact(nodeCount, NODE_INTS)];
        int next = 0;
        for (int t = 0; t < treeCount; t++) {
            groups[t] = treeInfo.get(t).asInt();
            if (groups[t] < 0 || groups[t] >= groupCount) {
                throw new IllegalArgumentException("tree " + t + " adds to output group " + groups[t] + " of " + groupCount);
            }
            roots[t] = next * NODE_INTS;
            next = layOut(trees.get(t), t, featureCount, nodes, next, depths);
        }
        return new TreeEnsemble(objective, featureCount, groupCount, baseMargins, roots, depths, groups,
                Arrays.copyOf(nodes, next * NODE_INTS));
    }

    /** Writes tree {@code t}'s reachable nodes level by level from node {@code next} on, each node's children side by side; returns the next free node. */
    private static int layOut(TreeArrays tree, int t, int featureCount, int[] nodes, int next, int[] depths) {
        if (tree.treeParam().has("size_leaf_vector") && integer(tree.treeParam(), "size_leaf_vector") > 1) {
            throw new IllegalArgumentException("tree " + t + " has vector leaves (multi-target trees), not supported");
        }
        int[] left = present(tree.leftChildren(), "left_children");
        int[] right = present(tree.rightChildren(), "right_children");
        int[] index = present(tree.splitIndices(), "split_indices");
        double[] condition = present(tree.splitConditions(), "split_conditions");
        boolean[] defaultLeft = present(tree.defaultLeft(), "default_left");
        int splitTypes = tree.splitType() == null ? 0 : tree.splitType().length;
        int size = left.length;
        if (size == 0 || right.length != size || index.length != size || condition.length != size || defaultLeft.length != size) {
            throw new IllegalArgumentException("tree " + t + " has node arrays of different lengths");
        }
        // queue of XGBoost node ids, each with the slot it was given; slots are handed out in pairs for siblings
        int[] queue = new int[size];
        int[] slots = new int[size];
        int[] levels = new int[size];
        int head = 0;
        int tail = 0;
        queue[tail] = 0;
        slots[tail++] = next++;
        while (head < tail) {
            int n = queue[head];
            int level = levels[head];
            int at = slots[head++] * NODE_INTS;
            nodes[at + 1] = Float.floatToRawIntBits((float) condition[n]);
            int l = left[n];
            if (l == -1) {
                // feature 0 is read and ignored: a leaf's step goes nowhere, missing value or not
                nodes[at] = 0;
                nodes[at + 2] = at;
                nodes[at + 3] = at;
                depths[t] = Math.max(depths[t], level);
                continue;
            }
            int r = right[n];
            if (l <= 0 || l >= size || r <= 0 || r >= size || tail + 2 > size) {
                throw new IllegalArgumentException("tree " + t + " node " + n + " has children outside the tree");
            }
            if (splitTypes > n && tree.splitType()[n] != 0) {
                throw new IllegalArgumentException("tree " + t + " has a categorical split; categorical splits are not supported");
            }
            int feature = index[n];
            if (feature < 0 || feature >= featureCount || feature > FEATURE_MASK) {
                throw new IllegalArgumentException("tree " + t + " splits on feature " + feature + " of " + featureCount);
            }
            int leftSlot = next;
            next += 2;
            queue[tail] = l;
            levels[tail] = level + 1;
            slots[tail++] = leftSlot;
            queue[tail] = r;
            levels[tail] = level + 1;
            slots[tail++] = leftSlot + 1;
            nodes[at] = feature | NODE_INTS << FEATURE_BITS;
            nodes[at + 2] = leftSlot * NODE_INTS;
            nodes[at + 3] = (defaultLeft[n] ? leftSlot : leftSlot + 1) * NODE_INTS;
        }
        return next;
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

    /** A tree's node array, which {@link XgboostJson} leaves null when the model has none. */
    private static <T> T present(T array, String name) {
        if (array == null) {
            throw new IllegalArgumentException("not an XGBoost JSON model: '" + name + "' is missing");
        }
        return array;
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
        for (int t = 0; t < roots.length; t++) {
            sum += leaf(roots[t], depths[t], row, offset);
        }
        return sum;
    }

    /** The raw scores of the row at {@code offset}, one per output group, into {@code out} from {@code outOffset}. */
    public void margins(float[] row, int offset, float[] out, int outOffset) {
        System.arraycopy(baseMargins, 0, out, outOffset, groupCount);
        for (int t = 0; t < roots.length; t++) {
            out[outOffset + groups[t]] += leaf(roots[t], depths[t], row, offset);
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

    /**
     * Scores blocks {@code first}, {@code first + step}, ...: each tree over a block of rows, as
     * XGBoost does, a level at a time, so the walks of different rows overlap in the CPU.
     */
    private void scoreBlocks(float[] rows, float[] margins, int rowCount, int first, int blocks, int step) {
        int[] at = new int[BLOCK_ROWS];
        for (int block = first; block < blocks; block += step) {
            int from = block * BLOCK_ROWS;
            int count = Math.min(rowCount - from, BLOCK_ROWS);
            for (int row = from; row < from + count; row++) {
                System.arraycopy(baseMargins, 0, margins, row * groupCount, groupCount);
            }
            for (int t = 0; t < roots.length; t++) {
                Arrays.fill(at, 0, count, roots[t]);
                for (int level = depths[t]; level > 0; level--) {
                    for (int i = 0; i < count; i++) {
                        at[i] = step(at[i], rows, (from + i) * featureCount);
                    }
                }
                int group = groups[t];
                for (int i = 0; i < count; i++) {
                    margins[(from + i) * groupCount + group] += Float.intBitsToFloat(nodes[at[i] + 1]);
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

    private float leaf(int node, int depth, float[] row, int offset) {
        for (int level = depth; level > 0; level--) {
            node = step(node, row, offset);
        }
        return Float.intBitsToFloat(nodes[node + 1]);
    }

    /** Where a row at {@code node} goes next: left when below the condition, the default way when missing; a leaf stays. */
    private int step(int node, float[] row, int offset) {
        int[] nodes = this.nodes;
        int word = nodes[node];
        float value = row[offset + (word & FEATURE_MASK)];
        if (value != value) {
            return nodes[node + 3];
        }
        // right when value >= condition, without a branch: which way a row goes is a coin toss to the branch predictor;
        // value - condition is +0 when they are equal, and negative exactly when value < condition
        int right = ~Float.floatToRawIntBits(value - Float.intBitsToFloat(nodes[node + 1])) >>> 31;
        return nodes[node + 2] + right * (word >>> FEATURE_BITS);
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
