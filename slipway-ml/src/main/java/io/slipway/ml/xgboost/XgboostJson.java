package io.slipway.ml.xgboost;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads XGBoost's JSON model as {@code ObjectMapper.readTree} does, except for the trees
 * ({@code learner.gradient_booster.model.trees}): those are read straight from the stream into
 * primitive arrays, since a JsonNode per number makes a large model twice as slow to read.
 * Every number is read as {@code JsonNode.asInt} or {@code asDouble} would read it, strings included.
 */
final class XgboostJson {
    private static final String[] TREES_PATH = {"learner", "gradient_booster", "model", "trees"};

    private XgboostJson() {
    }

    /**
     * One tree's node arrays, each null when missing or JSON null, and empty when not an array;
     * the tree's other arrays (gains, hessians, ...) are not kept.
     */
    record TreeArrays(JsonNode treeParam, int[] leftChildren, int[] rightChildren, int[] splitIndices, double[] splitConditions,
            boolean[] defaultLeft, int[] splitType) {
        private static final TreeArrays NONE = new TreeArrays(MissingNode.getInstance(), null, null, null, null, null, null);
    }

    /** The document's root: MissingNode when there is none; its trees are a POJONode holding a list of {@link TreeArrays}. */
    static JsonNode read(ObjectMapper json, byte[] bytes) throws IOException {
        try (JsonParser parser = json.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            return first == START_OBJECT ? object(json, parser, 0) : parser.readValueAsTree();
        }
    }

    /** The trees that {@link #read} found where {@code trees} is, or the elements of any other JSON value read the same way. */
    @SuppressWarnings("unchecked")
    static List<TreeArrays> trees(ObjectMapper json, JsonNode trees) throws IOException {
        if (trees instanceof POJONode pojo && pojo.getPojo() instanceof List<?> list) {
            return (List<TreeArrays>) list;
        }
        List<TreeArrays> read = new ArrayList<>();
        for (JsonNode tree : trees) {
            try (JsonParser parser = tree.traverse(json)) {
                read.add(tree(parser, parser.nextToken()));
            }
        }
        return read;
    }

    /** The object the parser has just opened, {@code depth} steps along {@link #TREES_PATH}. */
    private static ObjectNode object(ObjectMapper json, JsonParser parser, int depth) throws IOException {
        ObjectNode node = json.getNodeFactory().objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            boolean alongPath = name.equals(TREES_PATH[depth]);
            if (alongPath && depth < TREES_PATH.length - 1 && token == START_OBJECT) {
                node.set(name, object(json, parser, depth + 1));
            } else if (alongPath && depth == TREES_PATH.length - 1 && token == START_ARRAY) {
                List<TreeArrays> trees = new ArrayList<>();
                for (JsonToken element = parser.nextToken(); element != END_ARRAY; element = parser.nextToken()) {
                    trees.add(tree(parser, element));
                }
                node.set(name, json.getNodeFactory().pojoNode(trees));
            } else {
                node.set(name, value(parser));
            }
        }
        return node;
    }

    private static TreeArrays tree(JsonParser parser, JsonToken token) throws IOException {
        if (token != START_OBJECT) {
            parser.skipChildren();
            return TreeArrays.NONE;
        }
        JsonNode treeParam = MissingNode.getInstance();
        int[] left = null;
        int[] right = null;
        int[] index = null;
        double[] condition = null;
        boolean[] defaultLeft = null;
        int[] splitType = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            switch (name) {
                case "tree_param" -> treeParam = value(parser);
                case "left_children" -> left = ints(parser);
                case "right_children" -> right = ints(parser);
                case "split_indices" -> index = ints(parser);
                case "split_conditions" -> condition = doubles(parser);
                case "default_left" -> defaultLeft = flags(parser);
                case "split_type" -> splitType = ints(parser);
                default -> parser.skipChildren();
            }
        }
        return new TreeArrays(treeParam, left, right, index, condition, defaultLeft, splitType);
    }

    /** The array at the parser, each number as JsonNode.asInt reads it; null for JSON null, empty for another value. */
    private static int[] ints(JsonParser parser) throws IOException {
        if (!isArray(parser)) {
            return value(parser).isNull() ? null : new int[0];
        }
        int[] values = new int[64];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != END_ARRAY; token = parser.nextToken()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = isInt(parser, token) ? parser.getIntValue() : value(parser).asInt();
        }
        return Arrays.copyOf(values, count);
    }

    /** The array at the parser, each number as JsonNode.asDouble reads it; null for JSON null, empty for another value. */
    private static double[] doubles(JsonParser parser) throws IOException {
        if (!isArray(parser)) {
            return value(parser).isNull() ? null : new double[0];
        }
        double[] values = new double[64];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != END_ARRAY; token = parser.nextToken()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = token == VALUE_NUMBER_FLOAT || isInt(parser, token) ? parser.getDoubleValue()
                    : value(parser).asDouble();
        }
        return Arrays.copyOf(values, count);
    }

    /** The array at the parser, each a JSON boolean or, as XGBoost now writes them, a number that is true when not 0. */
    private static boolean[] flags(JsonParser parser) throws IOException {
        if (!isArray(parser)) {
            return value(parser).isNull() ? null : new boolean[0];
        }
        boolean[] values = new boolean[64];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != END_ARRAY; token = parser.nextToken()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = switch (token) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                default -> isInt(parser, token) ? parser.getIntValue() != 0 : value(parser).asInt() != 0;
            };
        }
        return Arrays.copyOf(values, count);
    }

    /** The value at the parser as readTree reads it. */
    private static JsonNode value(JsonParser parser) throws IOException {
        return parser.readValueAsTree();
    }

    private static boolean isArray(JsonParser parser) {
        return parser.currentToken() == START_ARRAY;
    }

    /** A number that fits an int: what readTree makes an IntNode of. */
    private static boolean isInt(JsonParser parser, JsonToken token) throws IOException {
        return token == VALUE_NUMBER_INT && parser.getNumberType() == NumberType.INT;
    }
}
