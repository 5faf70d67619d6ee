package io.slipway.core.tracking.search;

import static io.slipway.core.testing.SlipwayAssertions.assertInvalidParameter;
import static io.slipway.core.tracking.search.SearchGrammar.EXPERIMENTS;
import static io.slipway.core.tracking.search.SearchGrammar.RUNS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchGrammarTest {
    private static Comparison onlyClause(String filter) {
        List<Comparison> clauses = RUNS.parseFilter(filter);
        assertThat(clauses).hasSize(1);
        return clauses.get(0);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRunFilterRejected(String filter) {
        return assertInvalidParameter(() -> RUNS.parseFilter(filter));
    }

    private static Comparison clause(SearchEntity entity, String key, Comparator comparator, Object value) {
        return new Comparison(entity, key, comparator, value);
    }

    @Nested
    class EntityPrefixes {
        @ParameterizedTest
        @ValueSource(strings = {"metric", "metrics"})
        void readsMetricPrefixes(String prefix) {
            assertThat(onlyClause(prefix + ".acc > 0.5")).isEqualTo(clause(SearchEntity.METRIC, "acc", Comparator.GT, 0.5));
        }

        @ParameterizedTest
        @ValueSource(strings = {"param", "params", "parameter", "parameters"})
        void readsParamPrefixes(String prefix) {
            assertThat(onlyClause(prefix + ".lr = '0.01'")).isEqualTo(clause(SearchEntity.PARAM, "lr", Comparator.EQ, "0.01"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tag", "tags"})
        void readsTagPrefixes(String prefix) {
            assertThat(onlyClause(prefix + ".team = 'vision'")).isEqualTo(clause(SearchEntity.TAG, "team", Comparator.EQ, "vision"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"attribute", "attributes", "attr", "run"})
        void readsAttributePrefixes(String prefix) {
            assertThat(onlyClause(prefix + ".status = 'FINISHED'"))
                    .isEqualTo(clause(SearchEntity.ATTRIBUTE, "status", Comparator.EQ, "FINISHED"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"dataset", "datasets"})
        void readsDatasetPrefixes(String prefix) {
            assertThat(onlyClause(prefix + ".name = 'train'")).isEqualTo(clause(SearchEntity.DATASET, "name", Comparator.EQ, "train"));
        }

        @Test
        void readsPrefixesCaseInsensitively() {
            assertThat(onlyClause("METRICS.acc > 1")).isEqualTo(clause(SearchEntity.METRIC, "acc", Comparator.GT, 1.0));
        }

        @Test
        void treatsAnUnprefixedKeyAsAnAttribute() {
            assertThat(onlyClause("status = 'RUNNING'")).isEqualTo(clause(SearchEntity.ATTRIBUTE, "status", Comparator.EQ, "RUNNING"));
        }

        @Test
        void rejectsUnknownPrefixNamingTheValidOnes() {
            assertRunFilterRejected("metricz.acc > 1")
                    .hasMessageContaining("Invalid entity type 'metricz'")
                    .hasMessageContaining("metrics")
                    .hasMessageContaining("datasets");
        }

        @ParameterizedTest
        @ValueSource(strings = {"name", "digest", "context"})
        void readsEveryDatasetField(String field) {
            assertThat(onlyClause("datasets." + field + " = 'x'").key()).isEqualTo(field);
        }

        @Test
        void rejectsUnknownDatasetField() {
            assertRunFilterRejected("datasets.size = 'x'").hasMessageContaining("Invalid dataset key 'size'");
        }
    }

    @Nested
    class QuotedKeys {
        @Test
        void readsDoubleQuotedKeyWithSpace() {
            assertThat(onlyClause("metrics.\"f1 score\" >= 0.9")).isEqualTo(clause(SearchEntity.METRIC, "f1 score", Comparator.GE, 0.9));
        }

        @Test
        void readsBacktickedKeyWithDash() {
            assertThat(onlyClause("params.`my-key` = 'x'")).isEqualTo(clause(SearchEntity.PARAM, "my-key", Comparator.EQ, "x"));
        }

        @Test
        void keepsDotsInsideQuotedKey() {
            assertThat(onlyClause("tags.`mlflow.note.content` = 'x'").key()).isEqualTo("mlflow.note.content");
        }

        @Test
        void splitsDottedTagKeyOnTheFirstDot() {
            assertThat(onlyClause("tags.mlflow.parentRunId = 'abc'"))
                    .isEqualTo(clause(SearchEntity.TAG, "mlflow.parentRunId", Comparator.EQ, "abc"));
        }

        @Test
        void rejectsEmptyKeyAfterPrefix() {
            assertRunFilterRejected("metrics. > 1").hasMessageContaining("the key after 'metrics.' is empty");
        }

        @Test
        void rejectsEmptyQuotedKeyAfterPrefix() {
            assertRunFilterRejected("params.\"\" = 'x'").hasMessageContaining("the key after 'params.' is empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\" = 'x'", "`` = 'x'"})
        void rejectsEmptyQuotedKeyWithoutPrefix(String filter) {
            assertRunFilterRejected(filter).hasMessageContaining("is empty").hasMessageNotContaining("null");
        }

        @Test
        void rejectsUnterminatedQuotedKey() {
            assertRunFilterRejected("params.`my-key = 'x'").hasMessageContaining("never closed");
        }
    }

    @Nested
    class RunAttributes {
        @ParameterizedTest
        @ValueSource(strings = {"created", "Created"})
        void readsCreatedAsStartTime(String alias) {
            assertThat(onlyClause("attributes." + alias + " > 100"))
                    .isEqualTo(clause(SearchEntity.ATTRIBUTE, "start_time", Comparator.GT, 100.0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"attributes.\"run name\"", "attributes.`Run Name`", "attributes.`Run name`", "\"run name\"", "run_name"})
        void readsRunNameAliases(String key) {
            assertThat(onlyClause(key + " = 'brave-otter-1'"))
                    .isEqualTo(clause(SearchEntity.ATTRIBUTE, "run_name", Comparator.EQ, "brave-otter-1"));
        }

        @Test
        void readsRunUuidAsRunId() {
            assertThat(onlyClause("attributes.run_uuid = 'abc'")).isEqualTo(clause(SearchEntity.ATTRIBUTE, "run_id", Comparator.EQ, "abc"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage"})
        void readsStringAttributes(String attribute) {
            assertThat(onlyClause("attributes." + attribute + " = 'x'").key()).isEqualTo(attribute);
            assertThat(RUNS.isNumericAttribute(attribute)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"start_time", "end_time"})
        void readsNumericAttributes(String attribute) {
            assertThat(onlyClause("attributes." + attribute + " <= 5")).isEqualTo(clause(SearchEntity.ATTRIBUTE, attribute, Comparator.LE, 5.0));
            assertThat(RUNS.isNumericAttribute(attribute)).isTrue();
        }

        @Test
        void rejectsUnknownAttributeNamingTheValidOnes() {
            assertRunFilterRejected("attributes.colour = 'red'")
                    .hasMessageContaining("Invalid attribute key 'colour'")
                    .hasMessageContaining("run_name");
        }

        @Test
        void matchesAliasesCaseSensitively() {
            assertRunFilterRejected("attributes.`RUN NAME` = 'x'").hasMessageContaining("Invalid attribute key 'RUN NAME'");
        }
    }

    @Nested
    class Comparators {
        @ParameterizedTest
        @CsvSource({"=, EQ", "!=, NE", "<>, NE", ">, GT", ">=, GE", "<, LT", "<=, LE"})
        void comparesMetricsNumerically(String symbol, Comparator expected) {
            assertThat(onlyClause("metrics.acc " + symbol + " 1").comparator()).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"LIKE", "ILIKE", "IN"})
        void rejectsStringComparatorsOnMetrics(String comparator) {
            assertRunFilterRejected("metrics.acc " + comparator + " '1'")
                    .hasMessageContaining("Invalid comparator '" + comparator + "' for metric key 'acc'");
        }

        @ParameterizedTest
        @CsvSource({"=, EQ", "!=, NE", "LIKE, LIKE", "ILIKE, ILIKE", "like, LIKE", "ilike, ILIKE"})
        void comparesParamsAndTagsAsStrings(String symbol, Comparator expected) {
            assertThat(onlyClause("params.optimizer " + symbol + " 'ad%'").comparator()).isEqualTo(expected);
            assertThat(onlyClause("tags.team " + symbol + " 'vis%'").comparator()).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {">", ">=", "<", "<="})
        void rejectsOrderingComparatorsOnParams(String symbol) {
            assertRunFilterRejected("params.lr " + symbol + " '0.1'").hasMessageContaining("Invalid comparator '" + symbol + "' for param key 'lr'");
        }

        @Test
        void rejectsOrderingComparatorOnTags() {
            assertRunFilterRejected("tags.team > 'a'").hasMessageContaining("Invalid comparator '>' for tag key 'team'");
        }

        @Test
        void readsInListForRunId() {
            assertThat(onlyClause("attributes.run_id IN ('a', \"b\")"))
                    .isEqualTo(clause(SearchEntity.ATTRIBUTE, "run_id", Comparator.IN, List.of("a", "b")));
        }

        @Test
        void readsNotInListForRunIdCaseInsensitively() {
            assertThat(onlyClause("run_id not in ('a')")).isEqualTo(clause(SearchEntity.ATTRIBUTE, "run_id", Comparator.NOT_IN, List.of("a")));
        }

        @Test
        void readsInListForRunUuidAlias() {
            assertThat(onlyClause("attributes.run_uuid IN ('a')").key()).isEqualTo("run_id");
        }

        @Test
        void readsInListForDatasetFields() {
            assertThat(onlyClause("datasets.digest NOT IN ('d1', 'd2')"))
                    .isEqualTo(clause(SearchEntity.DATASET, "digest", Comparator.NOT_IN, List.of("d1", "d2")));
        }

        @Test
        void rejectsInForParams() {
            assertRunFilterRejected("params.lr IN ('0.1')").hasMessageContaining("Invalid comparator 'IN' for param key 'lr'");
        }

        @Test
        void rejectsInForOtherStringAttributes() {
            assertRunFilterRejected("attributes.status IN ('FINISHED')")
                    .hasMessageContaining("Invalid comparator 'IN' for attribute key 'status'");
        }

        @Test
        void rejectsLikeOnNumericAttribute() {
            assertRunFilterRejected("attributes.start_time LIKE '1%'")
                    .hasMessageContaining("Invalid comparator 'LIKE' for numeric attribute key 'start_time'");
        }

        @Test
        void rejectsOrderingComparatorOnDatasetField() {
            assertRunFilterRejected("datasets.name > 'a'").hasMessageContaining("Invalid comparator '>' for dataset key 'name'");
        }

        @Test
        void rejectsMissingComparator() {
            assertRunFilterRejected("params.lr '0.1'").hasMessageContaining("Expected a comparison operator");
        }

        @Test
        void rejectsLoneExclamationMark() {
            assertRunFilterRejected("params.lr ! '0.1'").hasMessageContaining("'!' must be followed by '='");
        }

        @Test
        void rejectsInWithoutParenthesisedList() {
            assertRunFilterRejected("run_id IN 'a'").hasMessageContaining("IN must be followed by a parenthesised list");
        }

        @Test
        void rejectsEmptyInList() {
            assertRunFilterRejected("run_id IN ()").hasMessageContaining("must hold quoted strings, found ')'");
        }

        @Test
        void rejectsUnquotedInListItem() {
            assertRunFilterRejected("run_id IN (1)").hasMessageContaining("must hold quoted strings, found '1'");
        }

        @Test
        void rejectsInListWithoutCommas() {
            assertRunFilterRejected("run_id IN ('a' 'b')").hasMessageContaining("expected ',' or ')' in the IN list");
        }
    }

    @Nested
    class Values {
        @ParameterizedTest
        @CsvSource({"42, 42.0", "-1.5, -1.5", "+2, 2.0", "1e-3, 0.001", "1E+3, 1000.0", ".5, 0.5", "-.25, -0.25"})
        void readsNumbers(String literal, double expected) {
            assertThat(onlyClause("metrics.loss > " + literal).numberValue()).isEqualTo(expected);
        }

        @Test
        void readsNumberWrittenRightAfterOperator() {
            assertThat(onlyClause("metrics.loss<-1").numberValue()).isEqualTo(-1.0);
        }

        @Test
        void rejectsQuotedNumberForMetric() {
            assertRunFilterRejected("metrics.acc = '0.5'").hasMessageContaining("Expected a numeric value for metric 'acc'");
        }

        @Test
        void rejectsQuotedNumberForNumericAttribute() {
            assertRunFilterRejected("attributes.start_time > '5'").hasMessageContaining("Expected a numeric value for numeric attribute 'start_time'");
        }

        @Test
        void rejectsMalformedNumber() {
            assertRunFilterRejected("metrics.acc > 1.2.3").hasMessageContaining("Invalid number '1.2.3'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1d", "2f", "3D", "0x1p3"})
        void rejectsJavaNumberSuffixes(String literal) {
            assertRunFilterRejected("metrics.acc > " + literal).hasMessageContaining("Invalid number '" + literal + "'");
        }

        @Test
        void rejectsUnquotedNumberForParam() {
            assertRunFilterRejected("params.lr = 0.01").hasMessageContaining("Expected a quoted string value for param 'lr'");
        }

        @Test
        void rejectsBareWordForTag() {
            assertRunFilterRejected("tags.team = vision").hasMessageContaining("Expected a quoted string value for tag 'team'").hasMessageEndingWith("found 'vision'.");
        }

        @Test
        void readsDoubleQuotedStringValue() {
            assertThat(onlyClause("params.optimizer = \"adam\"").stringValue()).isEqualTo("adam");
        }

        @Test
        void readsDoubledSingleQuoteAsOneQuote() {
            assertThat(onlyClause("tags.note = 'it''s done'").stringValue()).isEqualTo("it's done");
        }

        @Test
        void readsDoubledDoubleQuoteAsOneQuote() {
            assertThat(onlyClause("tags.note = \"say \"\"hi\"\"\"").stringValue()).isEqualTo("say \"hi\"");
        }

        @Test
        void readsBackslashEscapedQuote() {
            assertThat(onlyClause("tags.note = 'it\\'s'").stringValue()).isEqualTo("it's");
        }

        @Test
        void keepsOtherQuoteKindInsideString() {
            assertThat(onlyClause("tags.note = '\"quoted\"'").stringValue()).isEqualTo("\"quoted\"");
        }

        @Test
        void rejectsUnterminatedString() {
            assertRunFilterRejected("params.lr = '0.1").hasMessageContaining("the quote opened at position 12 is never closed");
        }
    }

    @Nested
    class FilterStructure {
        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   ", "\t\n"})
        void readsNullOrBlankFilterAsNoClauses(String filter) {
            assertThat(RUNS.parseFilter(filter)).isEmpty();
            assertThat(EXPERIMENTS.parseFilter(filter)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"AND", "and", "And"})
        void joinsClausesWithAndInAnyCase(String and) {
            assertThat(RUNS.parseFilter("metrics.acc > 0.5 " + and + " params.lr = '0.1' " + and + " tags.team = 'x'"))
                    .extracting(Comparison::entity)
                    .containsExactly(SearchEntity.METRIC, SearchEntity.PARAM, SearchEntity.TAG);
        }

        @Test
        void rejectsOr() {
            assertRunFilterRejected("metrics.acc > 0.5 OR params.lr = '0.1'")
                    .hasMessageContaining("Clauses can only be joined by AND; found 'OR'");
        }

        @Test
        void rejectsParentheses() {
            assertRunFilterRejected("(metrics.acc > 0.5)").hasMessageContaining("expected a key such as metrics.accuracy at position 0, found '('");
        }

        @Test
        void rejectsTrailingJunk() {
            assertRunFilterRejected("metrics.acc > 0.5 extra").hasMessageContaining("found 'extra'");
        }

        @Test
        void rejectsDanglingAnd() {
            assertRunFilterRejected("metrics.acc > 0.5 AND").hasMessageContaining("expected a key");
        }

        @Test
        void rejectsUnexpectedCharacter() {
            assertRunFilterRejected("params.lr = '0.1'; drop").hasMessageContaining("unexpected character ';' at position 17");
        }

        @Test
        void quotesTheWholeFilterInMessages() {
            assertRunFilterRejected("metrics.acc ~ 1").hasMessageContaining("'metrics.acc ~ 1'");
        }
    }

    @Nested
    class RunOrderBy {
        @Test
        void ordersAscendingByDefault() {
            assertThat(RUNS.parseOrderBy("metrics.acc")).isEqualTo(new OrderBy(SearchEntity.METRIC, "acc", true));
        }

        @ParameterizedTest
        @CsvSource({"ASC, true", "asc, true", "DESC, false", "desc, false"})
        void readsDirectionInAnyCase(String direction, boolean ascending) {
            assertThat(RUNS.parseOrderBy("params.lr " + direction)).isEqualTo(new OrderBy(SearchEntity.PARAM, "lr", ascending));
        }

        @Test
        void ordersByQuotedKey() {
            assertThat(RUNS.parseOrderBy("metrics.`f1 score` DESC")).isEqualTo(new OrderBy(SearchEntity.METRIC, "f1 score", false));
        }

        @Test
        void ordersByAttributeAlias() {
            assertThat(RUNS.parseOrderBy("created DESC")).isEqualTo(new OrderBy(SearchEntity.ATTRIBUTE, "start_time", false));
        }

        @Test
        void ordersByTag() {
            assertThat(RUNS.parseOrderBy("tags.mlflow.runName")).isEqualTo(new OrderBy(SearchEntity.TAG, "mlflow.runName", true));
        }

        @Test
        void rejectsUnknownDirection() {
            assertInvalidParameter(() -> RUNS.parseOrderBy("metrics.acc DOWN"))
                    .hasMessageContaining("expected ASC or DESC after the key, found 'DOWN'");
        }

        @Test
        void rejectsTokensAfterDirection() {
            assertInvalidParameter(() -> RUNS.parseOrderBy("metrics.acc DESC, params.lr"))
                    .hasMessageContaining("unexpected ',' after the direction");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void rejectsEmptyClause(String clause) {
            assertInvalidParameter(() -> RUNS.parseOrderBy(clause)).hasMessageContaining("it is empty");
        }

        @Test
        void rejectsDatasetKeys() {
            assertInvalidParameter(() -> RUNS.parseOrderBy("datasets.name")).hasMessageContaining("dataset keys cannot be ordered by here");
        }

        @Test
        void rejectsUnknownAttribute() {
            assertInvalidParameter(() -> RUNS.parseOrderBy("attributes.colour")).hasMessageContaining("Invalid attribute key 'colour' in order_by clause");
        }
    }

    @Nested
    class Experiments {
        private AbstractThrowableAssert<?, ? extends Throwable> assertExperimentFilterRejected(String filter) {
            return assertInvalidParameter(() -> EXPERIMENTS.parseFilter(filter));
        }

        @ParameterizedTest
        @ValueSource(strings = {"name", "attribute.name"})
        void filtersByName(String key) {
            assertThat(EXPERIMENTS.parseFilter(key + " LIKE 'vision-%'"))
                    .containsExactly(clause(SearchEntity.ATTRIBUTE, "name", Comparator.LIKE, "vision-%"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tag", "tags"})
        void filtersByTag(String prefix) {
            assertThat(EXPERIMENTS.parseFilter(prefix + ".team = 'ml'")).containsExactly(clause(SearchEntity.TAG, "team", Comparator.EQ, "ml"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"creation_time", "last_update_time"})
        void filtersByTimesNumerically(String attribute) {
            assertThat(EXPERIMENTS.parseFilter("attribute." + attribute + " >= 1700000000000"))
                    .containsExactly(clause(SearchEntity.ATTRIBUTE, attribute, Comparator.GE, 1.7e12));
            assertThat(EXPERIMENTS.isNumericAttribute(attribute)).isTrue();
        }

        @Test
        void rejectsPluralAttributesPrefix() {
            assertExperimentFilterRejected("attributes.name = 'x'").hasMessageContaining("Invalid entity type 'attributes'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"metrics.acc > 1", "params.lr = 'x'", "datasets.name = 'x'"})
        void rejectsRunOnlyPrefixes(String filter) {
            assertExperimentFilterRejected(filter).hasMessageContaining("Invalid entity type");
        }

        @Test
        void rejectsRunAttributes() {
            assertExperimentFilterRejected("status = 'FINISHED'")
                    .hasMessageContaining("Invalid attribute key 'status'")
                    .hasMessageContaining("[creation_time, experiment_id, last_update_time, name]");
        }

        @Test
        void rejectsRunAttributeAliases() {
            assertExperimentFilterRejected("created > 1").hasMessageContaining("Invalid attribute key 'created'");
        }

        @ParameterizedTest
        @CsvSource({"name, name, true", "attribute.creation_time DESC, creation_time, false", "experiment_id ASC, experiment_id, true",
                "last_update_time desc, last_update_time, false"})
        void ordersByAttributes(String clause, String key, boolean ascending) {
            assertThat(EXPERIMENTS.parseOrderBy(clause)).isEqualTo(new OrderBy(SearchEntity.ATTRIBUTE, key, ascending));
        }

        @Test
        void rejectsOrderByTag() {
            assertInvalidParameter(() -> EXPERIMENTS.parseOrderBy("tags.team")).hasMessageContaining("tag keys cannot be ordered by here");
        }

        @Test
        void rejectsOrderByPluralAttributesPrefix() {
            assertInvalidParameter(() -> EXPERIMENTS.parseOrderBy("attributes.name DESC"))
                    .hasMessageContaining("Invalid entity type 'attributes' in order_by clause");
        }
    }
}
