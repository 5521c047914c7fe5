package dev.warden.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstKnownTest {
    private static final IpAddress BOTH = IpAddress.parse("10.0.0.1");
    private static final IpAddress SECOND_ONLY = IpAddress.parse("10.0.0.2");
    private static final IpAddress NEITHER = IpAddress.parse("10.0.0.3");
    private static final WorkloadIdentity FIRST = new WorkloadIdentity("lab", null, "first", null, null, Map.of());
    private static final WorkloadIdentity SECOND = new WorkloadIdentity("lab", null, "second", null, null, Map.of());

    private final List<String> asked = new ArrayList<>();
    private final WorkloadDirectory first = source -> {
        asked.add("first");
        return source.equals(BOTH) ? FIRST : null;
    };
    private final WorkloadDirectory second = source -> {
        asked.add("second");
        return source.equals(BOTH) || source.equals(SECOND_ONLY) ? SECOND : null;
    };

    @Test
    void theFirstDirectoryThatKnowsTheCallerAnswers() {
        WorkloadDirectory directory = FirstKnown.firstKnown(first, second);

        assertThat(directory.identify(BOTH)).isEqualTo(FIRST);
        assertThat(asked).containsExactly("first");
        assertThat(directory.identify(SECOND_ONLY)).isEqualTo(SECOND);
        assertThat(directory.identify(NEITHER)).isNull();
    }

    @Test
    void theOrderGivenIsTheOrderAsked() {
        assertThat(FirstKnown.firstKnown(List.of(second, first)).identify(BOTH)).isEqualTo(SECOND);
        assertThat(asked).containsExactly("second");
    }

    @Test
    void noDirectoriesKnowNoOneAndANullDirectoryIsRefused() {
        assertThat(FirstKnown.firstKnown().identify(BOTH)).isNull();
        assertThatThrownBy(() -> FirstKnown.firstKnown(first, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("directory 1");
    }
}
