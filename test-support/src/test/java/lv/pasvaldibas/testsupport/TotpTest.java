package lv.pasvaldibas.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ), last 6 digits. */
    @Test
    void codesMatchTheRfc6238TestVectors() {
        String seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assertThat(new String(Totp.base32(seed), StandardCharsets.US_ASCII)).isEqualTo("12345678901234567890");
        assertThat(Totp.code(seed, 59 / 30)).isEqualTo("287082");
        assertThat(Totp.code(seed, 1111111109L / 30)).isEqualTo("081804");
        assertThat(Totp.code(seed, 20000000000L / 30)).isEqualTo("353130");
    }

    @Test
    void threeSignInsInARowGetThreeDifferentCodes() {
        String seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PAA";
        assertThat(java.util.Set.of(Totp.freshCode(seed, "a"), Totp.freshCode(seed, "a"), Totp.freshCode(seed, "a"))).hasSize(3);
        // another account has a credential of its own: its first code needs no wait
        assertThat(Totp.freshCode(seed, "b")).isNotNull();
    }
}
