package lv.pasvaldibas.vpvkac.cases.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.StatusChange;

/** One line of a case's history (table {@code status_change}); written once, never changed. */
@Entity
@Table(name = "status_change")
public class StatusChangeEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "case_id")
    Long caseId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    CaseStatus fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    CaseStatus toStatus;
    Instant at;
    String actor;
    String note;

    protected StatusChangeEntity() {
    }

    StatusChangeEntity(Long caseId, StatusChange change) {
        this.caseId = caseId;
        this.fromStatus = change.from();
        this.toStatus = change.to();
        this.at = change.at();
        this.actor = change.actor();
        this.note = change.note();
    }

    StatusChange toStatusChange() {
        return new StatusChange(fromStatus, toStatus, at, actor, note);
    }
}
