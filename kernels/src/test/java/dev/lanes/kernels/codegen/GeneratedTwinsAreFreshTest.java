package dev.lanes.kernels.codegen;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every committed double twin is exactly what {@link PrecisionTwins} writes from its float source now: an edit of
 * a float file without regenerating, or a hand edit of generated code, fails here, naming the file and the command.
 */
class GeneratedTwinsAreFreshTest {

    /** Surefire runs in the module directory, where PrecisionTwins' paths start. */
    private static final Path MODULE = Path.of("");

    @TestFactory
    Stream<DynamicTest> everyCommittedTwinIsWhatTheGeneratorWritesNow() {
        Map<Path, String> expected = PrecisionTwins.generate(MODULE);
        assertEquals(PrecisionTwins.WHOLE_FILES.size() + PrecisionTwins.HALF_FILES.size(), expected.size());
        return expected.entrySet().stream().map(twin -> DynamicTest.dynamicTest(twin.getKey().toString(), () -> {
            String committed = Files.readString(twin.getKey(), StandardCharsets.UTF_8);
            if (!committed.equals(twin.getValue())) {
                fail(twin.getKey() + " is stale or was edited by hand: it differs from what PrecisionTwins generates "
                        + "(first difference at line " + firstDifferingLine(committed, twin.getValue())
                        + "). Edit the float code and regenerate from the repository root: " + PrecisionTwins.COMMAND);
            }
        }));
    }

    private static int firstDifferingLine(String a, String b) {
        List<String> x = a.lines().toList(), y = b.lines().toList();
        int i = 0;
        while (i < Math.min(x.size(), y.size()) && x.get(i).equals(y.get(i))) {
            i++;
        }
        return i + 1;
    }

    /** A hand edit of a committed double half is what the freshness check sees: regenerating undoes it. */
    @Test
    void aHandEditOfAGeneratedHalfIsDetected() throws IOException {
        String file = PrecisionTwins.HALF_FILES.get(0);
        String committed = Files.readString(MODULE.resolve(file), StandardCharsets.UTF_8);
        int doubleHalf = committed.indexOf(PrecisionTwins.DOUBLE_MARK);
        int edit = committed.indexOf("double", doubleHalf + PrecisionTwins.DOUBLE_MARK.length());
        assertTrue(doubleHalf > 0 && edit > doubleHalf, file + " has no generated double code");
        String edited = committed.substring(0, edit) + "float" + committed.substring(edit + "double".length());
        assertEquals(committed, PrecisionTwins.withGeneratedHalf(file, edited));
    }

    /** The cases the rewriting must get right, and the ones it must leave alone. */
    @Test
    void rewritesTypesLiteralsAndRoundoffButNotOtherWords() {
        record Case(String floatCode, String doubleCode) { }
        List<Case> cases = List.of(
                new Case("float[] x = new float[n];", "double[] x = new double[n];"),
                new Case("FloatVector v = FloatVector.broadcast(FLOATS, 1.5f);", "DoubleVector v = DoubleVector.broadcast(DOUBLES, 1.5d);"),
                new Case("VectorMask<Float> m; BlockSizes.FLOAT", "VectorMask<Double> m; BlockSizes.DOUBLE"),
                new Case("0f, 1f, .5f, 2e-3f, 1F", "0d, 1d, .5d, 2e-3d, 1d"),
                new Case("Float.floatToRawIntBits(a)", "Double.doubleToRawLongBits(a)"),
                new Case("u = 2⁻²⁴, 0x1p-24", "u = 2⁻⁵³, 0x1p-53"),
                new Case("float e = (float) Math.exp(x);", "double e = Math.exp(x);"),
                new Case("// floating-point sums of floats", "// floating-point sums of doubles"),
                new Case("int i = 0x1f + 12; long l = 3L; x.f0", "int i = 0x1f + 12; long l = 3L; x.f0"),
                new Case("(float) (a / b)", "(double) (a / b)"));
        for (Case c : cases) {
            assertEquals(c.doubleCode(), PrecisionTwins.toDouble(c.floatCode()), c.floatCode());
        }
    }

    @Test
    void aHalfFileMustHaveItsThreeMarks() {
        String noEnd = "class X {\n" + PrecisionTwins.FLOAT_MARK + "\nfloat f;\n" + PrecisionTwins.DOUBLE_MARK + "\n}\n";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PrecisionTwins.withGeneratedHalf("X.java", noEnd));
        assertTrue(e.getMessage().contains("X.java") && e.getMessage().contains(PrecisionTwins.END_MARK), e.getMessage());
    }

    @Test
    void eachDoubleHalfIsReplacedAndTheRestKept() {
        String f = PrecisionTwins.FLOAT_MARK, d = PrecisionTwins.DOUBLE_MARK, e = PrecisionTwins.END_MARK;
        String text = "class X {\n" + f + "\nfloat f = 1f;\n" + d + "\nstale line\n" + e + "\nint kept;\n"
                + f + "\nFloat g;\n" + d + "\n" + e + "\nlong alsoKept;\n}\n";
        String expected = "class X {\n" + f + "\nfloat f = 1f;\n" + d + "\ndouble f = 1d;\n" + e + "\nint kept;\n"
                + f + "\nFloat g;\n" + d + "\nDouble g;\n" + e + "\nlong alsoKept;\n}\n";
        assertEquals(expected, PrecisionTwins.withGeneratedHalf("X.java", text));
    }
}
