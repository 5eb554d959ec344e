package dev.lanes.nn.optim;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.List;

/**
 * Gradient clipping between the backward pass and the optimiser step, as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_} (by the global L2 norm of all gradients together) and
 * {@code clip_grad_value_} (each element into [−limit, limit]). Give one to
 * {@link dev.lanes.nn.train.Trainer#clipGradients}, or call {@link #clip(Layer)} yourself after
 * {@code backward}. Immutable. PyTorch always multiplies by the clamped coefficient; Lanes skips the
 * multiplication when it is 1, which changes no value.
 */
public final class GradientClipping {

    /** PyTorch's guard in max_norm / (total_norm + 1e-6), which keeps a zero norm from dividing by zero. */
    private static final double NORM_GUARD = 1e-6;

    private final boolean byNorm;
    private final double limit;

    private GradientClipping(boolean byNorm, double limit) {
        this.byNorm = byNorm;
        this.limit = limit;
    }

    /**
     * Scales all gradients together by min(1, maxNorm / (‖g‖₂ + 1e-6)), where ‖g‖₂ is the L2 norm of every
     * gradient element of the model, as {@code clip_grad_norm_(model.parameters(), maxNorm)}.
     *
     * @param maxNorm the largest global norm kept, &gt; 0 and finite
     * @return the clipping
     * @throws IllegalArgumentException if maxNorm is not positive and finite
     */
    public static GradientClipping byNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("GradientClipping.byNorm: maxNorm must be > 0 and finite, got " + maxNorm);
        }
        return new GradientClipping(true, maxNorm);
    }

    /**
     * Clamps every gradient element into [−limit, limit], as {@code clip_grad_value_(model.parameters(), limit)}.
     *
     * @param limit the largest magnitude kept, &gt; 0 and finite
     * @return the clipping
     * @throws IllegalArgumentException if limit is not positive and finite
     */
    public static GradientClipping byValue(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("GradientClipping.byValue: limit must be > 0 and finite, got " + limit);
        }
        return new GradientClipping(false, limit);
    }

    /**
     * Clips the gradients of every parameter of {@code model}, in place.
     *
     * @param model the model whose gradients, as the last backward pass left them, are clipped
     * @return as {@link #clip(List, Kernels)}
     */
    public double clip(Layer model) {
        return clip(model.parameters(), model.kernels());
    }

    /**
     * Clips the gradients of these parameters, in place; allocates nothing, for a training loop that keeps the
     * list.
     *
     * @param parameters the parameters whose gradients are clipped together
     * @param kernels the kernels to compute with (the model's)
     * @return for clipping by norm, the global L2 norm of the gradients before clipping (PyTorch's return value;
     *         NaN or infinite if a gradient is, and then the gradients are scaled by NaN or 0 as PyTorch does);
     *         for clipping by value, NaN
     */
    public double clip(List<Parameter> parameters, Kernels kernels) {
        if (!byNorm) {
            for (int i = 0; i < parameters.size(); i++) {
                TensorKernels.clipByValue(kernels, parameters.get(i).grad(), limit);
            }
            return Double.NaN;
        }
        // The sum of squares per tensor in its own precision, added in double: the norm PyTorch computes from
        // per-tensor norms, up to rounding.
        double sumOfSquares = 0;
        for (int i = 0; i < parameters.size(); i++) {
            sumOfSquares += TensorKernels.sumOfSquares(kernels, parameters.get(i).grad());
        }
        double norm = Math.sqrt(sumOfSquares);
        double coefficient = limit / (norm + NORM_GUARD);
        if (!(coefficient >= 1)) {
            for (int i = 0; i < parameters.size(); i++) {
                TensorKernels.scale(kernels, coefficient, parameters.get(i).grad());
            }
        }
        return norm;
    }

    /**
     * As PyTorch would write the call, for run configurations and messages.
     *
     * @return {@code clip_grad_norm(max_norm=…)} or {@code clip_grad_value(clip_value=…)}
     */
    public String describe() {
        return byNorm ? "clip_grad_norm(max_norm=" + limit + ")" : "clip_grad_value(clip_value=" + limit + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
