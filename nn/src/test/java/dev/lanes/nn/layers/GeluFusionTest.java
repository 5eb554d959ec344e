package dev.lanes.nn.layers;

import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.init.Initializers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Sequential's Linear→GELU: fused into the GEMM while evaluating, with the bits of the separate passes. */
class GeluFusionTest {

    private static Linear copy(Linear l, DType dtype) {
        Linear c = new Linear(l.inFeatures(), l.outFeatures(), dtype);
        c.weight().value().copyFrom(l.weight().value());
        c.bias().value().copyFrom(l.bias().value());
        return c;
    }

    @Test
    void evaluatingFusesAndGivesTheSameBitsAsSeparatePasses() {
        for (DType dtype : DType.values()) {
            for (GELU.Approximation form : GELU.Approximation.values()) {
                SeededRandom r = new SeededRandom(5);
                Linear first = new Linear(7, 9, dtype).initialize(Initializers.he(), r);
                Linear second = new Linear(9, 3, dtype).initialize(Initializers.he(), r);
                Sequential fused = new Sequential(first, new GELU(form), second);
                Sequential separate = new Sequential(List.of(copy(first, dtype), new GELU(form), copy(second, dtype)), false);
                Tensor x = Tensor.zeros(dtype, 33, 7);
                for (int i = 0; i < x.size(); i++) {
                    x.setFlat(i, 3 * r.nextGaussian());
                }
                String what = dtype + ", " + form;
                assertTrue(fused.describe().contains("(in the GEMM when evaluating)"), fused.describe());
                // Training: the plan does not fuse (GELU's backward needs its input), forward and backward as separate.
                Tensor trained = fused.forward(x).copy();
                Tensor dx = fused.backward(trained).copy();
                assertTrue(trained.contentEquals(separate.forward(x)) && dx.contentEquals(separate.backward(trained)), what);
                // Evaluating: one GEMM with a GELU epilogue, the same bits.
                fused.eval();
                separate.eval();
                assertTrue(fused.forward(x).copy().contentEquals(separate.forward(x)), what);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> fused.backward(trained));
                assertTrue(e.getMessage().contains("evaluation mode"), e.getMessage());
            }
        }
    }
}
