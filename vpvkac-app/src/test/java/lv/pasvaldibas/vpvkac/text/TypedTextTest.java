package lv.pasvaldibas.vpvkac.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypedTextTest {

    @Test
    void cleanTrimsAndComposes() {
        assertThat(TypedText.clean("  Be\u0304rzin\u0327s\t")).isEqualTo("Bērziņs");
        assertThat(TypedText.clean(" \n ")).isNull();
        assertThat(TypedText.clean(null)).isNull();
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(TypedText.length("ā😀")).isEqualTo(2);
    }

    @Test
    void lineBreaksAreInvisibleOnlyWhereNotAllowed() {
        assertThat(TypedText.hasInvisible("rinda\nrinda\ttab", true)).isFalse();
        assertThat(TypedText.hasInvisible("rinda\nrinda", false)).isTrue();
        assertThat(TypedText.hasInvisible("nulle\u0000", true)).isTrue();
        assertThat(TypedText.hasInvisible("platums\u200b", true)).isTrue();
        assertThat(TypedText.hasInvisible("ā č ē ģ ī ķ ļ ņ š ū ž", false)).isFalse();
    }
}
