package lv.pasvaldibas.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DialectTest {

    private final ActiveDirectoryDialect ad = new ActiveDirectoryDialect();

    @ParameterizedTest
    @CsvSource({
            "'80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563', INVALID_CREDENTIALS",
            "'80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 525, v4563', INVALID_CREDENTIALS",
            "'... data 530, v2580', NOT_PERMITTED_NOW",
            "'... data 531, v2580', NOT_PERMITTED_HERE",
            "'... data 532, v2580', PASSWORD_EXPIRED",
            "'... data 533, v2580', ACCOUNT_DISABLED",
            "'... data 701, v2580', ACCOUNT_EXPIRED",
            "'... data 773, v2580', PASSWORD_MUST_CHANGE",
            "'... data 775, v2580', ACCOUNT_LOCKED",
            "'no sub-code here', INVALID_CREDENTIALS"})
    void activeDirectoryBindSubCodesBecomeUserFacingReasons(String diagnostic, SignInFailure expected) {
        assertThat(ad.bindFailure(49, diagnostic)).isEqualTo(expected);
    }

    @Test
    void activeDirectoryAccountStateComesFromUserAccountControlAndLockoutTime() {
        assertThat(ad.accountState(Map.of("userAccountControl", List.of("512")))).isEqualTo(AccountState.ACTIVE);
        assertThat(ad.accountState(Map.of("userAccountControl", List.of("514")))).isEqualTo(AccountState.DISABLED);
        assertThat(ad.accountState(Map.of("useraccountcontrol", List.of("66050")))).isEqualTo(AccountState.DISABLED);
        assertThat(ad.accountState(Map.of("userAccountControl", List.of("512"), "lockoutTime", List.of("133512345678901234"))))
                .isEqualTo(AccountState.LOCKED);
        assertThat(ad.accountState(Map.of("userAccountControl", List.of("512"), "lockoutTime", List.of("0")))).isEqualTo(AccountState.ACTIVE);
        assertThat(ad.accountState(Map.of("userAccountControl", List.of("garbage")))).isEqualTo(AccountState.DISABLED);
    }

    @Test
    void openLdapTellsAnAdministratorsLockFromALockout() {
        OpenLdapDialect openldap = new OpenLdapDialect();
        assertThat(openldap.accountState(Map.of())).isEqualTo(AccountState.ACTIVE);
        assertThat(openldap.accountState(Map.of("pwdAccountLockedTime", List.of("000001010000Z")))).isEqualTo(AccountState.DISABLED);
        assertThat(openldap.accountState(Map.of("pwdAccountLockedTime", List.of("20261126120000Z")))).isEqualTo(AccountState.LOCKED);
    }

    @Test
    void ds389UsesNsAccountLock() {
        assertThat(new Ds389Dialect().accountState(Map.of("nsAccountLock", List.of("TRUE")))).isEqualTo(AccountState.DISABLED);
        assertThat(new Ds389Dialect().accountState(Map.of())).isEqualTo(AccountState.ACTIVE);
    }

    @Test
    void everyDialectIsFoundThroughTheServiceLoader() {
        assertThat(Dialects.ids()).containsExactly("389ds", "active-directory", "generic", "openldap");
    }
}
