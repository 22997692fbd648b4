package lv.pasvaldibas.directory;

import java.util.List;

/** A directory configuration that cannot be used, with every reason at once. */
public final class InvalidDirectoryConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidDirectoryConfigException(String directoryId, List<String> problems) {
        super("Directory " + directoryId + " is misconfigured: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
