package io.slipway.core.tracking.search;

import io.slipway.core.SlipwayException;
import io.slipway.core.tracking.search.FilterLexer.Kind;
import io.slipway.core.tracking.search.FilterLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * MLflow's search grammar for runs and experiments: {@code <entity>.<key> <op> <value>} clauses
 * joined by AND, and {@code <entity>.<key> [ASC|DESC]} order-by clauses. Parsing checks every
 * key, operator and value type, so the stores only translate what is known to be valid.
 */
public enum SearchGrammar {
    RUNS(
            Map.ofEntries(
                    Map.entry("metric", SearchEntity.METRIC), Map.entry("metrics", SearchEntity.METRIC),
                    Map.entry("param", SearchEntity.PARAM), Map.entry("params", SearchEntity.PARAM),
                    Map.entry("parameter", SearchEntity.PARAM), Map.entry("parameters", SearchEntity.PARAM),
                    Map.entry("tag", SearchEntity.TAG), Map.entry("tags", SearchEntity.TAG),
                    Map.entry("attribute", SearchEntity.ATTRIBUTE), Map.entry("attributes", SearchEntity.ATTRIBUTE),
                    Map.entry("attr", SearchEntity.ATTRIBUTE), Map.entry("run", SearchEntity.ATTRIBUTE),
                    Map.entry("dataset", SearchEntity.DATASET), Map.entry("datasets", SearchEntity.DATASET)),
            Set.of("run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage"),
            Set.of("start_time", "end_time"),
            Map.of("created", "start_time", "Created", "start_time",
                    "run name", "run_name", "Run name", "run_name", "Run Name", "run_name",
                    "run_uuid", "run_id"),
            Set.of(SearchEntity.METRIC, SearchEntity.PARAM, SearchEntity.TAG, SearchEntity.ATTRIBUTE)),
    EXPERIMENTS(
            Map.of("attribute", SearchEntity.ATTRIBUTE, "tag", SearchEntity.TAG, "tags", SearchEntity.TAG),
            Set.of("name"),
            Set.of("creation_time", "last_update_time", "experiment_id"),
            Map.of(),
            Set.of(SearchEntity.ATTRIBUTE)),
    REGISTERED_MODELS(
            Map.of("attribute", SearchEntity.ATTRIBUTE, "attributes", SearchEntity.ATTRIBUTE, "tag", SearchEntity.TAG, "tags", SearchEntity.TAG),
            Set.of("name"),
            Set.of("creation_timestamp", "last_updated_timestamp"),
            Map.of("timestamp", "creation_timestamp"),
            Set.of(SearchEntity.ATTRIBUTE)),
    MODEL_VERSIONS(
            Map.of("attribute", SearchEntity.ATTRIBUTE, "attributes", SearchEntity.ATTRIBUTE, "tag", SearchEntity.TAG, "tags", SearchEntity.TAG),
            Set.of("name", "run_id", "source_path"),
            Set.of("version_number", "creation_timestamp", "last_updated_timestamp"),
            Map.of("timestamp", "creation_timestamp"),
            Set.of(SearchEntity.ATTRIBUTE));

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** Dataset fields a run filter may name. */
    public static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

    private final Map<String, SearchEntity> prefixes;
    private final Set<String> stringAttributes;
    private final Set<String> numericAttributes;
    private final Map<String, String> attributeAliases;
    private final Set<SearchEntity> orderableEntities;

    SearchGrammar(Map<String, SearchEntity> prefixes, Set<String> stringAttributes, Set<String> numericAttributes,
            Map<String, String> attributeAliases, Set<SearchEntity> orderableEntities) {
        this.prefixes = prefixes;
        this.stringAttributes = stringAttributes;
        this.numericAttributes = numericAttributes;
        this.attributeAliases = attributeAliases;
        this.orderableEntities = orderableEntities;
    }

    public boolean isNumericAttribute(String key) {
        return numericAttributes.contains(key);
    }

    /** Parses a filter; null or blank means "no filter". */
    public List<Comparison> parseFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        Cursor cursor = new Cursor(filter, FilterLexer.tokenize(filter));
        List<Comparison> clauses = new ArrayList<>();
        while (true) {
            clauses.add(parseClause(cursor));
            Token next = cursor.peek();
            if (next.kind() == Kind.END) {
                return clauses;
            }
            if (!next.isWord("AND")) {
                throw SlipwayException.invalidParameter(
                        "Invalid clause(s) in filter string: '%s'. Clauses can only be joined by AND; found '%s' at position %d.",
                        filter, next.text(), next.position());
            }
            cursor.take();
        }
    }

    /** Parses a list of order-by clauses; null means none. */
    public List<OrderBy> parseOrderBy(List<String> clauses) {
        return clauses == null ? List.of() : clauses.stream().map(this::parseOrderBy).toList();
    }

    /**
     * The page size a search asks for: {@code defaultValue} when absent, else between 1 and
     * {@code max}, or a 400 that says so.
     */
    public static int maxResults(Long requested, int defaultValue, int max) {
        if (requested == null) {
            return defaultValue;
        }
        if (requested < 1 || requested > max) {
            throw SlipwayException.invalidParameter(
                    "Invalid value %d for parameter 'max_results' supplied. It must be at least 1 and at most %d.", requested, max);
        }
        return requested.intValue();
    }

    /** Parses one order-by clause such as {@code metrics.`f1 score` DESC}. */
    public OrderBy parseOrderBy(String clause) {
        if (clause == null || clause.isBlank()) {
            throw SlipwayException.invalidParameter("Invalid order_by clause '': it is empty.");
        }
        Cursor cursor = new Cursor(clause, FilterLexer.tokenize(clause));
        Key key = parseKey(cursor, "order_by clause");
        if (!orderableEntities.contains(key.entity)) {
            throw SlipwayException.invalidParameter(
                    "Invalid order_by clause '%s': %s keys cannot be ordered by here.", clause, key.entity.name().toLowerCase(Locale.ROOT));
        }
        boolean ascending = true;
        Token direction = cursor.take();
        if (direction.isWord("DESC")) {
            ascending = false;
        } else if (!direction.isWord("ASC") && direction.kind() != Kind.END) {
            throw SlipwayException.invalidParameter(
                    "Invalid order_by clause '%s': expected ASC or DESC after the key, found '%s'.", clause, direction.text());
        }
        if (direction.kind() != Kind.END && cursor.peek().kind() != Kind.END) {
            throw SlipwayException.invalidParameter(
                    "Invalid order_by clause '%s': unexpected '%s' after the direction.", clause, cursor.peek().text());
        }
        return new OrderBy(key.entity, key.name, ascending);
    }

    private Comparison parseClause(Cursor cursor) {
        Key key = parseKey(cursor, "filter");
        Comparator comparator = parseComparator(cursor);
        checkComparator(cursor.source, key, comparator);
        Object value = (comparator == Comparator.IN || comparator == Comparator.NOT_IN)
                ? parseList(cursor, key)
                : parseScalar(cursor, key);
        return new Comparison(key.entity, key.name, comparator, value);
    }

    private record Key(SearchEntity entity, String name, boolean numeric) {}

    private Key parseKey(Cursor cursor, String what) {
        Token first = cursor.take();
        String prefix;
        String name;
        if (first.kind() == Kind.IDENT && first.text().endsWith(".") && cursor.peek().isQuoted()) {
            prefix = first.text().substring(0, first.text().length() - 1);
            name = cursor.take().text();
        } else if (first.kind() == Kind.IDENT) {
            int dot = first.text().indexOf('.');
            prefix = dot < 0 ? null : first.text().substring(0, dot);
            name = dot < 0 ? first.text() : first.text().substring(dot + 1);
        } else if (first.kind() == Kind.BACKTICK || first.kind() == Kind.DOUBLE_QUOTED) {
            prefix = null;
            name = first.text();
        } else {
            throw SlipwayException.invalidParameter(
                    "Invalid %s '%s': expected a key such as metrics.accuracy at position %d, found '%s'.",
                    what, cursor.source, first.position(), first.text());
        }
        SearchEntity entity = SearchEntity.ATTRIBUTE;
        if (prefix != null) {
            entity = prefixes.get(prefix.toLowerCase(Locale.ROOT));
            if (entity == null) {
                throw SlipwayException.invalidParameter(
                        "Invalid entity type '%s' in %s '%s'. Valid values are %s.", prefix, what, cursor.source, new TreeSet<>(prefixes.keySet()));
            }
        }
        if (name.isEmpty()) {
            throw prefix == null
                    ? SlipwayException.invalidParameter("Invalid %s '%s': the key is empty.", what, cursor.source)
                    : SlipwayException.invalidParameter("Invalid %s '%s': the key after '%s.' is empty.", what, cursor.source, prefix);
        }
        return switch (entity) {
            case ATTRIBUTE -> attributeKey(name, what, cursor.source);
            case DATASET -> {
                if (!DATASET_KEYS.contains(name)) {
                    throw SlipwayException.invalidParameter(
                            "Invalid dataset key '%s' in %s '%s'. Valid keys are %s.", name, what, cursor.source, new TreeSet<>(DATASET_KEYS));
                }
                yield new Key(entity, name, false);
            }
            case METRIC -> new Key(entity, name, true);
            default -> new Key(entity, name, false);
        };
    }

    private Key attributeKey(String name, String what, String source) {
        String canonical = attributeAliases.getOrDefault(name, name);
        if (stringAttributes.contains(canonical)) {
            return new Key(SearchEntity.ATTRIBUTE, canonical, false);
        }
        if (numericAttributes.contains(canonical)) {
            return new Key(SearchEntity.ATTRIBUTE, canonical, true);
        }
        Set<String> valid = new TreeSet<>(stringAttributes);
        valid.addAll(numericAttributes);
        throw SlipwayException.invalidParameter(
                "Invalid attribute key '%s' in %s '%s'. Valid keys are %s.", name, what, source, valid);
    }

    private static Comparator parseComparator(Cursor cursor) {
        Token token = cursor.take();
        if (token.kind() == Kind.OPERATOR) {
            return Comparator.fromSymbol(token.text()).orElseThrow();
        }
        if (token.isWord("NOT") && cursor.peek().isWord("IN")) {
            cursor.take();
            return Comparator.NOT_IN;
        }
        if (token.kind() == Kind.IDENT) {
            for (Comparator comparator : new Comparator[] {Comparator.LIKE, Comparator.ILIKE, Comparator.IN}) {
                if (token.isWord(comparator.symbol())) {
                    return comparator;
                }
            }
        }
        throw SlipwayException.invalidParameter(
                "Invalid clause(s) in filter string: '%s'. Expected a comparison operator at position %d, found '%s'.",
                cursor.source, token.position(), token.text());
    }

    private static void checkComparator(String source, Key key, Comparator comparator) {
        boolean allowed = switch (key.entity) {
            case METRIC -> comparator.isNumeric();
            case PARAM, TAG -> comparator.isStringEquality();
            case DATASET -> comparator.isStringEquality() || comparator == Comparator.IN || comparator == Comparator.NOT_IN;
            case ATTRIBUTE -> key.numeric
                    ? comparator.isNumeric()
                    : comparator.isStringEquality()
                            || ((comparator == Comparator.IN || comparator == Comparator.NOT_IN) && key.name.equals("run_id"));
        };
        if (!allowed) {
            throw SlipwayException.invalidParameter(
                    "Invalid comparator '%s' for %s key '%s' in filter '%s'.",
                    comparator.symbol(), describe(key), key.name, source);
        }
    }

    private static Object parseScalar(Cursor cursor, Key key) {
        Token token = cursor.take();
        if (key.numeric) {
            if (token.kind() != Kind.NUMBER) {
                throw SlipwayException.invalidParameter(
                        "Expected a numeric value for %s '%s' in filter '%s', found '%s'.", describe(key), key.name, cursor.source, token.text());
            }
            // SQL's number syntax only: Double.valueOf would also take Java's 1d, 2f and hex floats
            if (!NUMBER.matcher(token.text()).matches()) {
                throw SlipwayException.invalidParameter(
                        "Invalid number '%s' for %s '%s' in filter '%s'.", token.text(), describe(key), key.name, cursor.source);
            }
            return Double.valueOf(token.text());
        }
        if (token.kind() != Kind.SINGLE_QUOTED && token.kind() != Kind.DOUBLE_QUOTED) {
            throw SlipwayException.invalidParameter(
                    "Expected a quoted string value for %s '%s' in filter '%s', found '%s'.", describe(key), key.name, cursor.source, token.text());
        }
        return token.text();
    }

    private static List<String> parseList(Cursor cursor, Key key) {
        if (cursor.take().kind() != Kind.LPAREN) {
            throw SlipwayException.invalidParameter(
                    "Invalid filter '%s': IN must be followed by a parenthesised list of quoted strings.", cursor.source);
        }
        List<String> values = new ArrayList<>();
        while (true) {
            Token token = cursor.take();
            if (token.kind() != Kind.SINGLE_QUOTED && token.kind() != Kind.DOUBLE_QUOTED) {
                throw SlipwayException.invalidParameter(
                        "Invalid filter '%s': the IN list for '%s' must hold quoted strings, found '%s'.", cursor.source, key.name, token.text());
            }
            values.add(token.text());
            Token separator = cursor.take();
            if (separator.kind() == Kind.RPAREN) {
                return values;
            }
            if (separator.kind() != Kind.COMMA) {
                throw SlipwayException.invalidParameter(
                        "Invalid filter '%s': expected ',' or ')' in the IN list, found '%s'.", cursor.source, separator.text());
            }
        }
    }

    private static String describe(Key key) {
        return switch (key.entity) {
            case METRIC -> "metric";
            case PARAM -> "param";
            case TAG -> "tag";
            case DATASET -> "dataset";
            case ATTRIBUTE -> key.numeric ? "numeric attribute" : "attribute";
        };
    }

    private static final class Cursor {
        final String source;
        final List<Token> tokens;
        int index;

        Cursor(String source, List<Token> tokens) {
            this.source = source;
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(index);
        }

        Token take() {
            Token token = tokens.get(index);
            if (token.kind() != Kind.END) {
                index++;
            }
            return token;
        }
    }
}
