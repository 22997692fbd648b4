package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.LdifBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An account disabled, locked or deleted in its directory stops working at once, sessions included. */
@ExtendWith(FederationEnvironment.Extension.class)
class AccountStateIT {

    private final FederationEnvironment env;

    AccountStateIT(FederationEnvironment env) {
        this.env = env;
    }

    private String signedInRefreshToken(String username) {
        KeycloakClient.Response r = env.signIn(username, DemoDirectories.DEMO_PASSWORD);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("refresh_token").asText();
    }

    private KeycloakClient.Response refresh(String refreshToken) {
        return env.client().postForm("/realms/" + FederationEnvironment.REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "refresh_token", "client_id", FederationEnvironment.CLIENT, "refresh_token", refreshToken));
    }

    @Test
    void disabledInActiveDirectory() {
        String refreshToken = signedInRefreshToken("edgars.smits@ventspils.lv");
        assertThat(refresh(refreshToken).status()).isEqualTo(200);

        env.slapd().modify("ventspils", LdifBuilder.attr("dn", "cn=Edgars Šmits,ou=people,dc=ventspils,dc=lv")
                + "\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n");

        KeycloakClient.Response refused = env.signIn("edgars.smits@ventspils.lv", DemoDirectories.DEMO_PASSWORD);
        assertThat(refused.status()).isIn(400, 401);
        assertThat(refused.body().get("error_description").asText()).contains("atspējots", "disabled in your municipality's directory");
        assertThat(refresh(refreshToken).status()).as("the session was revoked").isEqualTo(400);
    }

    @Test
    void lockedByOpenLdapPasswordPolicy() {
        String refreshToken = signedInRefreshToken("valdis.jansons@kuldiga.lv");
        env.slapd().modify("kuldiga", LdifBuilder.lockChange("uid=valdis.jansons,ou=people,dc=kuldiga,dc=lv", "20261126080000Z"));

        KeycloakClient.Response refused = env.signIn("valdis.jansons@kuldiga.lv", DemoDirectories.DEMO_PASSWORD);
        assertThat(refused.status()).isIn(400, 401);
        // ppolicy says "locked" for any password, so the password is not proved and the lock is not told (decision 50)
        assertThat(refused.body().get("error_description").asText()).isEqualTo("Invalid user credentials");
        assertThat(refresh(refreshToken).status()).isEqualTo(400);
    }

    @Test
    void deletedFromTheDirectory() {
        String refreshToken = signedInRefreshToken("uldis.vitols@talsi.lv");
        env.slapd().modify("talsi", "dn: uid=uldis.vitols,ou=people,dc=talsi,dc=lv\nchangetype: delete\n");

        KeycloakClient.Response refused = env.signIn("uldis.vitols@talsi.lv", DemoDirectories.DEMO_PASSWORD);
        assertThat(refused.status()).isIn(400, 401);
        assertThat(refused.body().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(refresh(refreshToken).status()).isEqualTo(400);
        // the Keycloak user stays for the record, disabled and marked
        var user = env.client().adminGet("/realms/pasvaldibas/users?exact=true&briefRepresentation=false&username=uldis.vitols@talsi.lv").body().get(0);
        assertThat(user.get("enabled").asBoolean()).isFalse();
        assertThat(user.get("attributes").get(PlatformUserAttributes.MISSING_SINCE)).isNotNull();
    }

    @Test
    void demoAccountsThatStartDisabledOrLockedNeverSignIn() {
        assertThat(env.signIn("juris.strautins@ventspils.lv", DemoDirectories.DEMO_PASSWORD).body().get("error_description").asText())
                .contains("disabled");
        assertThat(env.signIn("arija.strautina@ventspils.lv", DemoDirectories.DEMO_PASSWORD).body().get("error_description").asText())
                .contains("locked");
        // OpenLDAP's ppolicy refuses the bind of a locked (or administratively locked: disabled) account
        // whatever the password: no sign-in, and no reason told to whoever typed the name (decision 50)
        for (String account : java.util.List.of("juris.strautins@talsi.lv", "zane.jansone@kuldiga.lv")) {
            KeycloakClient.Response r = env.signIn(account, DemoDirectories.DEMO_PASSWORD);
            assertThat(r.status()).as(account).isIn(400, 401);
            assertThat(r.body().get("error_description").asText()).as(account).isEqualTo("Invalid user credentials");
        }
    }
}
