package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredRowsTest {

    @Test
    void postgresTimeTextBecomesTheCanonicalTime() {
        assertThat(StoredRows.canonicalTime("2026-11-26 19:49:23.123456+00")).isEqualTo("2026-11-26T19:49:23.123456Z");
        assertThat(StoredRows.canonicalTime("2026-11-26 19:49:23.1+00")).isEqualTo("2026-11-26T19:49:23.100000Z");
        assertThat(StoredRows.canonicalTime("2026-11-26 19:49:23+00")).isEqualTo("2026-11-26T19:49:23.000000Z");
        // another session time zone: converted the slow way, same instant
        assertThat(StoredRows.canonicalTime("2026-11-26 21:49:23.5+02")).isEqualTo("2026-11-26T19:49:23.500000Z");
    }
}
