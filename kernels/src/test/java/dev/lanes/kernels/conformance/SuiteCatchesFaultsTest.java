package dev.lanes.kernels.conformance;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.thirdparty.FaultyTestProvider;
import dev.lanes.kernels.thirdparty.FaultyTestProvider.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite catches wrong kernels: with {@link FaultyTestProvider} made available with one injected fault, the
 * agreement test of the faulty operation fails, naming the provider and the case's seed. Shows that the
 * tolerances and the cases are sharp enough to matter, not just that correct providers pass.
 */
class SuiteCatchesFaultsTest {

    @AfterEach
    void clearFault() {
        System.clearProperty(FaultyTestProvider.FAULT_PROPERTY);
    }

    private static Kernels faulty(Fault fault) {
        System.setProperty(FaultyTestProvider.FAULT_PROPERTY, fault.name());
        return Kernels.withProvider(FaultyTestProvider.NAME);
    }

    /** Runs every DynamicTest of one OpsConformance factory; returns the first failure's message. */
    private static String firstFailure(Stream<DynamicTest> tests) {
        for (DynamicTest test : tests.toList()) {
            try {
                test.getExecutable().execute();
            } catch (AssertionFailedError e) {
                return e.getMessage();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
        return null;
    }

    @Test
    void aGemmThatDropsOneStepOfKIsCaught() {
        Kernels k = faulty(Fault.GEMM_DROPS_LAST_K);
        int caught = 0, cases = 0;
        for (GemmConformance.GemmCase g : GemmConformance.family("random shapes below 80").subList(0, 200)) {
            if (g.k() > 1 && g.alpha() != 0 && g.m() > 0 && g.n() > 0) {
                cases++;
                String problem = GemmConformance.check(g, Precision.FLOAT, Agreement.reference(), List.of(k));
                if (problem != null) {
                    caught++;
                    assertTrue(problem.contains(FaultyTestProvider.NAME) && problem.contains("seed="), problem);
                }
            }
        }
        assertEquals(cases, caught, "every case with k > 1 should expose the dropped term");
    }

    @Test
    void aSoftmaxTailLeftOutOfTheSumIsCaught() {
        Kernels k = faulty(Fault.SOFTMAX_SKIPS_LAST_IN_SUM);
        String failure = firstFailure(new OpsConformance(List.of(k)).softmax());
        assertNotNull(failure, "the softmax agreement test passed a wrong softmax");
        assertTrue(failure.contains(FaultyTestProvider.NAME) && failure.contains("seed"), failure);
    }

    @Test
    void aReluBackwardThatMasksByMultiplyingIsCaught() {
        Kernels k = faulty(Fault.RELU_BACKWARD_MULTIPLIES);
        String failure = firstFailure(new OpsConformance(List.of(k)).reluBackward());
        assertNotNull(failure, "the reluBackward agreement test passed NaN·0");
        assertTrue(failure.contains(FaultyTestProvider.NAME), failure);
    }

    @Test
    void columnSumsIgnoringBetaIsCaught() {
        Kernels k = faulty(Fault.COLUMN_SUMS_IGNORES_BETA);
        String failure = firstFailure(new OpsConformance(List.of(k)).columnSums());
        assertNotNull(failure, "the columnSums agreement test passed a kernel ignoring beta");
        assertTrue(failure.contains(FaultyTestProvider.NAME), failure);
    }

    @ParameterizedTest
    @CsvSource({
            "DROPOUT_MASK_OFF_BY_ONE, dropout",
            "ROW_MOMENTS_UNBIASED, rowMoments",
            "LAYER_NORM_BACKWARD_WITHOUT_VARIANCE_TERM, normalizeRowsBackward"})
    void aWrongNormalizationKernelIsCaught(Fault fault, String operation) {
        Kernels k = faulty(fault);
        String failure = firstFailure(new NormalizationConformance(List.of(k)).agreement(operation));
        assertNotNull(failure, "the " + operation + " agreement test passed " + fault);
        assertTrue(failure.contains(FaultyTestProvider.NAME) && failure.contains("seed"), failure);
    }

    @Test
    void rmspropWithEpsilonInsideTheRootIsCaught() {
        Kernels k = faulty(Fault.RMSPROP_EPSILON_INSIDE_ROOT);
        String failure = firstFailure(new OpsConformance(List.of(k)).rmspropStep());
        assertNotNull(failure, "the rmspropStep agreement test passed ε inside the square root");
        assertTrue(failure.contains(FaultyTestProvider.NAME) && failure.contains("seed"), failure);
    }

    @Test
    void adamwDecayingAfterTheStepIsCaught() {
        Kernels k = faulty(Fault.ADAMW_DECAYS_AFTER_THE_STEP);
        String failure = firstFailure(new OpsConformance(List.of(k)).adamStep());
        assertNotNull(failure, "the adamStep agreement test passed AdamW's decay after the step");
        assertTrue(failure.contains(FaultyTestProvider.NAME) && failure.contains("weightDecay="), failure);
    }

    @Test
    void aGeluThatIsTheTanhApproximationIsCaught() {
        // The two forms differ by at most 5e-4 (relatively about 1e-3 where it matters): far beyond the bound.
        Kernels k = faulty(Fault.GELU_IS_THE_TANH_FORM);
        OpsConformance.ForwardCase gelu = OpsConformance.forwardCases().stream()
                .filter(c -> c.name().equals("gelu")).findFirst().orElseThrow();
        String failure = firstFailure(new OpsConformance(List.of(k)).forward(gelu));
        assertNotNull(failure, "the gelu agreement test passed the tanh approximation");
        assertTrue(failure.contains(FaultyTestProvider.NAME), failure);
    }

    @Test
    void withoutTheFaultPropertyTheFaultyProviderIsNeverUsed() {
        assertTrue(Kernels.providers().stream().anyMatch(p -> p.name().equals(FaultyTestProvider.NAME)));
        assertTrue(Kernels.providers().stream().filter(p -> p.name().equals(FaultyTestProvider.NAME))
                .allMatch(p -> p.unavailableReason().isPresent()), "the faulty provider is available without its property");
    }
}
