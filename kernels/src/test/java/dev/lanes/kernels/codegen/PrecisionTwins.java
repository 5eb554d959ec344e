package dev.lanes.kernels.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the double-precision code of the kernels from their float code, so that each operation has one source
 * of truth. The JDK generates its own Vector API sources from one template per type family, and EJML generates
 * its float code from its double code; Lanes does the same by plain token rewriting ({@code float} → {@code double},
 * {@code Float} → {@code Double}, {@code FLOAT} → {@code DOUBLE}, {@code 1.5f} → {@code 1.5d}, the unit roundoff
 * 2⁻²⁴ → 2⁻⁵³, {@code floatToRawIntBits} → {@code doubleToRawLongBits}; see {@link #toDouble}), because the two
 * precisions differ only in their types wherever they are generated.
 *
 * <p>Two kinds of twin:
 * <ul>
 * <li><b>Whole files</b> ({@link #WHOLE_FILES}): {@code FloatX.java} → {@code DoubleX.java}, a new first line
 * saying where it came from.
 * <li><b>Halves of one file</b> ({@link #HALF_FILES}): a class that holds both precisions (a family interface, the
 * scalar reference, a vector family) marks its float half with the line {@value #FLOAT_MARK}; the lines between
 * the next {@value #DOUBLE_MARK} and {@value #END_MARK} are the generated double half. A file may hold several
 * such pairs, around hand-written code that differs between the precisions ({@code VectorMath}).
 * </ul>
 * What truly differs between the precisions is hand-written outside the generated code: the lane-count-specific
 * transposes ({@code FloatStripTranspose}, {@code DoubleStripTranspose}), the tile shapes ({@code BlockSizes}) and
 * the exp polynomials and bit layouts ({@code VectorMath}'s exp, expAndSum and expm1: the float expm1 reduces its
 * argument, the double one sums Taylor's series).
 *
 * <p><b>Committed, with a freshness test</b>, not generated at build time: the generated code is what a reader,
 * an IDE, a debugger and a code review see, with no build step to understand; {@code GeneratedTwinsAreFreshTest}
 * fails, naming the file and the command below, when a committed twin differs from what this generator writes now.
 * Regenerate from the repository root with the JDK 17+ {@code java} launcher (no build needed):
 * <pre>{@value #COMMAND}</pre>
 */
public final class PrecisionTwins {

    /** The command that regenerates every twin, from the repository root. */
    public static final String COMMAND = "java kernels/src/test/java/dev/lanes/kernels/codegen/PrecisionTwins.java";

    static final String FLOAT_MARK = "// ---- float: the double half below is generated from this by PrecisionTwins ----";
    static final String DOUBLE_MARK = "// ---- double: generated from the float half above by PrecisionTwins; do not edit ----";
    static final String END_MARK = "// ---- end of generated double half ----";

    private static final String MAIN = "src/main/java/dev/lanes/kernels/";
    private static final String TEST = "src/test/java/dev/lanes/kernels/";

    /** Float sources of whole-file twins, relative to the kernels module; each {@code Float} file has a {@code Double} twin. */
    public static final List<String> WHOLE_FILES = List.of(
            MAIN + "vector/FloatUpdateJob.java",
            MAIN + "vector/gemm/FloatBlockedGemm.java",
            MAIN + "vector/gemm/FloatEpilogue.java",
            MAIN + "vector/gemm/FloatJob.java",
            MAIN + "vector/gemm/FloatMicroKernel.java",
            MAIN + "vector/gemm/FloatPacking.java",
            MAIN + "vector/gemm/FloatSmallGemm.java",
            TEST + "vector/gemm/FloatGemmTest.java");

    /** Files whose double half is generated from their float half, relative to the kernels module. */
    public static final List<String> HALF_FILES = List.of(
            MAIN + "spi/Gemm.java",
            MAIN + "spi/Elementwise.java",
            MAIN + "spi/Activations.java",
            MAIN + "spi/Rowwise.java",
            MAIN + "spi/LossMean.java",
            MAIN + "spi/Reductions.java",
            MAIN + "spi/OptimizerSteps.java",
            MAIN + "spi/Normalization.java",
            MAIN + "scalar/ScalarKernels.java",
            MAIN + "scalar/ScalarNormalization.java",
            MAIN + "vector/VectorElementwise.java",
            MAIN + "vector/VectorActivations.java",
            MAIN + "vector/VectorRowwise.java",
            MAIN + "vector/VectorReductions.java",
            MAIN + "vector/VectorOptimizerSteps.java",
            MAIN + "vector/VectorNormalization.java",
            MAIN + "vector/VectorMath.java",
            MAIN + "vector/VectorGelu.java",
            MAIN + "vector/gemm/VectorGemm.java",
            TEST + "thirdparty/GemmOnlyThirdPartyProvider.java");

    private PrecisionTwins() {
    }

    /** Regenerates every twin under the kernels module ({@code args[0]}, else {@code kernels} or the current directory). */
    public static void main(String[] args) throws IOException {
        Path module = args.length > 0 ? Path.of(args[0]) : Files.isDirectory(Path.of("kernels", "src")) ? Path.of("kernels") : Path.of(".");
        int written = 0;
        for (Map.Entry<Path, String> twin : generate(module).entrySet()) {
            Path target = twin.getKey();
            if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(twin.getValue())) {
                Files.writeString(target, twin.getValue(), StandardCharsets.UTF_8);
                System.out.println("wrote " + target);
                written++;
            }
        }
        System.out.println(written == 0 ? "every twin was up to date" : written + " file(s) regenerated");
    }

    /** Every generated file under {@code module}, with the content it should have now. */
    public static Map<Path, String> generate(Path module) {
        Map<Path, String> out = new LinkedHashMap<>();
        for (String source : WHOLE_FILES) {
            Path from = module.resolve(source);
            String name = from.getFileName().toString();
            if (!name.startsWith("Float")) {
                throw new IllegalStateException(source + ": a whole-file twin's source must be named Float*.java");
            }
            String header = "// Generated from " + name + " by PrecisionTwins — do not edit; edit " + name
                    + " and run: " + COMMAND + "\n";
            out.put(from.resolveSibling("Double" + name.substring("Float".length())), header + toDouble(read(from)));
        }
        for (String file : HALF_FILES) {
            Path path = module.resolve(file);
            out.put(path, withGeneratedHalf(file, read(path)));
        }
        return out;
    }

    /** {@code text} with the lines between each double mark and the next end mark replaced by the float half before them, rewritten. */
    static String withGeneratedHalf(String name, String text) {
        List<String> lines = text.lines().toList();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int floatStart = indexOf(lines, FLOAT_MARK, 0, name);
        while (floatStart >= 0) {
            int doubleStart = indexOf(lines, DOUBLE_MARK, floatStart, name);
            int end = indexOf(lines, END_MARK, doubleStart, name);
            for (int i = copied; i <= doubleStart; i++) {
                out.append(lines.get(i)).append('\n');
            }
            for (int i = floatStart + 1; i < doubleStart; i++) {
                out.append(toDouble(lines.get(i))).append('\n');
            }
            copied = end;
            floatStart = find(lines, FLOAT_MARK, end);
        }
        for (int i = copied; i < lines.size(); i++) {
            out.append(lines.get(i)).append('\n');
        }
        return out.toString();
    }

    private static int indexOf(List<String> lines, String mark, int from, String name) {
        int at = find(lines, mark, from);
        if (at < 0) {
            throw new IllegalStateException(name + ": no line '" + mark + "' (after line " + (from + 1) + ")");
        }
        return at;
    }

    private static int find(List<String> lines, String mark, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(mark)) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern FLOAT_LITERAL = Pattern.compile("(?<![\\w.])((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)[fF]\\b");
    private static final String[][] WORDS = {
            // Order matters: the bit conversions are renamed after float → double has made them doubleTo…Int….
            {"Float(?!ing)", "Double"}, {"float(?!ing)", "double"}, {"FLOAT", "DOUBLE"},
            {"doubleToRawIntBits", "doubleToRawLongBits"}, {"doubleToIntBits", "doubleToLongBits"},
            {"intBitsToDouble", "longBitsToDouble"},
            {"2⁻²⁴", "2⁻⁵³"}, {"0x1p-24", "0x1p-53"},
            // Narrowing the double result of Math's functions (and of the reference's ActivationFunctions, which
            // work in double) is the float code's business; in double it is a no-op.
            {"\\(double\\) (Math\\.(?:exp|log|sqrt|pow|tanh)|ActivationFunctions\\.\\w+)\\(", "$1("},
    };

    /** The double version of float code. */
    static String toDouble(String floatCode) {
        String s = floatCode;
        for (String[] word : WORDS) {
            s = s.replaceAll(word[0], word[1]);
        }
        return FLOAT_LITERAL.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "d"));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the twin source " + path, e);
        }
    }
}
