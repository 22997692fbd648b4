package lv.pasvaldibas.directory.ldap;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.ldap.client.api.DefaultLdapConnectionFactory;
import org.apache.directory.ldap.client.api.LdapConnection;

/**
 * Makes pooled connections and sends no LDAP operation when they are borrowed or returned. The
 * library's own pool factories re-bind on return or look up the root DSE on borrow: one or two
 * more operations per sign-in, against a target of one search and one bind.
 * <p>
 * A search connection is bound once, as the service account, when it is made, and is only used for
 * searches. A bind connection is re-bound as each user whose password it checks; no search ever runs
 * on it, so whom it is bound as when idle does not matter.
 */
final class PooledConnectionFactory extends BasePooledObjectFactory<LdapConnection> {

    private final DefaultLdapConnectionFactory connections;
    private final boolean mustStayAuthenticated;

    PooledConnectionFactory(DefaultLdapConnectionFactory connections, boolean mustStayAuthenticated) {
        this.connections = connections;
        this.mustStayAuthenticated = mustStayAuthenticated;
    }

    @Override
    public LdapConnection create() throws LdapException {
        return connections.newLdapConnection();
    }

    @Override
    public PooledObject<LdapConnection> wrap(LdapConnection connection) {
        return new DefaultPooledObject<>(connection);
    }

    @Override
    public boolean validateObject(PooledObject<LdapConnection> pooled) {
        LdapConnection connection = pooled.getObject();
        return connection.isConnected() && (!mustStayAuthenticated || connection.isAuthenticated());
    }

    @Override
    public void destroyObject(PooledObject<LdapConnection> pooled) throws Exception {
        pooled.getObject().close();
    }
}
