package dev.lanes.nn.tabular;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.tabular.TabularPreprocessor.MissingValues;
import dev.lanes.nn.tabular.TabularPreprocessor.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading CSV and TSV tables and preprocessing them: the edge cases of issue 13, each with what must happen. */
class TabularTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Table table(String content) throws IOException {
        return Table.read(file("t.csv", content));
    }

    private static double[] row(Tensor x, int r) {
        double[] out = new double[x.cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = x.get(r, c);
        }
        return out;
    }

    @Test
    void quotedFieldsKeepSeparatorsQuotesAndLineBreaks() throws IOException {
        Table t = table("name,note,size\n\"Smith, J\",\"said \"\"hi\"\"\",1\n\"two\nlines\",x,2\n");
        assertEquals(List.of("name", "note", "size"), t.columns());
        assertEquals(2, t.size());
        assertEquals("Smith, J", t.cell(0, 0));
        assertEquals("said \"hi\"", t.cell(0, 1));
        assertEquals("two\nlines", t.cell(1, 0));
        assertEquals(3, t.line(1), "a row's line is where it starts");
    }

    @Test
    void aByteOrderMarkIsSkippedAndTsvIsTabSeparated() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, both, 0, 3);
        System.arraycopy(text, 0, both, 3, text.length);
        Table t = Table.read(Files.write(dir.resolve("bom.csv"), both));
        assertEquals(List.of("a", "b"), t.columns(), "the first column's name has no BOM");
        Table tsv = Table.read(file("t.tsv", "a\tb c\n1,5\t2\n"));
        assertEquals(List.of("a", "b c"), tsv.columns());
        assertEquals("1,5", tsv.cell(0, 0));
    }

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("empty", "", "empty: no header line"),
                Arguments.of("a short row", "a,b,c\n1,2,3\n4,5\n", "line 3 has 2 fields, but the header has 3 columns"),
                Arguments.of("a long row", "a,b\n1,2\n3,4,5\n", "line 3 has 3 fields"),
                Arguments.of("a repeated column", "a,b,a\n1,2,3\n", "names column 'a' twice"),
                Arguments.of("an unnamed column", "a,,c\n1,2,3\n", "no name for column 2"),
                Arguments.of("an unclosed quote", "a,b\n1,\"2\n3,4\n", "line 2: a quoted field opened on this line is never closed"),
                Arguments.of("binary garbage", "a,b\n\u0000\u0001\u00ff,\u0002\n\u0007\n", "line 3 has 1 fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFilesAreRejectedNamingFileAndLine(String what, String content, String expected) throws IOException {
        Path f = file("bad.csv", content);
        TableFormatException e = assertThrows(TableFormatException.class, () -> Table.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void numericColumnsAreStandardisedAndCategoricalOnesOneHotEncoded() throws IOException {
        Table train = table("x,colour,const,y\n1,red,5,a\n3,blue,5,b\n5,red,5,a\n");
        TabularPreprocessor p = TabularPreprocessor.fit(train, "y", null, MissingValues.IMPUTE);
        assertEquals(Task.CLASSIFICATION, p.task());
        assertEquals(List.of("a", "b"), p.classNames());
        assertEquals(List.of("x", "colour=blue", "colour=red", "const"), p.featureNames());
        Tensor x = p.features(train);
        double s = Math.sqrt(8.0 / 3);
        assertArrayEquals(new double[] {-2 / s, 0, 1, 0}, row(x, 0), 1e-6, "a constant column becomes 0");
        assertArrayEquals(new double[] {0, 1, 0, 0}, row(x, 1), 1e-6);
        assertArrayEquals(new int[] {0, 1, 0}, p.classes(train));
    }

    @Test
    void missingValuesAreImputedFromTheTrainingRowsOrRejected() throws IOException {
        Table train = table("x,c,y\n1,u,0\nNA,v,1\n3,v,0\n5,,1\n");
        TabularPreprocessor p = TabularPreprocessor.fit(train, "y", null, MissingValues.IMPUTE);
        Tensor x = p.features(table("x,c\n?,\n"));
        assertArrayEquals(new double[] {0, 0, 1}, row(x, 0), 1e-6, "the mean (0 once standardised) and the most frequent 'v'");
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> TabularPreprocessor.fit(train, "y", null, MissingValues.FAIL));
        assertTrue(e.getMessage().contains("line 3, column 'x': the value is missing"), e.getMessage());
        TableFormatException target = assertThrows(TableFormatException.class,
                () -> TabularPreprocessor.fit(table("x,y\n1,0\n2,\n"), "y", null, MissingValues.IMPUTE));
        assertTrue(target.getMessage().contains("line 3, column 'y': the target is missing"), target.getMessage());
    }

    @Test
    void unseenCategoriesEncodeAsZerosAndColumnsAreFoundByName() throws IOException {
        TabularPreprocessor p = TabularPreprocessor.fit(table("c,x,y\nu,1,0\nv,2,1\n"), "y", null, MissingValues.IMPUTE);
        Tensor x = p.features(table("x,extra,c\n1.5,zzz,w\n"));
        assertArrayEquals(new double[] {0, 0, 0}, row(x, 0), 1e-6, "'w' is unknown: no category set; x at the mean");
    }

    @Test
    void badCellsAtPredictionAreRejectedNamingLineAndColumn() throws IOException {
        TabularPreprocessor p = TabularPreprocessor.fit(table("x,y\n1,a\n2,b\n"), "y", null, MissingValues.IMPUTE);
        Path f = file("new.csv", "x,y\n1,a\nabc,a\n");
        Table t = Table.read(f);
        TableFormatException e = assertThrows(TableFormatException.class, () -> p.features(t));
        assertEquals(f + ": line 3, column 'x': 'abc' is not a finite number", e.getMessage());
        Table inf = table("x\nInfinity\n");
        assertTrue(assertThrows(TableFormatException.class, () -> p.features(inf)).getMessage().contains("'Infinity' is not a finite number"));
        Table unknownClass = table("x,y\n1,c\n");
        assertTrue(assertThrows(TableFormatException.class, () -> p.classes(unknownClass)).getMessage()
                .contains("line 2, column 'y': 'c' is not one of the training classes [a, b]"));
        assertTrue(assertThrows(TableFormatException.class, () -> p.features(table("z,y\n1,a\n"))).getMessage()
                .contains("no column 'x', which the model was trained with"));
    }

    /** Cells that spell an infinity or overflow a double, and where they are: each refused naming line and column. */
    static Stream<Arguments> infiniteCells() {
        return Stream.of(
                Arguments.of("x,y\n1,a\ninf,b\n3,a\n", "line 3, column 'x': 'inf'"),
                Arguments.of("x,y\n1,a\n2,b\n-Infinity,a\n", "line 4, column 'x': '-Infinity'"),
                Arguments.of("x,y\n1e999,a\n2,b\n", "line 2, column 'x': '1e999'"),
                Arguments.of("x,y\n1,a\n2,+INF\n", "line 3, column 'y': '+INF'"),
                Arguments.of("x,y\n1,1.5\n2,-1e400\n3,2.5\n", "line 3, column 'y': '-1e400'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("infiniteCells")
    void infinitiesAreRefusedInTraining(String content, String where) throws IOException {
        Table t = table(content);
        TableFormatException e = assertThrows(TableFormatException.class, () -> TabularPreprocessor.fit(t, "y", null, MissingValues.IMPUTE));
        assertEquals(t.source() + ": " + where + " is not a finite number (NaN counts as missing; infinities are refused)", e.getMessage());
    }

    @Test
    void predictionInputsStayFiniteOrAreRefused() throws IOException {
        TabularPreprocessor p = TabularPreprocessor.fit(table("x,y\n1,a\n2,b\n"), "y", null, MissingValues.IMPUTE);
        // NaN is a missing value (imputed); 1e300 is a finite double whose standardised value overflows a float.
        assertEquals(0.0, p.features(table("x\nNaN\n")).getFlat(0));
        TableFormatException e = assertThrows(TableFormatException.class, () -> p.features(table("x\n1e300\n")));
        assertTrue(e.getMessage().contains("line 2, column 'x': '1e300' is too far from the training values"), e.getMessage());
        assertTrue(assertThrows(TableFormatException.class, () -> p.features(table("x\n-inf\n"))).getMessage()
                .contains("line 2, column 'x': '-inf' is not a finite number"));
    }

    @Test
    void aSingleClassTargetAndAMissingTargetColumnAreRejected() throws IOException {
        Table t = table("x,y\n1,a\n2,a\n");
        assertTrue(assertThrows(TableFormatException.class, () -> TabularPreprocessor.fit(t, "y", null, MissingValues.IMPUTE))
                .getMessage().contains("holds one class only ('a') in the 2 training rows"));
        assertTrue(assertThrows(TableFormatException.class, () -> TabularPreprocessor.fit(t, "price", null, MissingValues.IMPUTE))
                .getMessage().contains("no target column 'price'; the columns are x, y"));
    }

    @Test
    void aOneRowFileTrainsARegressionTarget() throws IOException {
        Table one = table("x,c,price\n2,k,10.5\n");
        TabularPreprocessor p = TabularPreprocessor.fit(one, "price", Task.REGRESSION, MissingValues.IMPUTE);
        assertArrayEquals(new double[] {0, 1}, row(p.features(one), 0), 0, "one row: every std is 1 and x sits at its mean");
        assertEquals(0, p.values(one).get(0, 0), 0);
        assertEquals(10.5, p.unscale(0), 0);
    }

    static Stream<Arguments> inferredTasks() {
        return Stream.of(
                Arguments.of("0\n1\n2\n0", Task.CLASSIFICATION, List.of("0", "1", "2")),
                Arguments.of("setosa\nvirginica\nsetosa", Task.CLASSIFICATION, List.of("setosa", "virginica")),
                Arguments.of("10\n9\n2", Task.CLASSIFICATION, List.of("2", "9", "10")),
                Arguments.of("1.5\n2\n3", Task.REGRESSION, List.of()),
                Arguments.of(String.join("\n", java.util.stream.IntStream.range(0, 21).mapToObj(Integer::toString).toList()),
                        Task.REGRESSION, List.of()));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("inferredTasks")
    void theTaskIsInferredFromTheTarget(String targets, Task task, List<String> classes) throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (String t : targets.split("\n")) {
            csv.append("1,").append(t).append('\n');
        }
        TabularPreprocessor p = TabularPreprocessor.fit(table(csv.toString()), "y", null, MissingValues.IMPUTE);
        assertEquals(task, p.task());
        assertEquals(classes, p.classNames(), "classes sorted numerically when all are numbers");
    }

    @Test
    void thePreprocessingSurvivesTheModelFilesMetadata() throws IOException {
        Table train = table("x,c,y\n1,u,0.5\n4,v,2\n7,v,3.5\n");
        TabularPreprocessor p = TabularPreprocessor.fit(train, "y", null, MissingValues.IMPUTE);
        Map<String, String> metadata = p.toMetadata();
        TabularPreprocessor back = TabularPreprocessor.fromMetadata("model", metadata);
        assertEquals(p.featureNames(), back.featureNames());
        assertEquals(Task.REGRESSION, back.task());
        assertTrue(p.features(train).contentEquals(back.features(train)));
        assertTrue(p.values(train).contentEquals(back.values(train)));
        assertEquals(p.unscale(0.3), back.unscale(0.3), 0);
        assertEquals(metadata, back.toMetadata());
        for (String damaged : List.of("{", "[]", "{\"task\":\"REGRESSION\"}", metadata.get(TabularPreprocessor.METADATA_KEY)
                .replace("\"std\":", "\"std\":-"))) {
            TableFormatException e = assertThrows(TableFormatException.class,
                    () -> TabularPreprocessor.fromMetadata("model", Map.of(TabularPreprocessor.METADATA_KEY, damaged)));
            assertTrue(e.getMessage().startsWith("model: the lanes.tabular entry is damaged"), e.getMessage());
        }
    }

    @Test
    void aSplitIsSeededAndKeepsLineNumbers() throws IOException {
        Table t = table("x,y\n0,a\n1,b\n2,a\n3,b\n4,a\n");
        Table[] a = t.split(0.4, 3), b = t.split(0.4, 3);
        assertEquals(3, a[0].size());
        assertEquals(2, a[1].size());
        for (int r = 0; r < 2; r++) {
            assertEquals(b[1].cell(r, 0), a[1].cell(r, 0));
            assertEquals(Long.parseLong(a[1].cell(r, 0)) + 2, a[1].line(r));
        }
    }
}
