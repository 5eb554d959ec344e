package dev.lanes.kernels.vector;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.spi.KernelsProvider;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code vector} provider: how it is found and chosen, that it stays out of the way on a JVM without the Vector
 * API, and the cases its own code makes tricky — tails of every length around the lane count, in-place
 * cross-entropy, NaN in argmax, huge logits, non-finite rows, results that must not depend on whether the code is
 * compiled yet. Agreement with the scalar reference on random inputs of many shapes is the job of the shared suite in
 * {@code dev.lanes.kernels}; here only the operations this provider documents as bit-identical are compared bit for
 * bit.
 */
class VectorKernelsProviderTest {
    private static final int FLOAT_LANES = FloatVector.SPECIES_PREFERRED.length();
    private static final int DOUBLE_LANES = DoubleVector.SPECIES_PREFERRED.length();

    private final Kernels vector = Kernels.withProvider("vector");
    private final Kernels scalar = Kernels.withProvider("scalar");

    // ---------------------------------------------- selection ----------------------------------------------

    @Test
    void isFoundAvailableAndRankedAboveScalar() {
        KernelsProvider provider = provider("vector");
        assertEquals(java.util.Optional.empty(), provider.unavailableReason());
        assertTrue(provider.rank() > provider("scalar").rank());
        assertEquals("vector", vector.providerName());
    }

    @Test
    void isTheDefaultWhenTheModuleIsThere() {
        assumeTrue(System.getProperty("lanes.kernels") == null, "a provider is forced with -Dlanes.kernels");
        assertEquals("vector", Kernels.get().providerName());
    }

    @Test
    void describesItsVectorWidthAndLanes() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(bits + "-bit vectors: " + FLOAT_LANES + " float lanes, " + DOUBLE_LANES + " double lanes", vector.describe());
    }

    /** The provider class is loaded by every ServiceLoader scan, so it must work where the module is missing. */
    @Test
    void fallsBackToScalarAndSaysWhyWithoutTheVectorModule() throws Exception {
        String output = runJava(List.of(), ChooseProvider.class);
        assertTrue(output.contains("default=scalar"), output);
        assertTrue(output.contains("vector unavailable: ") && output.contains("--add-modules jdk.incubator.vector"), output);
        assertTrue(output.contains("byName: IllegalArgumentException"), output);
    }

    @Test
    void refusesToRunWithoutC2() throws Exception {
        String output = runJava(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"), ChooseProvider.class);
        assertTrue(output.contains("default=scalar"), output);
        assertTrue(output.contains("C2"), output);
    }

    /** Run in a child JVM, which must not touch a Vector API type on its own. */
    static final class ChooseProvider {
        public static void main(String[] args) {
            System.out.println("default=" + Kernels.get().providerName());
            for (KernelsProvider p : Kernels.providers()) {
                p.unavailableReason().ifPresent(reason -> System.out.println(p.name() + " unavailable: " + reason));
            }
            try {
                Kernels.withProvider("vector");
                System.out.println("byName: ok");
            } catch (IllegalArgumentException e) {
                System.out.println("byName: IllegalArgumentException " + e.getMessage());
            }
        }
    }

    // ------------------------------------------ bit-identical ops ------------------------------------------

    /** Lengths on both sides of every multiple of the lane count up to five vectors, and 0 and 1. */
    private static int[] lengthsAround(int lanes) {
        List<Integer> lengths = new ArrayList<>(List.of(0, 1, 2));
        for (int v = 1; v <= 5; v++) {
            lengths.addAll(List.of(v * lanes - 1, v * lanes, v * lanes + 1));
        }
        return lengths.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    /**
     * Element-wise ops whose every element is the reference's arithmetic give the reference's bits at every length
     * and write nothing past n (the guard elements keep their NaN).
     */
    @Test
    void elementwiseOpsAreBitIdenticalToScalarAtEveryTailLengthFloat() {
        SplittableRandom random = new SplittableRandom(1);
        for (int n : lengthsAround(FLOAT_LANES)) {
            float[] x = floats(random, n + 3, true), dy = floats(random, n + 3, true);
            for (String op : List.of("relu", "reluMask", "reluBackward", "sigmoidBackward", "axpy", "scale", "adam", "adamw",
                    "sgdMomentum", "nesterov", "rmsprop", "rmspropCenteredMomentum", "adagrad", "clip")) {
                float[] expected = guarded(n), actual = guarded(n);
                applyFloat(scalar, op, n, x, dy, expected);
                applyFloat(vector, op, n, x, dy, actual);
                assertArrayEquals(expected, actual, op + " n=" + n);
            }
        }
    }

    @Test
    void elementwiseOpsAreBitIdenticalToScalarAtEveryTailLengthDouble() {
        SplittableRandom random = new SplittableRandom(2);
        for (int n : lengthsAround(DOUBLE_LANES)) {
            double[] x = doubles(random, n + 3, true), dy = doubles(random, n + 3, true);
            for (String op : List.of("relu", "reluMask", "reluBackward", "sigmoidBackward", "axpy", "scale", "adam", "adamw",
                    "sgdMomentum", "nesterov", "rmsprop", "rmspropCenteredMomentum", "adagrad", "clip")) {
                double[] expected = guardedDoubles(n), actual = guardedDoubles(n);
                applyDouble(scalar, op, n, x, dy, expected);
                applyDouble(vector, op, n, x, dy, actual);
                assertArrayEquals(expected, actual, op + " n=" + n);
            }
        }
    }

    private static void applyFloat(Kernels k, String op, int n, float[] x, float[] dy, float[] out) {
        switch (op) {
            case "relu" -> k.relu(n, x, out);
            case "reluMask" -> k.reluMask(n, x, out);
            case "reluBackward" -> k.reluBackward(n, x, dy, out);
            case "sigmoidBackward" -> k.sigmoidBackward(n, x, dy, out);
            case "axpy" -> {
                System.arraycopy(dy, 0, out, 0, n);
                k.axpy(n, -0.37f, x, out);
            }
            case "scale" -> {
                System.arraycopy(x, 0, out, 0, n);
                k.scale(n, 1.7f, out);
            }
            case "adam", "adamw" -> {
                float[] m = Arrays.copyOf(dy, n), v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(x[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                if (op.equals("adamw")) {
                    k.adamwStep(n, out, dy, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 7);
                } else {
                    k.adamStep(n, out, dy, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 7);
                }
            }
            case "sgdMomentum", "nesterov" -> {
                float[] buffer = Arrays.copyOf(dy, n);
                System.arraycopy(x, 0, out, 0, n);
                k.sgdMomentumStep(n, out, dy, buffer, 0.1f, 0.9f, op.equals("nesterov"));
            }
            case "rmsprop", "rmspropCenteredMomentum" -> {
                boolean full = op.equals("rmspropCenteredMomentum");
                float[] squares = new float[n], average = full ? Arrays.copyOf(dy, n) : null, buffer = full ? Arrays.copyOf(x, n) : null;
                for (int i = 0; i < n; i++) {
                    squares[i] = 2 * dy[i] * dy[i] + Math.abs(x[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                k.rmspropStep(n, out, dy, squares, average, buffer, 0.01f, 0.99f, 1e-8f, full ? 0.9f : 0);
            }
            case "adagrad" -> {
                float[] sum = new float[n];
                for (int i = 0; i < n; i++) {
                    sum[i] = Math.abs(dy[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                k.adagradStep(n, out, dy, sum, 0.01f, 1e-10f);
            }
            case "clip" -> {
                System.arraycopy(x, 0, out, 0, n);
                k.clipByValue(n, out, 0.5f);
            }
            default -> throw new AssertionError(op);
        }
    }

    private static void applyDouble(Kernels k, String op, int n, double[] x, double[] dy, double[] out) {
        switch (op) {
            case "relu" -> k.relu(n, x, out);
            case "reluMask" -> k.reluMask(n, x, out);
            case "reluBackward" -> k.reluBackward(n, x, dy, out);
            case "sigmoidBackward" -> k.sigmoidBackward(n, x, dy, out);
            case "axpy" -> {
                System.arraycopy(dy, 0, out, 0, n);
                k.axpy(n, -0.37, x, out);
            }
            case "scale" -> {
                System.arraycopy(x, 0, out, 0, n);
                k.scale(n, 1.7, out);
            }
            case "adam", "adamw" -> {
                double[] m = Arrays.copyOf(dy, n), v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(x[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                if (op.equals("adamw")) {
                    k.adamwStep(n, out, dy, m, v, 1e-3, 0.9, 0.999, 1e-8, 0.1, 7);
                } else {
                    k.adamStep(n, out, dy, m, v, 1e-3, 0.9, 0.999, 1e-8, 7);
                }
            }
            case "sgdMomentum", "nesterov" -> {
                double[] buffer = Arrays.copyOf(dy, n);
                System.arraycopy(x, 0, out, 0, n);
                k.sgdMomentumStep(n, out, dy, buffer, 0.1, 0.9, op.equals("nesterov"));
            }
            case "rmsprop", "rmspropCenteredMomentum" -> {
                boolean full = op.equals("rmspropCenteredMomentum");
                double[] squares = new double[n], average = full ? Arrays.copyOf(dy, n) : null, buffer = full ? Arrays.copyOf(x, n) : null;
                for (int i = 0; i < n; i++) {
                    squares[i] = 2 * dy[i] * dy[i] + Math.abs(x[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                k.rmspropStep(n, out, dy, squares, average, buffer, 0.01, 0.99, 1e-8, full ? 0.9 : 0);
            }
            case "adagrad" -> {
                double[] sum = new double[n];
                for (int i = 0; i < n; i++) {
                    sum[i] = Math.abs(dy[i]);
                }
                System.arraycopy(x, 0, out, 0, n);
                k.adagradStep(n, out, dy, sum, 0.01, 1e-10);
            }
            case "clip" -> {
                System.arraycopy(x, 0, out, 0, n);
                k.clipByValue(n, out, 0.5);
            }
            default -> throw new AssertionError(op);
        }
    }

    /** Column sums keep the reference's order (each lane sums its column row by row), so they are exact too. */
    @Test
    void columnSumsAndAddBiasAreBitIdenticalToScalar() {
        SplittableRandom random = new SplittableRandom(3);
        for (int rows : new int[] {0, 1, 3, 17}) {
            for (int cols : lengthsAround(FLOAT_LANES * 4)) {
                float[] x = floats(random, rows * cols, false), bias = floats(random, cols, false);
                float[] expected = floats(random, cols, false), actual = expected.clone();
                scalar.columnSums(rows, cols, x, 0.5f, expected);
                vector.columnSums(rows, cols, x, 0.5f, actual);
                assertArrayEquals(expected, actual, "columnSums " + rows + "x" + cols);
                float[] notRead = new float[cols];
                Arrays.fill(notRead, Float.NaN);
                vector.columnSums(rows, cols, x, 0f, notRead);
                scalar.columnSums(rows, cols, x, 0f, expected);
                assertArrayEquals(expected, notRead, "columnSums with beta 0 must not read out");
                float[] sum = new float[rows * cols], sumExpected = new float[rows * cols];
                vector.addBias(rows, cols, x, bias, sum);
                scalar.addBias(rows, cols, x, bias, sumExpected);
                assertArrayEquals(sumExpected, sum, "addBias " + rows + "x" + cols);
            }
        }
    }

    @Test
    void reluKeepsNaNAndMasksItOut() {
        float[] x = {Float.NaN, -0f, 0f, -1f, 2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] out = new float[x.length], mask = new float[x.length], dx = new float[x.length];
        vector.relu(x.length, x, out);
        vector.reluMask(x.length, x, mask);
        vector.reluBackward(x.length, x, new float[] {5, 5, 5, 5, 5, 5, 5}, dx);
        assertArrayEquals(new float[] {Float.NaN, 0f, 0f, 0f, 2f, Float.POSITIVE_INFINITY, 0f}, out);
        assertEquals(0, Float.floatToRawIntBits(out[1]), "max(-0, 0) is +0, as Math.max");
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 0}, mask);
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 5, 0}, dx);
    }

    // ----------------------------------------------- argmax ------------------------------------------------

    @Test
    void argmaxFindsTheFirstMaximumOrTheFirstNaNInEveryLane() {
        for (int cols : lengthsAround(FLOAT_LANES)) {
            if (cols == 0) {
                continue;
            }
            for (int at = 0; at < cols; at++) {
                float[] row = new float[cols];
                Arrays.fill(row, -3f);
                row[at] = 7f;
                row[at + (cols - 1 - at) / 2] = 7f; // a tie at or after the first maximum
                assertEquals(at, argmax(row), "first maximum, cols=" + cols);
                int firstNaN = Math.max(at, cols / 2);
                row[firstNaN] = Float.NaN;
                row[cols - 1] = Float.NaN;
                assertEquals(firstNaN, argmax(row), "first NaN, cols=" + cols);
            }
        }
        assertEquals(0, argmax(new float[] {-0f, 0f}), "-0 and +0 tie, as in the reference");
        assertEquals(0, argmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
        assertEquals(2, argmax(new float[] {1, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 2}));
        assertEquals(3, argmax(new float[] {1, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN}), "a NaN beats +inf");
    }

    private int argmax(float[] row) {
        int[] out = new int[2];
        float[] twoRows = Arrays.copyOf(row, row.length * 2);
        System.arraycopy(row, 0, twoRows, row.length, row.length);
        vector.argmaxRows(2, row.length, twoRows, out);
        int[] expected = new int[2];
        scalar.argmaxRows(2, row.length, twoRows, expected);
        assertArrayEquals(expected, out, "same as the reference");
        double[] asDoubles = new double[twoRows.length];
        for (int i = 0; i < twoRows.length; i++) {
            asDoubles[i] = twoRows[i];
        }
        int[] outDouble = new int[2];
        vector.argmaxRows(2, row.length, asDoubles, outDouble);
        assertArrayEquals(out, outDouble, "double agrees with float");
        return out[0];
    }

    // ------------------------------------------ softmax and losses -----------------------------------------

    @Test
    void crossEntropyInPlaceEqualsCrossEntropyIntoAnotherArray() {
        SplittableRandom random = new SplittableRandom(4);
        for (int cols : lengthsAround(FLOAT_LANES)) {
            if (cols == 0) {
                continue;
            }
            int rows = 5;
            float[] logits = floats(random, rows * cols, false);
            int[] labels = random.ints(rows, 0, cols).toArray();
            float[] gradient = new float[rows * cols], inPlace = logits.clone();
            float loss = vector.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
            float lossInPlace = vector.softmaxCrossEntropy(rows, cols, inPlace, labels, inPlace);
            assertEquals(loss, lossInPlace, "cols=" + cols);
            assertArrayEquals(gradient, inPlace, "cols=" + cols);
            assertEquals(loss, vector.softmaxCrossEntropy(rows, cols, logits, labels, null), "without a gradient");
            double[] logitsD = new double[logits.length];
            for (int i = 0; i < logits.length; i++) {
                logitsD[i] = logits[i];
            }
            double[] gradientD = new double[logitsD.length];
            double lossD = vector.softmaxCrossEntropy(rows, cols, logitsD, labels, gradientD);
            assertEquals(lossD, vector.softmaxCrossEntropy(rows, cols, logitsD, labels, logitsD));
            assertArrayEquals(gradientD, logitsD);
            assertEquals(lossD, loss, 1e-5 * Math.max(1, lossD), "float close to double");
        }
    }

    @Test
    void hugeLogitsGiveFiniteResults() {
        int rows = 3, cols = 2 * FLOAT_LANES + 3;
        float[] logits = new float[rows * cols];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = i < cols ? -1e4f : random.nextBoolean() ? 1e4f : -1e4f;
        }
        logits[0] = 1e4f;
        logits[1] = 1e4f - 1f;
        int[] labels = {0, cols - 1, cols / 2};
        float[] softmax = new float[logits.length], logSoftmax = new float[logits.length], gradient = new float[logits.length];
        vector.softmax(rows, cols, logits, softmax);
        vector.logSoftmax(rows, cols, logits, logSoftmax);
        float loss = vector.softmaxCrossEntropy(rows, cols, logits, labels, gradient);
        assertTrue(Float.isFinite(loss), "loss " + loss);
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                assertTrue(Float.isFinite(softmax[i]) && Float.isFinite(logSoftmax[i]) && Float.isFinite(gradient[i]), "at " + i);
                sum += softmax[i];
            }
            assertEquals(1f, sum, 1e-6f, "row " + r + " sums to 1");
        }
        assertEquals(1 / (1 + Math.exp(-1)), softmax[0], 1e-6, "two close maxima split the mass");
        float expected = scalar.softmaxCrossEntropy(rows, cols, logits, labels, null);
        assertEquals(expected, loss, 1e-6f * Math.abs(expected));
    }

    @Test
    void nonFiniteRowsBecomeNaNAsTheContractSays() {
        int cols = FLOAT_LANES + 1;
        float[] x = new float[4 * cols];
        x[3] = Float.NaN;                                  // row 0: a NaN
        x[cols + cols - 1] = Float.POSITIVE_INFINITY;      // row 1: +inf in the tail
        Arrays.fill(x, 2 * cols, 3 * cols, Float.NEGATIVE_INFINITY); // row 2: only -inf
        x[3 * cols + 1] = Float.NEGATIVE_INFINITY;         // row 3: one -inf, otherwise finite
        float[] p = new float[x.length];
        vector.softmax(4, cols, x, p);
        for (int j = 0; j < 3 * cols; j++) {
            assertTrue(Float.isNaN(p[j]), "rows 0-2 are NaN, at " + j);
        }
        assertEquals(0f, p[3 * cols + 1], "-inf gets probability 0");
        assertEquals(1f / (cols - 1), p[3 * cols], 1e-6f);
    }

    @Test
    void sigmoidSaturatesExactlyAndNeverGivesNaNForFiniteInput() {
        float[] x = {-1e4f, -200f, -104f, -88f, 0f, 20f, 88f, 200f, 1e4f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        float[] y = new float[x.length];
        vector.sigmoid(x.length, x, y);
        assertArrayEquals(new float[] {0f, 0f, 0f}, Arrays.copyOf(y, 3));
        assertEquals(0.5f, y[4]);
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 0f, 1f}, Arrays.copyOfRange(y, 5, 11));
        for (float v : y) {
            assertFalse(Float.isNaN(v));
        }
    }

    /**
     * The first call runs interpreted, later ones compiled by C2; both must give the same bits. This is the reason the
     * provider computes e^x and lane sums itself instead of with the Vector API's EXP and reduceLanes(ADD).
     */
    @Test
    void coldAndCompiledCallsGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(6);
        int rows = 64, cols = 3 * FLOAT_LANES + 5, n = rows * cols;
        float[] x = floats(random, n, false);
        double[] xd = doubles(random, n, false);
        int[] labels = random.ints(rows, 0, cols).toArray();
        List<Object> first = transcendentalOutputs(rows, cols, x, xd, labels);
        for (int i = 0; i < 300; i++) {
            transcendentalOutputs(rows, cols, x, xd, labels);
        }
        List<Object> later = transcendentalOutputs(rows, cols, x, xd, labels);
        for (int o = 0; o < first.size(); o++) {
            assertTrue(first.get(o) instanceof float[] f ? Arrays.equals(f, (float[]) later.get(o))
                    : Arrays.equals((double[]) first.get(o), (double[]) later.get(o)), "output " + o);
        }
    }

    private List<Object> transcendentalOutputs(int rows, int cols, float[] x, double[] xd, int[] labels) {
        int n = rows * cols;
        float[] softmax = new float[n], logSoftmax = new float[n], gradient = new float[n], sigmoid = new float[n];
        vector.softmax(rows, cols, x, softmax);
        vector.logSoftmax(rows, cols, x, logSoftmax);
        float loss = vector.softmaxCrossEntropy(rows, cols, x, labels, gradient);
        vector.sigmoid(n, x, sigmoid);
        float[] sums = {loss, vector.sumOfSquares(n, x), vector.halfSquaredError(n, x, softmax, null)};
        double[] softmaxD = new double[n], sigmoidD = new double[n];
        vector.softmax(rows, cols, xd, softmaxD);
        vector.sigmoid(n, xd, sigmoidD);
        double[] sumsD = {vector.softmaxCrossEntropy(rows, cols, xd, labels, null), vector.sumOfSquares(n, xd)};
        return List.of(softmax, logSoftmax, gradient, sigmoid, sums, softmaxD, sigmoidD, sumsD);
    }

    // ------------------------------------------------ helpers ----------------------------------------------

    private static KernelsProvider provider(String name) {
        return Kernels.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no provider '" + name + "' on the class path"));
    }

    /** Gaussian values, with NaN, ±∞ and ±0 sprinkled in when {@code special}. */
    private static float[] floats(SplittableRandom random, int n, boolean special) {
        float[] values = new float[n];
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f};
        for (int i = 0; i < n; i++) {
            values[i] = special && random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : (float) (3 * random.nextGaussian());
        }
        return values;
    }

    private static double[] doubles(SplittableRandom random, int n, boolean special) {
        double[] values = new double[n];
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0d, 0d};
        for (int i = 0; i < n; i++) {
            values[i] = special && random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : 3 * random.nextGaussian();
        }
        return values;
    }

    /** An output of n elements followed by NaN guards that no operation may overwrite. */
    private static float[] guarded(int n) {
        float[] out = new float[n + FLOAT_LANES + 1];
        Arrays.fill(out, n, out.length, Float.NaN);
        return out;
    }

    private static double[] guardedDoubles(int n) {
        double[] out = new double[n + DOUBLE_LANES + 1];
        Arrays.fill(out, n, out.length, Double.NaN);
        return out;
    }

    /** Runs {@code main} in a new JVM with this test's class path and the given options; returns what it printed. */
    private static String runJava(List<String> options, Class<?> main) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
