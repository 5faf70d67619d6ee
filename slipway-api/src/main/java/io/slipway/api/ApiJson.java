package io.slipway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON mapping of Slipway's wire API, shared by server and client. It follows the proto3
 * JSON mapping that MLflow speaks: snake_case names (lowerCamel accepted too), int64 as a number
 * or a string, non-finite doubles as "NaN"/"Infinity" strings, enums by name, unset fields
 * omitted. It is strict where a silent coercion would hide a client bug: a number is not a
 * string and 1.5 is not an integer.
 */
public final class ApiJson {
    private ApiJson() {}

    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .annotationIntrospector(new CamelCaseAliases())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                // Schubfach/FastDoubleParser instead of the JDK's: metric values dominate ingest and history
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.registerModule(new SimpleModule("slipway-strings").addDeserializer(String.class, new NoNulStrings()));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Strings with NUL characters are refused at the door: PostgreSQL cannot store them, and no
     * name, value or path legitimately holds one.
     */
    private static final class NoNulStrings extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;
        private final StringDeserializer delegate = StringDeserializer.instance;

        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = delegate.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, "NUL characters are not allowed in strings", value, String.class);
            }
            return value;
        }
    }

    /** Accepts each property under its Java (lowerCamel) name as well as its snake_case wire name. */
    private static final class CamelCaseAliases extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public List<PropertyName> findPropertyAliases(Annotated annotated) {
            List<PropertyName> aliases = super.findPropertyAliases(annotated);
            String name = null;
            if (annotated instanceof AnnotatedField field) {
                name = field.getName();
            } else if (annotated instanceof AnnotatedParameter parameter && parameter.getOwner().getDeclaringClass().isRecord()) {
                var components = parameter.getOwner().getDeclaringClass().getRecordComponents();
                if (parameter.getIndex() < components.length) {
                    name = components[parameter.getIndex()].getName();
                }
            }
            if (name == null || name.chars().noneMatch(Character::isUpperCase)) {
                return aliases;
            }
            List<PropertyName> all = aliases == null ? new ArrayList<>() : new ArrayList<>(aliases);
            all.add(PropertyName.construct(name));
            return all;
        }
    }
}
