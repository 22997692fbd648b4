package lv.pasvaldibas.realmconfig;

import java.util.List;

/**
 * What realm apply would do: the changes in the order they are made, the things on the platform
 * that realm-config does not name and that stay (no --delete), and the parts of realm-config it does
 * not compare, each with its reason.
 */
public record Plan(List<Change> changes, List<String> kept, List<String> skipped) {

    public boolean nothingToDo() {
        return changes.isEmpty();
    }
}
