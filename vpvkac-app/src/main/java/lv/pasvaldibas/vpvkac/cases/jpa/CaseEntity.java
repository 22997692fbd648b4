package lv.pasvaldibas.vpvkac.cases.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.StatusChange;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CentreEntity;
import lv.pasvaldibas.vpvkac.client.jpa.ClientEntity;

/**
 * A service application (table {@code service_case}). {@code version} makes two specialists'
 * changes to one case conflict instead of the later silently undoing the earlier.
 */
@Entity
@Table(name = "service_case")
public class CaseEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String municipality;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "centre_id")
    CentreEntity centre;
    @Column(name = "service_code")
    String serviceCode;
    @Column(name = "institution_code")
    String institutionCode;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id")
    ClientEntity client;
    @Enumerated(EnumType.STRING)
    Channel channel;
    @Enumerated(EnumType.STRING)
    CaseStatus status;
    String assignee;
    String notes;
    @Column(name = "received_at")
    Instant receivedAt;
    @Column(name = "first_action_at")
    Instant firstActionAt;
    @Column(name = "result_ready_at")
    Instant resultReadyAt;
    @Column(name = "delivered_at")
    Instant deliveredAt;
    @Column(name = "closed_at")
    Instant closedAt;
    @Column(name = "due_on")
    LocalDate dueOn;
    @Version
    int version;

    protected CaseEntity() {
    }

    CaseEntity(String municipality, CentreEntity centre, String serviceCode, String institutionCode, ClientEntity client,
               Channel channel, String notes, Instant receivedAt, LocalDate dueOn, String assignee) {
        this.municipality = municipality;
        this.centre = centre;
        this.serviceCode = serviceCode;
        this.institutionCode = institutionCode;
        this.client = client;
        this.channel = channel;
        this.notes = notes;
        this.receivedAt = receivedAt;
        this.dueOn = dueOn;
        this.assignee = assignee;
        this.status = CaseStatus.RECEIVED;
    }

    /** Applies a change the workflow allowed, with the timestamps the quality indicators count from. */
    void apply(StatusChange change) {
        if (firstActionAt == null && change.to() != CaseStatus.RECEIVED) {
            firstActionAt = change.at();
        }
        switch (change.to()) {
            case RESULT_READY -> resultReadyAt = change.at();
            case DELIVERED -> {
                deliveredAt = change.at();
                closedAt = change.at();
            }
            case REJECTED, WITHDRAWN -> closedAt = change.at();
            default -> {
            }
        }
        status = change.to();
    }
}
