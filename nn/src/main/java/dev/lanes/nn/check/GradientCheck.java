package dev.lanes.nn.check;

import dev.lanes.nn.Tensor;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.loss.Regularization;
import dev.lanes.nn.loss.Loss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Numerical gradient checking, as in the seeds (CS231n's {@code eval_numerical_gradient} and
 * {@code rel_error}): central differences (f(x + h) − f(x − h)) / 2h, one element at a time, compared with the
 * backward pass by the relative error max |a − n| / max(1e-8, |a| + |n|). Use float64: in float32 the
 * differences drown in rounding.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * The result: the largest relative error per checked tensor ({@code "input"}, {@code "0.weight"}, …).
     *
     * @param relativeErrors the largest relative error per tensor, input first, then the parameters by path
     * @param analytic the gradients the backward pass gave, by the same names
     * @param numerical the central-difference gradients, by the same names
     */
    public record Report(Map<String, Double> relativeErrors, Map<String, Tensor> analytic, Map<String, Tensor> numerical) {

        /**
         * The largest relative error over every tensor checked.
         *
         * @return the worst error; below about 1e-7 in float64 means the backward pass is right
         */
        public double maxRelativeError() {
            return relativeErrors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        @Override
        public String toString() {
            return "GradientCheck.Report" + relativeErrors;
        }
    }

    /**
     * The numerical gradient of {@code f} with respect to every element of {@code x}, which {@code f} reads:
     * each element is moved by ±h, f evaluated, and the element restored.
     *
     * @param f the function, which reads {@code x} each time it is called
     * @param x the point, moved and restored element by element
     * @param h the step, e.g. 1e-5 in float64
     * @return a new tensor shaped as x holding ∂f/∂x
     */
    public static Tensor numericalGradient(DoubleSupplier f, Tensor x, double h) {
        Tensor grad = Tensor.zeros(x.dtype(), x.shape());
        for (int i = 0; i < x.size(); i++) {
            double old = x.getFlat(i);
            x.setFlat(i, old + h);
            double plus = f.getAsDouble();
            x.setFlat(i, old - h);
            double minus = f.getAsDouble();
            x.setFlat(i, old);
            grad.setFlat(i, (plus - minus) / (2 * h));
        }
        return grad;
    }

    /**
     * max |a − b| / max(1e-8, |a| + |b|) over the elements, as the seeds' {@code rel_error}.
     *
     * @param a one tensor
     * @param b another of the same size
     * @return the largest relative error, 0 when both are empty
     * @throws IllegalArgumentException if the sizes differ
     */
    public static double relativeError(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("relativeError: " + a.describe() + " and " + b.describe() + " differ in size");
        }
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-8, Math.abs(x) + Math.abs(y)));
        }
        return worst;
    }

    /**
     * Checks the gradients {@code model.backward} gives for every parameter and for the input against central
     * differences of loss(model(input), target) + the penalty ({@code regularization} may be null); loss and
     * regularisation must be made for {@code model}.
     *
     * @param <T> the loss's target type
     * @param model the model checked; its gradients are cleared and recomputed
     * @param input a small batch, whose gradient is checked too
     * @param loss the loss made for the model
     * @param target the batch's targets
     * @param regularization a penalty made for the model, or {@code null}
     * @param h the central differences' step
     * @return the analytic and numerical gradients and their errors
     * @throws IllegalArgumentException if the loss or regularisation is made for another model
     */
    public static <T> Report check(Layer model, Tensor input, Loss<T> loss, T target,
                                   Regularization regularization, double h) {
        if (loss.model() != model || (regularization != null && regularization.model() != model)) {
            throw new IllegalArgumentException("GradientCheck.check: the loss and the regularisation must be made for the model checked, "
                    + model.describe());
        }
        DoubleSupplier objective = () -> {
            double value = loss.forward(model.forward(input), target);
            return regularization == null ? value : value + regularization.penalty();
        };

        model.zeroGrad();
        loss.forward(model.forward(input), target);
        Tensor inputGrad = model.backward(loss.backward()).copy();
        if (regularization != null) {
            regularization.addGradient();
        }
        Map<String, Tensor> analytic = new LinkedHashMap<>();
        analytic.put("input", inputGrad);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            analytic.put(e.getKey(), e.getValue().grad().copy());
        }

        Map<String, Tensor> numerical = new LinkedHashMap<>();
        numerical.put("input", numericalGradient(objective, input, h));
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            numerical.put(e.getKey(), numericalGradient(objective, e.getValue().value(), h));
        }

        Map<String, Double> errors = new LinkedHashMap<>();
        for (String name : analytic.keySet()) {
            errors.put(name, relativeError(analytic.get(name), numerical.get(name)));
        }
        return new Report(errors, analytic, numerical);
    }
}
