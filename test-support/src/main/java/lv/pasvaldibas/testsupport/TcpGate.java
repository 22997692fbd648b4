package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port of its own in front of a server's port: while open it passes every connection through to
 * the server, while shut nothing listens on it, so a client is refused as by a server that is down.
 * For a test in which one program loses or gains a dependency (a database, Keycloak) that other
 * programs of the same environment keep using: point only that program at the gate. Starts shut.
 */
public final class TcpGate implements AutoCloseable {

    private final int port = Ports.free();
    private final int target;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listening;

    private TcpGate(int target) {
        this.target = target;
    }

    /** A shut gate to {@code 127.0.0.1:target}. */
    public static TcpGate to(int target) {
        return new TcpGate(target);
    }

    /** The gate's own port on 127.0.0.1: give clients this instead of the server's. */
    public int port() {
        return port;
    }

    /** Starts passing connections through; nothing if it is open already. */
    public synchronized TcpGate open() {
        if (listening != null) {
            return this;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listening = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the gate on port " + port, e);
        }
        ServerSocket accepting = listening;
        Thread.ofVirtual().name("gate-" + port).start(() -> accept(accepting));
        return this;
    }

    /** Refuses new connections and cuts the ones through it, as a server that went down does. */
    public synchronized void shut() {
        if (listening == null) {
            return;
        }
        closeQuietly(listening);
        listening = null;
        connections.forEach(TcpGate::closeQuietly);
        connections.clear();
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            Socket client;
            try {
                client = accepting.accept();
            } catch (IOException closed) {
                return;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            connections.add(client);
            connections.add(server);
            Thread.ofVirtual().start(() -> pass(client, server));
            Thread.ofVirtual().start(() -> pass(server, client));
        }
    }

    /** Copies one direction until either side ends, then ends both. */
    private void pass(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ended) {
            // one side closed or the gate was shut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            connections.remove(from);
            connections.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        shut();
    }
}
