package lv.pasvaldibas.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortsTest {

    private static int ephemeralStart() throws Exception {
        try (var lines = Files.lines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            int start = Integer.parseInt(lines.findFirst().orElseThrow().split("\\s+")[0]);
            assertThat(Ports.ephemeralRangeStart()).isEqualTo(start);
            return start;
        }
    }

    @Test
    void portsAreBelowTheKernelsEphemeralRangeAndNeverHandedOutTwice() throws Exception {
        int ephemeral = ephemeralStart();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.free();
            assertThat(port).isLessThan(ephemeral).isGreaterThanOrEqualTo(12000);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void anOffsetMovesEveryPortBelowTheEphemeralRangeAndClearOfSinglePorts() throws Exception {
        int ephemeral = ephemeralStart();
        int[] wildFly = {8080, 8443, 8009, 9990, 9993, 4712, 4713};
        Set<Integer> single = new HashSet<>();
        IntStream.range(0, 100).forEach(i -> single.add(Ports.free()));
        for (int i = 0; i < 20; i++) {
            int offset = Ports.freeOffset(wildFly);
            for (int port : wildFly) {
                assertThat(port + offset).isLessThan(ephemeral).isGreaterThanOrEqualTo(12000);
                assertThat(single.add(port + offset)).as("port %d handed out twice", port + offset).isTrue();
            }
        }
    }
}
