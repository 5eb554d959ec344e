package dev.lanes.nn.optim;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.internal.TensorKernels;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates a model's parameters from their gradients, as PyTorch's {@code torch.optim} optimisers:
 * {@link #zeroGrad()}, forward, backward, {@link #step()}. Weight decay adds decay·W to each weight's gradient
 * before the update ({@link AdamW} instead shrinks the weights, decoupled from the gradient). By default Lanes
 * decays weights only, not biases, as the seeds' L2 penalty does; PyTorch decays every parameter it is given,
 * biases included: {@link #decayBiases(boolean) decayBiases(true)} does the same. The optimiser's state (momentum, Adam's moments, the step count) can be saved and restored for
 * checkpoints. An optimiser is made for one model and computes with that model's kernels.
 */
public abstract class Optimizer {

    private final List<String> names;
    private final List<Parameter> parameters;
    private final Layer model;
    private final double weightDecay;
    private boolean decayBiases;
    private double learningRate;
    private long steps;

    /**
     * An optimiser of every parameter of {@code model}.
     *
     * @param model the model whose parameters, as it names them now, are updated
     * @param learningRate the initial learning rate, finite and ≥ 0
     * @param weightDecay the weight decay, finite and ≥ 0: the factor of W added to each weight's gradient, or for an
     *        optimiser that decays the weights itself ({@link #decaysThroughGradient()} false), its factor
     * @throws IllegalArgumentException if the model has no parameters or a rate is out of range
     */
    protected Optimizer(Layer model, double learningRate, double weightDecay) {
        Map<String, Parameter> named = model.namedParameters();
        if (named.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the model " + model.describe() + " has no parameters");
        }
        checkRate(learningRate);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weightDecay must be finite and >= 0, got " + weightDecay);
        }
        this.names = List.copyOf(named.keySet());
        this.parameters = List.copyOf(named.values());
        this.model = model;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    private void checkRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got " + rate);
        }
    }

    /** One update of every parameter from its gradient. */
    public final void step() {
        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            double decay = weightDecay(p);
            if (decay != 0 && decaysThroughGradient()) {
                TensorKernels.axpy(model.kernels(), decay, p.value(), p.grad());
            }
            update(i, p);
        }
    }

    /**
     * Updates parameter {@code index} (in {@link #parameterNames()} order); {@link #steps()} already counts this step.
     *
     * @param index the parameter's position, for its state slots
     * @param parameter the parameter, whose gradient (weight decay included, unless
     *        {@link #decaysThroughGradient()} is false) is ready
     */
    protected abstract void update(int index, Parameter parameter);

    /**
     * Whether {@link #step()} adds decay·W to the gradient before {@link #update}, as PyTorch's optimisers but
     * AdamW do; an optimiser that decays the weights itself returns false and reads {@link #weightDecay(Parameter)}.
     *
     * @return true by default
     */
    protected boolean decaysThroughGradient() {
        return true;
    }

    /**
     * The weight decay that applies to {@code parameter}: {@link #weightDecay()}, or 0 for a bias unless
     * {@link #decayBiases(boolean)} asked for it.
     *
     * @param parameter one of this optimiser's parameters
     * @return the decay factor for it, ≥ 0
     */
    protected final double weightDecay(Parameter parameter) {
        return parameter.kind() == Parameter.Kind.WEIGHT || decayBiases ? weightDecay : 0;
    }

    /**
     * Whether weight decay applies to biases too, as in PyTorch (which decays every parameter it is given), or to
     * weights only, Lanes' default. Part of {@link #describe()}, so a resumed run must choose the same.
     *
     * @param decay true to decay biases as well as weights
     * @return {@code this}, for chaining
     */
    public final Optimizer decayBiases(boolean decay) {
        this.decayBiases = decay;
        return this;
    }

    /**
     * Whether weight decay applies to biases.
     *
     * @return true if biases are decayed too; false (the default) if only weights are
     */
    public final boolean decaysBiases() {
        return decayBiases;
    }

    /**
     * The weight-decay settings as {@link #describe()} lists them: {@code weight_decay=…}, and
     * {@code , decay_biases=true} when biases are decayed (absent otherwise, so descriptions from before the
     * option existed still match).
     *
     * @return the text to put among the hyperparameters
     */
    protected final String decayDescription() {
        return "weight_decay=" + weightDecay + (decayBiases ? ", decay_biases=true" : "");
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).zeroGrad();
        }
    }

    /**
     * The current learning rate.
     *
     * @return the rate the next step uses
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate for the following steps (a schedule calls this).
     *
     * @param learningRate the new rate, finite and ≥ 0
     * @throws IllegalArgumentException if the rate is negative, infinite or NaN
     */
    public void setLearningRate(double learningRate) {
        checkRate(learningRate);
        this.learningRate = learningRate;
    }

    /**
     * Whether this optimiser has a momentum a schedule can set ({@link #setMomentum}): SGD and RMSprop built with
     * momentum &gt; 0 (which gives them momentum buffers), Adam and AdamW (β₁).
     *
     * @return false by default
     */
    public boolean hasMomentum() {
        return false;
    }

    /**
     * Sets the momentum for the following steps, as PyTorch's {@code OneCycleLR} sets a param group's
     * {@code momentum} or β₁; the hyperparameters {@link #describe()} lists stay the constructor's.
     *
     * @param momentum the new momentum, in [0, 1)
     * @throws UnsupportedOperationException if {@link #hasMomentum()} is false
     * @throws IllegalArgumentException if momentum is out of range
     */
    public void setMomentum(double momentum) {
        throw new UnsupportedOperationException(describe() + " has no momentum to set");
    }

    /**
     * Checks a momentum for {@link #setMomentum}.
     *
     * @param momentum the value given
     * @return the value, if in [0, 1)
     * @throws IllegalArgumentException if it is not
     */
    protected final double checkMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": momentum must be in [0, 1), got " + momentum);
        }
        return momentum;
    }

    /**
     * The weight decay, fixed at construction.
     *
     * @return the factor, 0 for none
     */
    public double weightDecay() {
        return weightDecay;
    }

    /**
     * Updates done so far.
     *
     * @return the number of {@link #step()} calls, plus those of a loaded state
     */
    public long steps() {
        return steps;
    }

    /**
     * The parameters' names, as the model names them ({@code "0.weight"}, …).
     *
     * @return an unmodifiable list, in the order of {@link Layer#namedParameters()}
     */
    public List<String> parameterNames() {
        return names;
    }

    /**
     * The parameters updated, in order.
     *
     * @return an unmodifiable list, in {@link #parameterNames()} order
     */
    protected List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The model this optimiser updates.
     *
     * @return the model given to the constructor
     */
    public Layer model() {
        return model;
    }

    /**
     * The kernels to compute with: the model's, read at each call (see {@link Layer#kernels()}).
     *
     * @return the model's current kernels
     */
    protected Kernels kernels() {
        return model.kernels();
    }

    /**
     * A short name for files and messages: {@code "sgd"}, {@code "adam"}, {@code "adamw"}, {@code "rmsprop"},
     * {@code "adagrad"}.
     *
     * @return the name, lower case
     */
    public abstract String name();

    /**
     * The hyperparameters as text, so a resumed run can check it continues the same optimiser.
     *
     * @return the name and every hyperparameter but the learning rate, which a schedule changes
     */
    public abstract String describe();

    /**
     * Per-parameter state, named {@code <parameter>.<slot>} (PyTorch's slot names); live tensors, not copies.
     *
     * @return a new map from {@code name.slot} to the live state tensor; empty for plain SGD
     */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<String> slots = slotNames();
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < names.size(); i++) {
                state.put(names.get(i) + "." + slots.get(s), slot(s, i));
            }
        }
        return state;
    }

    /**
     * Throws {@link IllegalArgumentException} naming every problem if {@link #loadState} would refuse this
     * state; changes nothing. For a caller that must check everything it will load before changing anything.
     *
     * @param state a saved {@link #state()}
     * @param steps a saved {@link #steps()}
     * @throws IllegalArgumentException if a slot is missing or of another dtype or size, or steps is negative
     */
    public final void checkState(Map<String, Tensor> state, long steps) {
        List<String> slots = slotNames();
        List<String> problems = new ArrayList<>();
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < names.size(); i++) {
                String key = names.get(i) + "." + slots.get(s);
                Tensor saved = state.get(key);
                Tensor live = slot(s, i);
                if (saved == null) {
                    problems.add("missing " + key);
                } else if (saved.dtype() != live.dtype() || saved.size() != live.size()) {
                    problems.add(key + " is " + saved.describe() + ", expected " + live.describe());
                }
            }
        }
        if (steps < 0) {
            problems.add("negative step count " + steps);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(name() + " optimiser state does not fit this model: " + String.join("; ", problems));
        }
    }

    /**
     * Restores the state from {@link #state()} and {@link #steps()} of an optimiser of the same kind on the same
     * model; checks all of it first ({@link #checkState}), so a refused state changes nothing.
     *
     * @param state a saved {@link #state()}; its tensors are copied
     * @param steps a saved {@link #steps()}
     * @throws IllegalArgumentException as {@link #checkState} does
     */
    public final void loadState(Map<String, Tensor> state, long steps) {
        checkState(state, steps);
        List<String> slots = slotNames();
        for (int s = 0; s < slots.size(); s++) {
            for (int i = 0; i < names.size(); i++) {
                slot(s, i).copyFrom(state.get(names.get(i) + "." + slots.get(s)));
            }
        }
        this.steps = steps;
    }

    /**
     * The names of the per-parameter state slots, e.g. {@code momentum_buffer}; none by default.
     *
     * @return the slot names, in the order {@link #slot} numbers them
     */
    protected List<String> slotNames() {
        return List.of();
    }

    /**
     * Slot {@code slot} of parameter {@code index}.
     *
     * @param slot the slot's position in {@link #slotNames()}
     * @param index the parameter's position
     * @return the live state tensor, shaped as the parameter
     */
    protected Tensor slot(int slot, int index) {
        throw new IndexOutOfBoundsException("no state slot " + slot);
    }
}
