package lv.pasvaldibas.vpvkac.catalogue.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;

/** A catalogue service (table {@code service}); channels stored as their names joined by {@code ;}. */
@Entity
@Table(name = "service")
public class ServiceEntity {

    @Id
    String code;
    @Column(name = "name_lv")
    String nameLv;
    @Column(name = "name_en")
    String nameEn;
    @Column(name = "institution_code")
    String institutionCode;
    @Enumerated(EnumType.STRING)
    ServiceKind kind;
    @Column(name = "deadline_days")
    int deadlineDays;
    String channels;
    boolean active = true;
    @Version
    int version;

    protected ServiceEntity() {
    }

    ServiceEntity(Service service) {
        this.code = service.code();
        update(service);
    }

    void update(Service service) {
        this.nameLv = service.name();
        this.nameEn = service.nameEn();
        this.institutionCode = service.institutionCode();
        this.kind = service.kind();
        this.deadlineDays = service.deadlineWorkingDays();
        this.channels = service.channels().stream().map(Channel::name).sorted().collect(Collectors.joining(";"));
        this.active = true;
    }

    public Service toService() {
        Set<Channel> offered = channels.isEmpty() ? EnumSet.noneOf(Channel.class)
                : Arrays.stream(channels.split(";")).map(Channel::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Channel.class)));
        return new Service(code, nameLv, nameEn, institutionCode, deadlineDays, offered, kind);
    }

    public boolean active() {
        return active;
    }
}
