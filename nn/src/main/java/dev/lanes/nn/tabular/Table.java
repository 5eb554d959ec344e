package dev.lanes.nn.tabular;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.lanes.nn.SeededRandom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table of text cells with named columns, read from a CSV or TSV file whose first line is the header, by
 * FastCSV (RFC 4180: quoted fields may hold separators, quotes and line breaks; a UTF-8 byte-order mark is
 * skipped; empty lines are skipped). Every row must have as many fields as the header. Cells stay text: a
 * {@link TabularPreprocessor} decides what they mean.
 */
public final class Table {

    /** A file larger than this many rows is refused rather than read into memory without bound. */
    public static final int MAX_ROWS = 50_000_000;

    private final String source;
    private final List<String> columns;
    private final List<String[]> rows;
    private final long[] lines;

    private Table(String source, List<String> columns, List<String[]> rows, long[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.lines = lines;
    }

    /**
     * Reads a table, comma-separated, or tab-separated if the file name ends in {@code .tsv} or {@code .tab}.
     *
     * @param file the file, UTF-8
     * @return the table
     * @throws IOException if the file cannot be read; a {@link TableFormatException} naming the file and line if it
     *         has no header, a column name twice, a row of another width, or is not valid CSV
     */
    public static Table read(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return read(file, name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',');
    }

    /**
     * Reads a table with this field separator.
     *
     * @param file the file, UTF-8
     * @param separator the field separator, e.g. {@code ','} or {@code '\t'}
     * @return the table
     * @throws IOException if the file cannot be read; a {@link TableFormatException} naming the file and line if it
     *         has no header, a column name twice, a row of another width, or is not valid CSV
     */
    public static Table read(Path file, char separator) throws IOException {
        String source = TableFormatException.name(file);
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[16];
        CsvReader.CsvReaderBuilder builder = CsvReader.builder().fieldSeparator(separator).detectBomHeader(true)
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true);
        try (CsvReader<CsvRecord> reader = builder.ofCsvRecord(file, StandardCharsets.UTF_8)) {
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = header(source, record);
                    continue;
                }
                if (record.getFieldCount() != header.size()) {
                    throw new TableFormatException(source, "line " + record.getStartingLineNumber() + " has "
                            + record.getFieldCount() + " fields, but the header has " + header.size() + " columns");
                }
                if (rows.size() == MAX_ROWS) {
                    throw new TableFormatException(source, "more than " + MAX_ROWS + " rows");
                }
                if (rows.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[rows.size()] = record.getStartingLineNumber();
                rows.add(record.getFields().toArray(new String[0]));
            }
        } catch (CsvParseException e) {
            throw new TableFormatException(source, "not valid CSV: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new TableFormatException(source, "cannot be read as UTF-8 text: " + e.getCause().getMessage());
        }
        if (header == null) {
            throw new TableFormatException(source, "empty: no header line");
        }
        if (oddQuoteCount(file)) { // the parser takes an unclosed quote to run to the end of the file
            throw new TableFormatException(source, "line " + (rows.isEmpty() ? 1 : lines[rows.size() - 1])
                    + ": a quoted field opened on this line is never closed");
        }
        return new Table(source, header, rows, Arrays.copyOf(lines, rows.size()));
    }

    /**
     * A table made in memory (e.g. for tests or from another source).
     *
     * @param source a name for messages
     * @param columns the column names, distinct and non-empty
     * @param rows the rows, each as wide as the header; not copied
     * @return the table; row i is reported as line i + 2, as if read from a file with a header line
     * @throws TableFormatException if a name is empty or repeated or a row has another width
     */
    public static Table of(String source, List<String> columns, List<String[]> rows) throws TableFormatException {
        checkHeader(source, columns, 1);
        long[] lines = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            lines[i] = i + 2;
            if (rows.get(i).length != columns.size()) {
                throw new TableFormatException(source, "line " + lines[i] + " has " + rows.get(i).length
                        + " fields, but the header has " + columns.size() + " columns");
            }
        }
        return new Table(source, columns, new ArrayList<>(rows), lines);
    }

    /** Whether the file holds an odd number of '"': quotes open and close in pairs, and "" escapes one as a pair. */
    private static boolean oddQuoteCount(Path file) throws IOException {
        long quotes = 0;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    quotes += buffer[i] == '"' ? 1 : 0;
                }
            }
        }
        return (quotes & 1) != 0;
    }

    private static List<String> header(String source, CsvRecord record) throws TableFormatException {
        List<String> names = new ArrayList<>();
        for (String field : record.getFields()) {
            names.add(field.strip());
        }
        checkHeader(source, names, record.getStartingLineNumber());
        return names;
    }

    private static void checkHeader(String source, List<String> names, long line) throws TableFormatException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw new TableFormatException(source, "the header (line " + line + ") has no name for column " + (i + 1));
            }
            if (!seen.add(names.get(i))) {
                throw new TableFormatException(source, "the header (line " + line + ") names column '" + names.get(i) + "' twice");
            }
        }
    }

    /**
     * Where the table came from, for messages.
     *
     * @return the file name given, or the source given to {@link #of}
     */
    public String source() {
        return source;
    }

    /**
     * The column names, in file order.
     *
     * @return an unmodifiable list
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * The index of a column.
     *
     * @param name the column's name
     * @return its index, or −1 if there is none
     */
    public int column(String name) {
        return columns.indexOf(name);
    }

    /**
     * The number of rows (the header not counted).
     *
     * @return the rows
     */
    public int size() {
        return rows.size();
    }

    /**
     * One cell, as written in the file (quotes removed).
     *
     * @param row the row, from 0
     * @param column the column index
     * @return the text
     */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /**
     * The line of the file a row starts on, for messages.
     *
     * @param row the row, from 0
     * @return the line, from 1 (the header is line 1 or later)
     */
    public long line(int row) {
        return lines[row];
    }

    /**
     * Some rows, in the order given (sharing the cells).
     *
     * @param indices the rows to keep, each in [0, size)
     * @return a new table of those rows, which keep their line numbers
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Table rows(int[] indices) {
        List<String[]> picked = new ArrayList<>(indices.length);
        long[] pickedLines = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked.add(rows.get(indices[i]));
            pickedLines[i] = lines[indices[i]];
        }
        return new Table(source, columns, picked, pickedLines);
    }

    /**
     * Splits the rows at random, seeded: the same seed gives the same split.
     *
     * @param fraction the share of rows held out, in [0, 1), rounded up to a whole row
     * @param seed the shuffle's seed
     * @return the training rows and the held-out rows, each a new table
     * @throws IllegalArgumentException if fraction is not in [0, 1) or would leave no training row
     */
    public Table[] split(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("Table.split: fraction must be in [0, 1), got " + fraction);
        }
        int held = (int) Math.ceil(fraction * size());
        if (held >= size()) {
            throw new IllegalArgumentException("Table.split: holding out " + held + " of " + size() + " rows of "
                    + source + " leaves none to train on");
        }
        int[] order = new int[size()];
        Arrays.setAll(order, i -> i);
        new SeededRandom(seed).shuffle(order);
        return new Table[] {rows(Arrays.copyOfRange(order, 0, size() - held)),
                rows(Arrays.copyOfRange(order, size() - held, size()))};
    }
}
