package lv.pasvaldibas.provisioning.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServerNameTest {

    @Test
    void namesAreDnsLabels() {
        assertThat(ServerName.valid("web-1")).isTrue();
        assertThat(ServerName.valid("a")).isTrue();
        assertThat(ServerName.valid("a".repeat(63))).isTrue();
        assertThat(ServerName.valid("a".repeat(64))).isFalse();
        assertThat(ServerName.valid("1web")).isFalse();
        assertThat(ServerName.valid("web-")).isFalse();
        assertThat(ServerName.valid("Web")).isFalse();
        assertThat(ServerName.valid("kuldīga")).isFalse();
        assertThat(ServerName.valid("")).isFalse();
        assertThat(ServerName.valid(null)).isFalse();
    }

    @Test
    void aDomainNameLeadsBackToItsServerAndOtherNamesToNone() {
        UUID id = UUID.randomUUID();
        assertThat(DomainNames.serverOf(DomainNames.of(id))).contains(id);
        assertThat(DomainNames.serverOf("test")).isEmpty();
        assertThat(DomainNames.serverOf("pasv-x")).isEmpty();
        assertThat(DomainNames.serverOf(null)).isEmpty();
    }
}
