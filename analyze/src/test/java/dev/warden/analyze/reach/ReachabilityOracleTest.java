package dev.warden.analyze.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Reachability#allows}, the fast path that explains nothing, against
 * {@link Reachability#verdict} on random clusters of NetworkPolicies and Cilium policies: every
 * pair of endpoints on several ports, and several addresses. The fast path is asked from parallel
 * threads, as the matrix asks it, of an instance of its own, so that what each instance works out
 * lazily is worked out under contention too.
 */
class ReachabilityOracleTest {
    private record Question(Endpoint source, Destination destination) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void allowsAgreesWithTheVerdict(long seed) {
        Cluster cluster = RandomClusters.cluster(seed, 6, 8, 40, 0.5);
        List<Question> questions = new ArrayList<>();
        for (Endpoint source : cluster.endpoints()) {
            for (PortSpec port : RandomClusters.PORTS) {
                cluster.endpoints().forEach(destination -> questions.add(new Question(source, new ToEndpoint(destination, port))));
                RandomClusters.ADDRESSES.forEach(address -> questions.add(new Question(source, new ToAddress(address, port))));
            }
        }
        Reachability explaining = Reachability.of(cluster);
        List<Boolean> verdicts = questions.stream()
                .map(question -> explaining.verdict(question.source(), question.destination()).allowed())
                .toList();
        Reachability fast = Reachability.of(cluster);
        List<Boolean> answers = IntStream.range(0, questions.size()).parallel()
                .mapToObj(i -> fast.allows(questions.get(i).source(), questions.get(i).destination()))
                .toList();

        for (int i = 0; i < questions.size(); i++) {
            assertThat(answers.get(i)).as("allows(%s, %s)", questions.get(i).source().id(), questions.get(i).destination())
                    .isEqualTo(verdicts.get(i));
        }
        assertThat(verdicts).as("the cluster allows some connections and denies others").contains(true, false);
    }
}
