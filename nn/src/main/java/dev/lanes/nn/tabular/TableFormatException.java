package dev.lanes.nn.tabular;

import java.io.IOException;
import java.nio.file.Path;

/** A table that cannot be read or used as asked: the message names the file and, where there is one, the line and column. */
public final class TableFormatException extends IOException {

    /**
     * A problem with the whole file (its header, its size).
     *
     * @param file the file, or the table's name
     * @param problem what is wrong
     */
    public TableFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    /**
     * A problem at one cell.
     *
     * @param file the file, or the table's name
     * @param line the line of the file the row starts on, from 1
     * @param column the column's name
     * @param problem what is wrong
     */
    public TableFormatException(String file, long line, String column, String problem) {
        super(file + ": line " + line + ", column '" + column + "': " + problem);
    }

    /**
     * The file as a name for messages.
     *
     * @param file a path
     * @return its string form
     */
    static String name(Path file) {
        return file.toString();
    }
}
