package lv.pasvaldibas.directory.ldap;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.TrustManager;
import lv.pasvaldibas.directory.Dialect;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.TlsMode;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.directory.api.ldap.codec.api.DefaultConfigurableBinaryAttributeDetector;
import org.apache.directory.api.ldap.model.cursor.SearchCursor;
import org.apache.directory.api.ldap.model.entry.Attribute;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.entry.Value;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapOperationException;
import org.apache.directory.api.ldap.model.filter.FilterEncoder;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.message.SearchRequest;
import org.apache.directory.api.ldap.model.message.SearchRequestImpl;
import org.apache.directory.api.ldap.model.message.SearchResultEntry;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.message.controls.PagedResultsImpl;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.DefaultLdapConnectionFactory;
import org.apache.directory.ldap.client.api.LdapConnection;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapConnectionPool;

/**
 * One municipal directory over LDAP: a pool of connections bound as the service account for
 * searches, a separate pool for checking users' passwords, and failover across the configured
 * servers in order. A server that fails is skipped for {@link #RETRY_AFTER}; when every server is
 * skipped, calls fail at once (the directory's circuit is open) instead of waiting on timeouts.
 */
public final class LdapDirectory implements AutoCloseable {

    /** Long enough that a hung server costs a timeout only every few seconds, short enough to recover fast. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final DirectoryConfig config;
    private final Dialect dialect;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final String[] requestedAttributes;

    /** One server: its two pools and when it may be tried again after a failure. */
    private static final class Endpoint {
        final String url;
        final LdapConnectionPool searchPool;
        final LdapConnectionPool bindPool;
        volatile long downUntilNanos;
        volatile String lastError = "";

        Endpoint(String url, LdapConnectionPool searchPool, LdapConnectionPool bindPool) {
            this.url = url;
            this.searchPool = searchPool;
            this.bindPool = bindPool;
        }

        boolean up(long now) {
            return now - downUntilNanos >= 0;
        }
    }

    /** Told about every operation, for metrics; must be cheap and never throw. */
    public interface Observer {
        /**
         * @param operation search, read, bind, test or sync
         * @param nanos     time spent, failover included
         * @param outcome   "ok", "rejected" (a bind refused: wrong password, locked...) or "unavailable"
         */
        void completed(String directoryId, String operation, long nanos, String outcome);

        Observer NONE = (directoryId, operation, nanos, outcome) -> { };
    }

    private volatile Observer observer = Observer.NONE;

    public void observe(Observer observer) {
        this.observer = observer;
    }

    /** Servers currently skipped after a failure (the circuit is open for the directory when all are). */
    public int serversDown() {
        long now = System.nanoTime();
        return (int) endpoints.stream().filter(e -> !e.up(now)).count();
    }

    /** Connections lent out right now, over both pools of every server. */
    public int connectionsInUse() {
        return endpoints.stream().mapToInt(e -> e.searchPool.getNumActive() + e.bindPool.getNumActive()).sum();
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run(Endpoint endpoint) throws LdapException;
    }

    public LdapDirectory(DirectoryConfig config, Dialect dialect) {
        this.config = config;
        this.dialect = dialect;
        TrustManager[] trust;
        try {
            trust = TrustAnchors.trustManagers(config.trustAnchorsPem());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Directory " + config.id() + ": unusable trust anchors: " + e.getMessage(), e);
        }
        for (String url : config.urls()) {
            endpoints.add(new Endpoint(url, pool(url, trust, true), pool(url, trust, false)));
        }
        Set<String> attributes = new LinkedHashSet<>(List.of("*", dialect.idAttribute(), dialect.memberOfAttribute()));
        attributes.addAll(dialect.accountStateAttributes());
        attributes.addAll(config.attributeMapping().values());
        this.requestedAttributes = attributes.toArray(String[]::new);
    }

    private LdapConnectionPool pool(String url, TrustManager[] trust, boolean serviceAccount) {
        URI uri = URI.create(url);
        LdapConnectionConfig c = new LdapConnectionConfig();
        c.setLdapHost(uri.getHost());
        boolean ldaps = "ldaps".equals(uri.getScheme());
        c.setLdapPort(uri.getPort() > 0 ? uri.getPort() : ldaps ? 636 : 389);
        c.setUseSsl(ldaps);
        c.setUseTls(config.tlsMode() == TlsMode.STARTTLS);
        c.setTrustManagers(trust);
        c.setSslEndpointIdentificationAlgorithm("HTTPS");
        c.setConnectTimeout((long) config.connectTimeoutMs());
        c.setTimeout(config.responseTimeoutMs());
        DefaultConfigurableBinaryAttributeDetector binary = new DefaultConfigurableBinaryAttributeDetector();
        if (dialect.binaryId()) {
            binary.addBinaryAttribute(dialect.idAttribute());
        }
        c.setBinaryAttributeDetector(binary);
        if (serviceAccount) {
            c.setName(config.bindDn());
            c.setCredentials(config.bindSecret());
        }
        DefaultLdapConnectionFactory factory = new DefaultLdapConnectionFactory(c);
        factory.setTimeOut(config.responseTimeoutMs());
        GenericObjectPoolConfig<LdapConnection> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.poolSize());
        poolConfig.setMaxIdle(config.poolSize());
        poolConfig.setMaxWait(Duration.ofMillis(config.connectTimeoutMs() + (long) config.responseTimeoutMs()));
        poolConfig.setTestOnBorrow(true);
        PooledConnectionFactory pooled = new PooledConnectionFactory(factory, serviceAccount);
        return new LdapConnectionPool(pooled, poolConfig);
    }

    public DirectoryConfig config() {
        return config;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Finds the account a sign-in name denotes: one search over the login attributes. More than one
     * match is no match (an admin must fix the directory), so a name never reaches a second account.
     */
    public Optional<DirectoryEntry> findAccount(LoginName name) {
        String filter = accountFilter(name);
        if (filter == null) {
            return Optional.empty();
        }
        return withFailover("search", endpoint -> {
            List<DirectoryEntry> found = search(endpoint, config.usersDn(), SearchScope.SUBTREE, filter, 2);
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.<DirectoryEntry>empty();
        });
    }

    /**
     * Every account of the directory, or those changed since {@code changedSince} (by
     * modifyTimestamp), in pages of {@link #PAGE_SIZE} (RFC 2696) so that servers' size limits
     * (AD: 1,000) do not cut the result.
     */
    public void forEachAccount(java.time.Instant changedSince, java.util.function.Consumer<DirectoryEntry> action) {
        String base = config.userFilter().isEmpty() ? "(objectClass=*)" : config.userFilter();
        String filter = changedSince == null ? base
                : "(&" + base + "(modifyTimestamp>=" + GENERALIZED_TIME.format(changedSince) + "))";
        withFailover("sync", endpoint -> borrowed(endpoint.searchPool, connection -> {
            byte[] cookie = null;
            do {
                PagedResultsImpl paging = new PagedResultsImpl();
                paging.setSize(PAGE_SIZE);
                paging.setCookie(cookie);
                SearchRequest request = new SearchRequestImpl().setBase(new Dn(config.usersDn())).setScope(SearchScope.SUBTREE)
                        .setFilter(filter).addAttributes(requestedAttributes).addControl(paging);
                try (SearchCursor cursor = connection.search(request)) {
                    while (cursor.next()) {
                        if (cursor.get() instanceof SearchResultEntry result) {
                            action.accept(toEntry(result.getEntry()));
                        }
                    }
                    var done = cursor.getSearchResultDone();
                    if (done.getLdapResult().getResultCode() != ResultCodeEnum.SUCCESS) {
                        throw new LdapOperationException(done.getLdapResult().getResultCode(), "sync search failed");
                    }
                    var answer = (org.apache.directory.api.ldap.model.message.controls.PagedResults) done.getControl(PagedResultsImpl.OID);
                    cookie = answer == null || answer.getCookie() == null || answer.getCookie().length == 0 ? null : answer.getCookie();
                } catch (java.io.IOException | org.apache.directory.api.ldap.model.cursor.CursorException e) {
                    throw new LdapException(e);
                }
            } while (cookie != null);
            return null;
        }));
    }

    static final int PAGE_SIZE = 500;
    private static final java.time.format.DateTimeFormatter GENERALIZED_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Reads an account again by DN, e.g. to see whether it was disabled or deleted since import. */
    public Optional<DirectoryEntry> readAccount(String dn) {
        String filter = config.userFilter().isEmpty() ? "(objectClass=*)" : config.userFilter();
        return withFailover("read", endpoint -> {
            try {
                List<DirectoryEntry> found = search(endpoint, dn, SearchScope.OBJECT, filter, 1);
                return found.stream().findFirst();
            } catch (LdapOperationException e) {
                if (e.getResultCode() == ResultCodeEnum.NO_SUCH_OBJECT) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Checks a password with a bind as the user. An empty password is refused here: LDAP would treat it as anonymous. */
    public BindOutcome bind(String dn, String password) {
        if (password == null || password.isEmpty()) {
            return new BindOutcome(false, ResultCodeEnum.INVALID_CREDENTIALS.getResultCode(), "empty password");
        }
        return withFailover("bind", endpoint -> borrowed(endpoint.bindPool, connection -> {
                BindResponse response = connection.bind(new BindRequestImpl().setDn(new Dn(dn)).setCredentials(password));
                ResultCodeEnum code = response.getLdapResult().getResultCode();
                if (code == ResultCodeEnum.SUCCESS) {
                    return BindOutcome.SUCCESS;
                }
                if (code == ResultCodeEnum.UNAVAILABLE || code == ResultCodeEnum.BUSY || code == ResultCodeEnum.OTHER) {
                    throw new LdapException("server answered " + code);
                }
                return new BindOutcome(false, code.getResultCode(), response.getLdapResult().getDiagnosticMessage());
        }));
    }

    /** Connects, binds as the service account and reads the users' base entry: the check run on save. */
    public void testConnection() {
        withFailover("test", endpoint -> search(endpoint, config.usersDn(), SearchScope.OBJECT, "(objectClass=*)", 1));
    }

    private <T> T withFailover(String what, Operation<T> operation) {
        long start = System.nanoTime();
        String outcome = "unavailable";
        try {
            T result = tryEachServer(what, operation);
            outcome = result instanceof BindOutcome bind && !bind.success() ? "rejected" : "ok";
            return result;
        } finally {
            observer.completed(config.id(), what, System.nanoTime() - start, outcome);
        }
    }

    private <T> T tryEachServer(String what, Operation<T> operation) {
        long now = System.nanoTime();
        List<String> errors = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.up(now)) {
                errors.add(endpoint.url + ": skipped after failure (" + endpoint.lastError + ")");
                continue;
            }
            try {
                return runWithOneRetry(endpoint, operation);
            } catch (PoolBusyException e) {
                // every pooled connection was busy for the whole wait: the server is loaded, not down, and
                // marking it down would turn a burst into an outage for everyone (decision 51)
                errors.add(endpoint.url + ": all " + config.poolSize() + " connections busy");
            } catch (LdapOperationException e) {
                if (isServerFault(e.getResultCode())) {
                    markDown(endpoint, e, errors);
                } else {
                    throw new IllegalStateException("Directory " + config.id() + " refused " + what + ": " + e.getResultCode(), e);
                }
            } catch (LdapException | RuntimeException e) {
                markDown(endpoint, e, errors);
            }
        }
        throw new DirectoryUnavailableException(config.id(), String.join("; ", errors), null);
    }

    /**
     * A pooled connection may have died since its last use (server restarted, idle timeout): such a
     * failure costs one retry on a fresh connection, not the whole server.
     */
    private static <T> T runWithOneRetry(Endpoint endpoint, Operation<T> operation) throws LdapException {
        try {
            return operation.run(endpoint);
        } catch (StaleConnectionException e) {
            return operation.run(endpoint);
        }
    }

    /** A borrowed connection failed below the LDAP protocol; it has been discarded. */
    private static final class StaleConnectionException extends LdapException {
        StaleConnectionException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Runs {@code action} on a borrowed connection; a connection that broke is destroyed, not returned. */
    private static <T> T borrowed(LdapConnectionPool pool, ConnectionAction<T> action) throws LdapException {
        LdapConnection connection;
        try {
            connection = pool.getConnection();
        } catch (NoSuchElementException e) {
            // commons-pool says the same for "every connection lent out" and "a new one failed its check"
            if (pool.getNumActive() >= pool.getMaxTotal()) {
                throw new PoolBusyException();
            }
            throw e;
        }
        boolean broken = false;
        try {
            return action.run(connection);
        } catch (LdapOperationException e) {
            throw e;
        } catch (LdapException | RuntimeException e) {
            broken = true;
            throw new StaleConnectionException(e);
        } finally {
            if (broken) {
                try {
                    pool.invalidateObject(connection);
                } catch (Exception ignored) {
                    // already unusable
                }
            } else {
                pool.releaseConnection(connection);
            }
        }
    }

    /** No pooled connection came free within the pool's wait. */
    private static final class PoolBusyException extends RuntimeException {
        PoolBusyException() {
            super("all pooled connections busy", null, false, false);
        }
    }

    @FunctionalInterface
    private interface ConnectionAction<T> {
        T run(LdapConnection connection) throws LdapException;
    }

    private static boolean isServerFault(ResultCodeEnum code) {
        return code == ResultCodeEnum.UNAVAILABLE || code == ResultCodeEnum.BUSY || code == ResultCodeEnum.UNWILLING_TO_PERFORM
                || code == ResultCodeEnum.OTHER || code == ResultCodeEnum.INVALID_CREDENTIALS /* service account */;
    }

    private static void markDown(Endpoint endpoint, Exception e, List<String> errors) {
        endpoint.lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
        endpoint.downUntilNanos = System.nanoTime() + RETRY_AFTER.toNanos();
        errors.add(endpoint.url + ": " + endpoint.lastError);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private List<DirectoryEntry> search(Endpoint endpoint, String base, SearchScope scope, String filter, int sizeLimit)
            throws LdapException {
        return borrowed(endpoint.searchPool, connection -> {
            SearchRequest request = new SearchRequestImpl().setBase(new Dn(base)).setScope(scope).setFilter(filter)
                    .setSizeLimit(sizeLimit).setTimeLimit(Math.max(1, config.responseTimeoutMs() / 1000))
                    .addAttributes(requestedAttributes);
            List<DirectoryEntry> entries = new ArrayList<>();
            try (SearchCursor cursor = connection.search(request)) {
                while (cursor.next()) {
                    if (cursor.get() instanceof SearchResultEntry result) {
                        entries.add(toEntry(result.getEntry()));
                    }
                }
                ResultCodeEnum code = cursor.getSearchResultDone().getLdapResult().getResultCode();
                if (code != ResultCodeEnum.SUCCESS && code != ResultCodeEnum.SIZE_LIMIT_EXCEEDED) {
                    throw new LdapOperationException(code, "search " + code);
                }
            } catch (java.io.IOException e) {
                throw new LdapException(e);
            } catch (org.apache.directory.api.ldap.model.cursor.CursorException e) {
                throw new LdapException(e);
            }
            return entries;
        });
    }

    private DirectoryEntry toEntry(Entry entry) {
        Map<String, List<String>> attributes = new HashMap<>();
        String id = null;
        for (Attribute attribute : entry.getAttributes()) {
            String name = attribute.getUpId();
            if (name.equalsIgnoreCase(dialect.idAttribute())) {
                Value value = attribute.get();
                id = dialect.binaryId() ? guid(value.getBytes()) : value.getString();
                continue;
            }
            if (!attribute.isHumanReadable() || name.equalsIgnoreCase("userPassword")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Value v : attribute) {
                values.add(v.getString());
            }
            attributes.put(name, List.copyOf(values));
        }
        return new DirectoryEntry(entry.getDn().getName(), id, Map.copyOf(attributes));
    }

    /** AD stores a GUID's first three fields little-endian; this prints it as AD tools do. */
    static String guid(byte[] b) {
        if (b == null || b.length != 16) {
            return null;
        }
        long msb = ((b[3] & 0xffL) << 56) | ((b[2] & 0xffL) << 48) | ((b[1] & 0xffL) << 40) | ((b[0] & 0xffL) << 32)
                | ((b[5] & 0xffL) << 24) | ((b[4] & 0xffL) << 16) | ((b[7] & 0xffL) << 8) | (b[6] & 0xffL);
        long lsb = 0;
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (b[i] & 0xffL);
        }
        return new UUID(msb, lsb).toString();
    }

    /**
     * {@code (&(userFilter)(|(loginAttr=value)...))} with every value escaped (RFC 4515). Attributes
     * that hold whole addresses (mail, userPrincipalName) are matched against the name as typed;
     * the others against the account part. Null when no attribute applies to this form of name.
     */
    String accountFilter(LoginName name) {
        StringBuilder any = new StringBuilder("(|");
        for (String attribute : config.loginAttributes()) {
            boolean wholeAddress = attribute.equalsIgnoreCase("mail") || attribute.equalsIgnoreCase("userPrincipalName");
            if (wholeAddress && name.kind() != LoginName.Kind.QUALIFIED) {
                continue;
            }
            String value = wholeAddress ? name.account() + "@" + name.domain() : name.account();
            any.append('(').append(attribute).append('=').append(FilterEncoder.encodeFilterValue(value)).append(')');
        }
        if (any.length() == 2) {
            return null;
        }
        any.append(')');
        String userFilter = config.userFilter();
        return userFilter.isEmpty() ? any.toString() : "(&" + userFilter + any + ")";
    }

    @Override
    public void close() {
        for (Endpoint endpoint : endpoints) {
            endpoint.searchPool.close();
            endpoint.bindPool.close();
        }
    }

    @Override
    public String toString() {
        return "LdapDirectory[" + config.id() + " " + config.urls() + "]";
    }

    /** For health views: per server URL, the last error, empty when healthy. */
    public Map<String, String> serverErrors() {
        long now = System.nanoTime();
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        endpoints.forEach(e -> errors.put(e.url, e.up(now) ? "" : e.lastError));
        return errors;
    }
}
