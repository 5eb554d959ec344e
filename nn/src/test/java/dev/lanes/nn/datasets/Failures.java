package dev.lanes.nn.datasets;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts that code fails with a message holding every given fragment. */
public final class Failures {

    private Failures() {
    }

    public static <T extends Throwable> T assertFails(Class<T> type, Executable code, String... fragments) {
        T thrown = assertThrows(type, code);
        String message = String.valueOf(thrown.getMessage());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "message \"" + message + "\" lacks \"" + fragment + "\"");
        }
        return thrown;
    }
}
