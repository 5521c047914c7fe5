package dev.warden.analyze.read;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds JSON trees of the kinds the analyzer reads to fabric8's model classes, as strictly as the
 * API server decodes them: a quoted number is not an integer and a number is not a string there,
 * so a manifest Jackson would quietly coerce is one the cluster would reject.
 */
final class Binder {
    /** {@code apiVersion/kind} → model class, for the kinds the analyzer reads. */
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("apps/v1/DaemonSet", DaemonSet.class),
            Map.entry("apps/v1/ReplicaSet", ReplicaSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

    /** Thrown with a message naming the field and what was wrong with it. */
    static final class BindingException extends Exception {
        BindingException(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper;

    Binder() {
        JsonMapper.Builder builder = JsonMapper.builder().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            builder.withCoercionConfig(scalar, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
        }
        builder.withCoercionConfig(LogicalType.Boolean, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
        mapper = builder.build();
    }

    /** The model class for {@code apiVersion/kind}, if the analyzer reads that kind. */
    static Optional<Class<?>> type(String apiVersion, String kind) {
        return Optional.ofNullable(TYPES.get(apiVersion + "/" + kind));
    }

    <T> T bind(JsonNode tree, Class<T> type) throws BindingException {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new BindingException(describe(tree, e));
        } catch (IOException e) {
            throw new BindingException(firstLine(e.getMessage()));
        }
    }

    private static String describe(JsonNode tree, JsonMappingException e) {
        List<Object> steps = new ArrayList<>();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                steps.add(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                steps.add(step.getIndex());
            }
        }
        String path = FieldPath.of(steps);
        JsonNode found = tree.at(FieldPath.pointer(steps));
        if (path.isEmpty() || found.isMissingNode() || !(e instanceof MismatchedInputException mismatch)
                || mismatch.getTargetType() == null) {
            return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage());
        }
        return path + ": expected " + expected(mismatch.getTargetType()) + ", found " + describe(found);
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        } else if (type == String.class) {
            return "a string";
        } else if (type == IntOrString.class) {
            return "an integer or a string";
        } else if (type == Quantity.class) {
            return "a quantity";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    /** A value as a message names it: "the string \"three\"", "a list". */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case STRING -> "the string \"" + node.textValue() + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN, NULL -> node.asText();
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        return message == null ? "cannot be read" : message.lines().findFirst().orElse("").strip();
    }
}
