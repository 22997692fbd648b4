package lv.pasvaldibas.provisioning.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {

    private static final Resources LIMIT = new Resources(8, 16384, 200, 4);
    private static final Resources SMALL = Resources.ofServer(2, 4096, 50);

    @Test
    void aServerThatFitsIsAdmittedAndTheUsageAfterIsTheSum() {
        var answer = QuotaCheck.change(LIMIT, new Resources(4, 8192, 100, 2), Resources.NONE, SMALL);
        assertThat(answer).isEqualTo(new QuotaCheck.Answer.Admitted(new Resources(6, 12288, 150, 3)));
    }

    @Test
    void filledToTheLimitExactlyIsAdmitted() {
        var answer = QuotaCheck.change(LIMIT, new Resources(6, 12288, 150, 3), Resources.NONE, SMALL);
        assertThat(answer).isInstanceOf(QuotaCheck.Answer.Admitted.class);
    }

    @Test
    void oneMoreThanTheLimitIsRefusedNamingEveryDimensionOver() {
        var answer = QuotaCheck.change(LIMIT, new Resources(8, 16384, 150, 3), Resources.NONE, SMALL);
        assertThat(answer).isEqualTo(new QuotaCheck.Answer.Refused(List.of(
                new QuotaCheck.Excess(Resources.Dimension.VCPUS, 8, 2, 8),
                new QuotaCheck.Excess(Resources.Dimension.MEMORY, 16384, 4096, 16384))));
    }

    @Test
    void theServerCountIsAQuotaOfItsOwn() {
        var answer = QuotaCheck.change(LIMIT, new Resources(1, 1024, 10, 4), Resources.NONE, SMALL);
        assertThat(answer).isEqualTo(new QuotaCheck.Answer.Refused(List.of(new QuotaCheck.Excess(Resources.Dimension.SERVERS, 4, 1, 4))));
    }

    @Test
    void shrinkingIsAllowedEvenWhenTheQuotaWasLoweredBelowWhatIsUsed() {
        Resources lowered = new Resources(2, 2048, 50, 1);
        Resources big = Resources.ofServer(4, 8192, 50);
        var answer = QuotaCheck.change(lowered, big, big, Resources.ofServer(2, 4096, 50));
        assertThat(answer).isEqualTo(new QuotaCheck.Answer.Admitted(Resources.ofServer(2, 4096, 50)));
    }

    @Test
    void growingOneDimensionChecksOnlyThatDimension() {
        Resources used = new Resources(8, 4096, 500, 1); // disk already over a lowered limit
        var answer = QuotaCheck.change(new Resources(8, 16384, 100, 4), used, Resources.ofServer(8, 4096, 500), Resources.ofServer(8, 8192, 500));
        assertThat(answer).isInstanceOf(QuotaCheck.Answer.Admitted.class);
    }

    @Test
    void usageNeverGoesNegative() {
        assertThatThrownBy(() -> Resources.NONE.minus(SMALL)).isInstanceOf(IllegalArgumentException.class);
    }
}
