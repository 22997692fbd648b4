package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Free ports for test servers, never the platform's fixed development ports.
 * <p>
 * Chosen below the kernel's ephemeral range: a port asked of the kernel ({@code bind(0)}) comes from
 * that range, and between choosing it and the server binding it, any outgoing connection (a JDBC pool
 * filling, a health poll) may be given the same number as its local port; the server then fails with
 * "Address already in use". Below the range nothing is handed out by the kernel. A port is never
 * handed out twice in one JVM, so two servers of one test never get the same one.
 */
public final class Ports {

    private static final Set<Integer> PLATFORM_PORTS = Set.of(8080, 9000, 8180, 8280, 8380, 15432, 10389, 10636, 7800, 10090);
    private static final int LOWEST = 12000;
    private static final int ABOVE_HIGHEST = ephemeralRangeStart();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ABOVE_HIGHEST);
            if (!PLATFORM_PORTS.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port found between " + LOWEST + " and " + ABOVE_HIGHEST);
    }

    /**
     * An offset that moves every one of {@code defaultPorts} to a free port (as {@link #free()}
     * chooses them), for servers configured by one port offset such as WildFly.
     */
    public static int freeOffset(int... defaultPorts) {
        int lowest = IntStream.of(defaultPorts).min().orElseThrow();
        int highest = IntStream.of(defaultPorts).max().orElseThrow();
        for (int attempt = 0; attempt < 500; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(LOWEST - lowest, ABOVE_HIGHEST - highest);
            if (IntStream.of(defaultPorts).map(p -> p + offset).allMatch(p -> !PLATFORM_PORTS.contains(p) && !HANDED_OUT.contains(p) && bindable(p))) {
                IntStream.of(defaultPorts).forEach(p -> HANDED_OUT.add(p + offset));
                return offset;
            }
        }
        throw new IllegalStateException("No port offset found with all of " + java.util.Arrays.toString(defaultPorts) + " free");
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bindable on every address, as servers listening on 0.0.0.0 need it. */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first port of {@code ip_local_port_range} (32768 on Linux by default). Read by lines:
     * {@code Files.readString} trusts the size procfs reports and returns only the first character.
     */
    static int ephemeralRangeStart() {
        try {
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
