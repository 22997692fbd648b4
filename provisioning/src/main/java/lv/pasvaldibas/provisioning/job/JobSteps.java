package lv.pasvaldibas.provisioning.job;

import java.time.Duration;
import java.util.Optional;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;
import lv.pasvaldibas.provisioning.hypervisor.DomainStatus;
import lv.pasvaldibas.provisioning.hypervisor.HostConnection;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;

/**
 * The steps of each job kind against one host. Every step may run again after a crash or a lost
 * lease (another daemon takes the job over), so each is written to be repeated: define updates a
 * domain that exists, start and stop accept a domain already there, undefine accepts one already
 * gone. A job is therefore retried from its first step, never from a remembered middle.
 */
public final class JobSteps {

    private JobSteps() {
    }

    /** Receives each step's name and how far the job is (percent) before the step runs. */
    @FunctionalInterface
    public interface Progress {
        void at(String step, int percent);
    }

    /**
     * The job's server: its domain as it should be, and whether it should run.
     *
     * @param snapshot the snapshot a {@link JobKind#SNAPSHOT} or {@link JobKind#REVERT} job names, else null
     */
    public record Target(DomainSpec spec, Power power, String snapshot) {
    }

    /** What the server is when the job has done its work: its phase and the power its host reports. */
    public record Outcome(Phase phase, Power actualPower) {
    }

    /** Runs a job of any kind but {@link JobKind#MOVE}, which has two hosts ({@link #move}). */
    public static Outcome run(JobKind kind, Target target, HostConnection host, Duration stopGrace, Progress progress)
            throws HypervisorException {
        String name = target.spec().name();
        switch (kind) {
            case MOVE -> throw new IllegalArgumentException("a move has two hosts: JobSteps.move");
            case CREATE, REPAIR -> {
                progress.at("define", 10);
                host.define(target.spec());
                if (target.power() == Power.RUNNING) {
                    progress.at("start", 60);
                    host.start(name);
                } else {
                    progress.at("stop", 60);
                    host.stop(name, stopGrace);
                }
            }
            case START -> {
                progress.at("start", 10);
                host.start(name);
            }
            case STOP -> {
                progress.at("stop", 10);
                host.stop(name, stopGrace);
            }
            case REBOOT -> {
                progress.at("reboot", 10);
                host.reboot(name);
            }
            case SNAPSHOT -> {
                progress.at("snapshot", 10);
                host.snapshot(name, target.snapshot());
            }
            case REVERT -> {
                progress.at("revert", 10);
                host.revert(name, target.snapshot());
            }
            case RESIZE -> {
                boolean running = isRunning(host.domain(name));
                if (running) {
                    progress.at("stop", 10);
                    host.stop(name, stopGrace);
                }
                progress.at("define", 40);
                host.define(target.spec());
                if (target.power() == Power.RUNNING) { // a running server's wanted power is RUNNING
                    progress.at("start", 70);
                    host.start(name);
                }
            }
            case DELETE -> {
                progress.at("undefine", 10);
                host.undefine(name);
                return new Outcome(Phase.DELETED, null);
            }
        }
        progress.at("check", 95);
        Optional<DomainStatus> now = host.domain(name);
        if (now.isEmpty()) {
            throw new HypervisorException(HypervisorException.Kind.NOT_FOUND, "domain " + name + " vanished during the job", null);
        }
        return new Outcome(Phase.READY, now.get().power());
    }

    /**
     * Moves a server's domain from one host to another. The server is placed on the target
     * ({@code placeOnTarget}) only when its domain is whole there, and the source's copy is removed only
     * after that: broken off anywhere, the server's placement names a host that has its domain, and a
     * copy the placement does not name is an orphan the reconciliation loop removes. Repeated after a
     * crash, each step looks first at where the domain is.
     *
     * @param phase the server's phase, kept: a move changes where a server is, not what it is
     */
    public static Outcome move(Target target, Phase phase, HostConnection from, HostConnection to, Duration stopGrace,
                               Progress progress, Runnable placeOnTarget) throws HypervisorException {
        String name = target.spec().name();
        boolean onTarget = to.domain(name).isPresent();
        if (!onTarget && from.domain(name).isPresent()) {
            progress.at("move", 10);
            from.moveTo(target.spec(), to);
            onTarget = true;
        }
        if (onTarget && target.power() == Power.RUNNING) {
            progress.at("start", 60);
            to.start(name);
        } else if (onTarget) {
            progress.at("stop", 60);
            to.stop(name, stopGrace);
        }
        progress.at("place", 80);
        placeOnTarget.run();
        progress.at("remove from source", 85);
        from.undefine(name);
        if (!onTarget) {
            // no domain on either host (a create that failed early): nothing to carry, the placement alone moves
            return new Outcome(phase, null);
        }
        progress.at("check", 95);
        Optional<DomainStatus> now = to.domain(name);
        if (now.isEmpty()) {
            throw new HypervisorException(HypervisorException.Kind.NOT_FOUND, "domain " + name + " vanished during the move", null);
        }
        return new Outcome(phase, now.get().power());
    }

    private static boolean isRunning(Optional<DomainStatus> domain) {
        return domain.map(d -> d.power() == Power.RUNNING).orElse(false);
    }
}
