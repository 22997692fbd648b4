package lv.pasvaldibas.provisioning.hypervisor.libvirt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;

/**
 * The libvirt XML of a server's domain and its disk volume. Values are escaped, though the daemon
 * makes the names itself: a template's image path is an operator's input.
 */
final class DomainXml {

    /** libvirt writes a snapshot's parent as the first {@code <parent>} element, before the domain it embeds. */
    private static final Pattern SNAPSHOT_PARENT = Pattern.compile("<parent>\\s*<name>([^<]*)</name>");

    private DomainXml() {
    }

    /** @param domainType {@code test} on the test driver, {@code kvm} on a QEMU/KVM host */
    static String domain(DomainSpec spec, String domainType, String diskPath) {
        return "<domain type='" + domainType + "'>"
                + "<name>" + escape(spec.name()) + "</name>"
                + "<uuid>" + spec.uuid() + "</uuid>"
                + "<memory unit='MiB'>" + spec.memoryMib() + "</memory>"
                + "<currentMemory unit='MiB'>" + spec.memoryMib() + "</currentMemory>"
                + "<vcpu>" + spec.vcpus() + "</vcpu>"
                + "<os><type>hvm</type><boot dev='hd'/></os>"
                + "<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>"
                + "<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                + "<source file='" + escape(diskPath) + "'/><target dev='vda' bus='virtio'/></disk></devices>"
                + "</domain>";
    }

    /**
     * A thin volume (nothing allocated until the guest writes), copy-on-write over the base image when
     * that is a path on the host. How much disk a host hands out is the daemon's placement's business
     * (the capacity the operator registered), not the pool's free space at creation.
     */
    static String volume(DomainSpec spec) {
        String backing = spec.baseImage() != null && spec.baseImage().startsWith("/")
                ? "<backingStore><path>" + escape(spec.baseImage()) + "</path><format type='qcow2'/></backingStore>" : "";
        return "<volume><name>" + escape(volumeName(spec.name())) + "</name>"
                + "<capacity unit='GiB'>" + spec.diskGib() + "</capacity><allocation>0</allocation>"
                + "<target><format type='qcow2'/></target>" + backing + "</volume>";
    }

    static String volumeName(String domainName) {
        return domainName + ".qcow2";
    }

    static String snapshot(String name) {
        return "<domainsnapshot><name>" + escape(name) + "</name></domainsnapshot>";
    }

    /** The name of the snapshot's parent in libvirt's snapshot XML, or null for a first snapshot. */
    static String snapshotParent(String snapshotXml) {
        Matcher parent = SNAPSHOT_PARENT.matcher(snapshotXml);
        return parent.find() ? unescape(parent.group(1)) : null;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
