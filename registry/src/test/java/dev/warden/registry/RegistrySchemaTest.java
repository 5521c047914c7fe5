package dev.warden.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.AuditNeed;
import dev.warden.model.registry.Availability;
import dev.warden.model.registry.Cni;
import dev.warden.model.registry.DataClassification;
import dev.warden.model.registry.DefaultEgress;
import dev.warden.model.registry.DependencyClass;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.LabelOperator;
import dev.warden.model.registry.MeshKind;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.ReviewCadence;
import dev.warden.model.registry.TlsVerify;
import dev.warden.model.registry.Transport;
import dev.warden.model.registry.WireName;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schema and the model's enums spell every closed set the same way. */
class RegistrySchemaTest {
    private static final String DEPENDENCY = "/$defs/EgressDependency/properties/spec/properties/";
    private static final String POSTURE = "/$defs/EgressPosture/properties/spec/properties/";

    static Stream<Arguments> closedSets() {
        return Stream.of(
                Arguments.of(DEPENDENCY + "class/enum", DependencyClass.class),
                Arguments.of(DEPENDENCY + "protocol/enum", AppProtocol.class),
                Arguments.of(DEPENDENCY + "path/enum", EgressPath.class),
                Arguments.of(DEPENDENCY + "dataClassification/enum", DataClassification.class),
                Arguments.of(DEPENDENCY + "tls/properties/verify/enum", TlsVerify.class),
                Arguments.of(DEPENDENCY + "availability/enum", Availability.class),
                Arguments.of(DEPENDENCY + "audit/items/enum", AuditNeed.class),
                Arguments.of(DEPENDENCY + "review/properties/cadence/enum", ReviewCadence.class),
                Arguments.of(DEPENDENCY + "mode/enum", Mode.class),
                Arguments.of(POSTURE + "defaultEgress/enum", DefaultEgress.class),
                Arguments.of(POSTURE + "cni/enum", Cni.class),
                Arguments.of(POSTURE + "mesh/properties/kind/enum", MeshKind.class),
                Arguments.of("/$defs/port/properties/protocol/enum", Transport.class),
                Arguments.of("/$defs/labelSelector/properties/matchExpressions/items/properties/operator/enum",
                        LabelOperator.class));
    }

    @ParameterizedTest(name = "{0} lists {1}")
    @MethodSource("closedSets")
    void theSchemaEnumMatchesTheModelEnum(String pointer, Class<? extends WireName> type) throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RegistrySchema.RESOURCE)) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> inSchema = new ArrayList<>();
        schema.at(pointer).forEach(value -> inSchema.add(value.asText()));

        List<String> inModel = Arrays.stream(type.getEnumConstants()).map(WireName::wireName).toList();

        assertThat(inSchema).isNotEmpty().containsExactlyElementsOf(inModel);
    }
}
