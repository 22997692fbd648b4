package lv.pasvaldibas.vpvkac.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void readsNeedNoProof() {
        assertThat(PageRequest.allowed("GET", null, null)).isTrue();
        assertThat(PageRequest.allowed("head", null, null)).isTrue();
        assertThat(PageRequest.allowed("OPTIONS", null, null)).isTrue();
    }

    @Test
    void aChangeWithTheSessionCookieOnlyIsRefused() {
        assertThat(PageRequest.allowed("POST", null, null)).isFalse();
        assertThat(PageRequest.allowed("PUT", null, null)).isFalse();
        assertThat(PageRequest.allowed("DELETE", null, null)).isFalse();
        assertThat(PageRequest.allowed("PATCH", null, "")).isFalse();
        assertThat(PageRequest.allowed("POST", null, "fetch")).isFalse();
    }

    @Test
    void aChangeFromThePagesCarriesTheirHeader() {
        assertThat(PageRequest.allowed("POST", null, "XMLHttpRequest")).isTrue();
        assertThat(PageRequest.allowed("POST", null, "xmlhttprequest")).isTrue();
    }

    @Test
    void aBearerTokenIsItsOwnProofButOtherSchemesAreNot() {
        assertThat(PageRequest.allowed("POST", "Bearer eyJ.x.y", null)).isTrue();
        assertThat(PageRequest.allowed("POST", "bearer eyJ.x.y", null)).isTrue();
        // a browser may add Basic or Negotiate credentials by itself: no proof of the page
        assertThat(PageRequest.allowed("POST", "Basic dTpw", null)).isFalse();
        assertThat(PageRequest.allowed("POST", "Negotiate abc", null)).isFalse();
        assertThat(PageRequest.allowed("POST", "Bearer", null)).isFalse();
    }
}
