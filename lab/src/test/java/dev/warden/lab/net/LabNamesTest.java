package dev.warden.lab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabNamesTest {
    @Test
    void namesFitAnInterfaceNameAndShareThePrefix() {
        LabNames names = LabNames.random();
        assertThat(names.all()).hasSize(5).doesNotHaveDuplicates().allSatisfy(name -> {
            assertThat(name).startsWith(LabNames.PREFIX).hasSizeLessThanOrEqualTo(15);
            assertThat(LabNames.isLabNamespace(name)).isTrue();
        });
    }

    @Test
    void onlyTheLabShapeCountsAsALabNamespace() {
        assertThat(LabNames.isLabNamespace("wdn-lab-00af-pd")).isTrue();
        assertThat(LabNames.isLabNamespace("wdn-pod-abc123")).isFalse();
        assertThat(LabNames.isLabNamespace("wdn-lab-00af-pd-x")).isFalse();
        assertThat(LabNames.isLabNamespace("cni-1234")).isFalse();
    }

    @Test
    void aSuffixIsFourHexDigits() {
        assertThatThrownBy(() -> new LabNames("xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LabNames("0a1b").pod()).isEqualTo("wdn-lab-0a1b-pd");
    }

    @Test
    void parsesIpNetnsList() {
        assertThat(LabNames.parseNetnsList("wdn-lab-00af-nd (id: 3)\nother\n\n  wdn-lab-00af-pd (id: 2)\n"))
                .containsExactly("wdn-lab-00af-nd", "other", "wdn-lab-00af-pd");
    }
}
