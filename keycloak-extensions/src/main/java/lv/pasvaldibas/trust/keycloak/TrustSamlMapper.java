package lv.pasvaldibas.trust.keycloak;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import lv.pasvaldibas.trust.AccessDecision;
import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.saml.mappers.AbstractSAMLProtocolMapper;
import org.keycloak.protocol.saml.mappers.SAMLAttributeStatementMapper;
import org.keycloak.protocol.saml.mappers.SAMLRoleListMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.saml.common.constants.JBossSAMLURIConstants;

/**
 * The SAML side of {@link TrustTokenMapper}: attributes {@code municipality}, {@code home_directory}
 * and {@code trust}, and the role list ({@code Role}, one attribute per role). A user who reaches the
 * client through trusts gets only the roles those trusts grant; anyone else gets the roles Keycloak's
 * own role list would give (every role in the client's scope, by name). Keycloak uses one role list
 * mapper per client, the last by priority, so this one (priority 100) stands in for the built-in
 * {@code role list} mapper.
 */
public final class TrustSamlMapper extends AbstractSAMLProtocolMapper implements SAMLAttributeStatementMapper, SAMLRoleListMapper {

    public static final String PROVIDER_ID = "municipal-trust-saml-mapper";
    public static final String ROLE_ATTRIBUTE = "Role";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Municipal trust (SAML)";
    }

    @Override
    public String getDisplayCategory() {
        return "Role Mapper";
    }

    @Override
    public String getHelpText() {
        return "Adds municipality, home_directory and trust attributes, and a role list with only the trust-granted roles"
                + " when the user comes from another municipality";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    /** After Keycloak's built-in mappers, so that this role list is the one used. */
    @Override
    public int getPriority() {
        return TrustTokenMapper.AFTER_BUILT_IN_MAPPERS;
    }

    @Override
    public void transformAttributeStatement(AttributeStatementType statement, ProtocolMapperModel model, KeycloakSession session,
                                            UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        UserModel user = userSession.getUser();
        add(statement, PlatformUserAttributes.MUNICIPALITY, user.getAttributeStream(PlatformUserAttributes.MUNICIPALITY).toList());
        add(statement, PlatformUserAttributes.HOME_DIRECTORY,
                user.getAttributeStream(PlatformUserAttributes.HOME_DIRECTORY).toList());
        if (TrustGate.decideOrRefuse(session, userSession, clientSession.getClient()) instanceof AccessDecision.Access.ViaTrust via) {
            add(statement, TrustTokenMapper.CLAIM, via.trustIds());
        }
    }

    @Override
    public void mapRoles(AttributeStatementType statement, ProtocolMapperModel model, KeycloakSession session,
                         UserSessionModel userSession, ClientSessionContext context) {
        ClientModel client = context.getClientSession().getClient();
        Set<String> roles = new TreeSet<>();
        if (TrustGate.decideOrRefuse(session, userSession, client) instanceof AccessDecision.Access.ViaTrust via) {
            roles.addAll(via.roles());
        } else {
            context.getRolesStream().map(RoleModel::getName).forEach(roles::add);
        }
        // one attribute per role, as Keycloak's own role list writes it by default
        roles.forEach(role -> add(statement, ROLE_ATTRIBUTE, List.of(role)));
    }

    private static void add(AttributeStatementType statement, String name, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        AttributeType attribute = new AttributeType(name);
        attribute.setNameFormat(JBossSAMLURIConstants.ATTRIBUTE_FORMAT_BASIC.get());
        values.forEach(attribute::addAttributeValue);
        statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
    }
}
