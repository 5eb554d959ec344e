package dev.lanes.nn.loss;

import dev.lanes.nn.layers.Layer;

/**
 * A penalty on a model's parameters added to the loss (and its gradient to theirs), made for one model and
 * computed with its kernels.
 */
public interface Regularization {

    /**
     * The model whose parameters are penalised.
     *
     * @return the model given to the constructor
     */
    Layer model();

    /**
     * The penalty's value.
     *
     * @return the term added to the loss for the model's current parameters, ≥ 0
     */
    double penalty();

    /** Adds the penalty's gradient to the parameters' gradients (after the backward pass). */
    void addGradient();

    /**
     * The term and its strength as text, e.g. {@code "l2(0.0001)"}, so a resumed run can check it is the same.
     *
     * @return a stable name with the strength
     */
    String describe();
}
