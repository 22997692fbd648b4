package lv.pasvaldibas.provisioning.server;

import lv.pasvaldibas.provisioning.quota.Resources;

/** A size and base image that servers are created from, named in Latvian and English. */
public record Template(String id, String nameLv, String nameEn, Resources size, String baseImage, boolean active) {
}
