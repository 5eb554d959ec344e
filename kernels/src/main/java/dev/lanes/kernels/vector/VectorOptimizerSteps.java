package dev.lanes.kernels.vector;

import dev.lanes.kernels.scalar.ScalarKernels;
import dev.lanes.kernels.spi.OptimizerSteps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

import static dev.lanes.kernels.vector.PreferredSpecies.DOUBLES;
import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * Adam's fused update. Each loop runs whole vectors up to {@code loopBound} and finishes with the scalar reference's
 * loop, not a masked vector (why: {@link VectorElementwise}).
 * Every element goes through the same operations in the same order as the scalar reference (products and sums,
 * never a fused multiply-add; the bias corrections computed once, as the reference does), so the results are
 * bit-identical to it.
 */
final class VectorOptimizerSteps implements OptimizerSteps {

    // ---- float: the double half below is generated from this by PrecisionTwins ----

    @Override
    public void adamStep(int n, float[] param, float[] grad, float[] m, float[] v,
                         float learningRate, float beta1, float beta2, float epsilon, int step) {
        // The bias corrections exactly as the scalar reference computes them, so the update is bit-identical.
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, step)));
        float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = FLOATS.length(), i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += lanes) {
            FloatVector g = FloatVector.fromArray(FLOATS, grad, i);
            FloatVector mi = FloatVector.fromArray(FLOATS, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(FLOATS, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            FloatVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector.fromArray(FLOATS, param, i).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        if (i < n) {
            ScalarKernels.adamStep(i, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
        }
    }

    // ---- double: generated from the float half above by PrecisionTwins; do not edit ----

    @Override
    public void adamStep(int n, double[] param, double[] grad, double[] m, double[] v,
                         double learningRate, double beta1, double beta2, double epsilon, int step) {
        // The bias corrections exactly as the scalar reference computes them, so the update is bit-identical.
        double stepSize = (double) (learningRate / (1 - Math.pow(beta1, step)));
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, step));
        double oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        int lanes = DOUBLES.length(), i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += lanes) {
            DoubleVector g = DoubleVector.fromArray(DOUBLES, grad, i);
            DoubleVector mi = DoubleVector.fromArray(DOUBLES, m, i).mul(beta1).add(g.mul(oneMinusBeta1));
            DoubleVector vi = DoubleVector.fromArray(DOUBLES, v, i).mul(beta2).add(g.mul(oneMinusBeta2).mul(g));
            DoubleVector denominator = vi.sqrt().div(sqrtCorrection2).add(epsilon);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            DoubleVector.fromArray(DOUBLES, param, i).sub(mi.mul(stepSize).div(denominator)).intoArray(param, i);
        }
        if (i < n) {
            ScalarKernels.adamStep(i, n, param, grad, m, v, learningRate, beta1, beta2, epsilon, step);
        }
    }

    // ---- end of generated double half ----
}
