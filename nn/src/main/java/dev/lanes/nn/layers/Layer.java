package dev.lanes.nn.layers;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network, as PyTorch's {@code nn.Module}: a node in a tree of layers, with its own
 * {@link Parameter}s and named children registered once when it is built.
 *
 * <p>{@link #forward} computes the output for a batch (rows are samples) and keeps what {@link #backward}
 * needs; {@link #backward} takes ∂loss/∂output of the last forward, adds the parameter gradients into
 * {@link Parameter#grad()} and returns ∂loss/∂input. The tensors a layer returns are its own reused buffers:
 * they stay valid until the layer's next forward (or backward), so copy one to keep it. The input of a
 * forward must not be changed before the matching backward.
 *
 * <p>The tree is walked here, once for every kind of layer: {@link #namedParameters()} (named by path,
 * {@code "0.weight"}), {@link #namedBuffers()} (state that is saved but not learnt, such as batch normalisation's
 * running statistics), {@link #train()}/{@link #eval()} and {@link #zeroGrad()}.
 *
 * <p>One context per model: the {@link Kernels} every part of a model computes with are held by the root of
 * its tree and read from there at each call, by its layers and by the optimiser, loss, trainer and predictor
 * working on it. {@link #setKernels} on any layer of the model switches the whole model, and everything
 * working on it, to another provider or thread count. The root also holds the model's {@link #random()}
 * generator, from which its random layers ({@link Dropout}) draw in the order their forward passes run, so a
 * seed gives the same masks on every run and a checkpoint that saves the generator resumes them exactly.
 */
public abstract class Layer {

    private final Map<String, Layer> children = new LinkedHashMap<>();
    private final Map<String, Parameter> ownParameters = new LinkedHashMap<>();
    private final Map<String, Tensor> ownBuffers = new LinkedHashMap<>();
    // Indexed copies for the per-step walks (zeroGrad): no iterator per call.
    private final List<Layer> childList = new ArrayList<>();
    private final List<Parameter> ownParameterList = new ArrayList<>();
    private Layer parent;
    /** Read only on the root; null there until first asked for, then the default kernels. */
    private Kernels kernels;
    /** Read only on the root; null there until first asked for, then a generator seeded with 0. */
    private SeededRandom random;
    private boolean training = true;

    /**
     * A layer with no parameters or children yet; a subclass registers them in its constructor.
     */
    protected Layer() {
    }

    /**
     * The output for a batch of inputs.
     *
     * @param input a batch, [batch, features…]; rows are samples, in this layer's dtype
     * @return the output batch, a buffer of this layer's that the next forward overwrites
     * @throws IllegalArgumentException if the input's shape or dtype does not fit the layer, naming both
     */
    public abstract Tensor forward(Tensor input);

    /**
     * ∂loss/∂input from ∂loss/∂output, accumulating parameter gradients; needs the forward of the same batch first.
     *
     * @param gradOutput ∂loss/∂output for the batch of the last forward, shaped as that output
     * @return ∂loss/∂input, shaped as the last forward's input; a buffer the next backward overwrites
     * @throws IllegalStateException if no forward came first
     * @throws IllegalArgumentException if gradOutput is not shaped as the last output
     */
    public abstract Tensor backward(Tensor gradOutput);

    /**
     * As {@link #backward(Tensor)}, but when {@code inputGradient} is false a layer may skip computing
     * ∂loss/∂input (and return null): training needs no gradient for the data, and for a first Linear layer
     * that saves a GEMM as large as the forward one. Parameter gradients are accumulated either way.
     *
     * @param gradOutput ∂loss/∂output for the batch of the last forward, shaped as that output
     * @param inputGradient whether the caller needs ∂loss/∂input
     * @return ∂loss/∂input, or {@code null} if it was not asked for and the layer skipped it
     */
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        return backward(gradOutput);
    }

    /**
     * The number of output features for {@code inputFeatures} input features, or an exception naming the layer
     * if it cannot take them; element-wise layers keep the width. Lets a model be checked against data (and a
     * loss against a model) before any batch runs.
     *
     * @param inputFeatures the width of each input row
     * @return the width of each output row
     * @throws IllegalArgumentException if this layer cannot take rows of that width
     */
    public int outputFeatures(int inputFeatures) {
        return inputFeatures;
    }

    /**
     * Registers a parameter of this layer under its {@link Parameter#name()}; call from the constructor.
     *
     * @param parameter the parameter, whose name is unique among this layer's parameters and children
     * @return {@code parameter}, to assign to a field
     * @throws IllegalArgumentException if the name is taken
     */
    protected final Parameter registerParameter(Parameter parameter) {
        String name = parameter.name();
        requireFreeName(name);
        ownParameters.put(name, parameter);
        ownParameterList.add(parameter);
        return parameter;
    }

    /**
     * Registers {@code child} under {@code name} (its parameters become {@code name.weight}, …); call from the
     * constructor. From then on the child computes with this model's kernels. A layer belongs to one model.
     *
     * @param <L> the child's type, kept so that a field can hold it
     * @param name the child's name, unique in this layer, the first part of its parameters' paths
     * @param layer the child, which belongs to no model yet
     * @return {@code layer}, to assign to a field
     * @throws IllegalArgumentException if the name is taken or the layer already belongs to a model
     */
    protected final <L extends Layer> L registerChild(String name, L layer) {
        if (layer == null) {
            throw new NullPointerException(describe() + ": child '" + name + "' is null");
        }
        Layer child = layer; // the private fields of a type variable's instance are not accessible
        if (child.parent != null || child == this) {
            throw new IllegalArgumentException(describe() + ": " + child.describe() + " already belongs to "
                    + (child == this ? "itself" : child.parent.describe()) + "; a layer belongs to one model (build a new one)");
        }
        requireFreeName(name);
        children.put(name, child);
        childList.add(child);
        child.parent = this;
        child.kernels = null; // the root's are read from now on
        child.random = null;
        return layer;
    }

    /**
     * Registers a buffer of this layer: state saved with the model (under {@code path.name}, as PyTorch's
     * {@code register_buffer}) that is not learnt, such as a running mean; call from the constructor.
     *
     * @param name the buffer's name, unique among this layer's parameters, buffers and children
     * @param buffer the tensor, which the layer updates in place
     * @return {@code buffer}, to assign to a field
     * @throws IllegalArgumentException if the name is taken
     */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        requireFreeName(name);
        ownBuffers.put(name, buffer);
        return buffer;
    }

    private void requireFreeName(String name) {
        if (ownParameters.containsKey(name) || ownBuffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(describe() + ": a parameter, buffer or child is already named '" + name + "'");
        }
    }

    /**
     * The registered children by name, in registration order.
     *
     * @return an unmodifiable view; empty for a leaf layer
     */
    public final Map<String, Layer> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Every parameter of this layer and its descendants, named by path as PyTorch's {@code state_dict()} ({@code "0.weight"}).
     *
     * @return a new map from path to parameter, in registration order, parents' own parameters first
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collectParameters("", named);
        return named;
    }

    private void collectParameters(String prefix, Map<String, Parameter> into) {
        for (Map.Entry<String, Parameter> e : ownParameters.entrySet()) {
            into.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Layer> e : children.entrySet()) {
            e.getValue().collectParameters(prefix + e.getKey() + ".", into);
        }
    }

    /**
     * Every buffer of this layer and its descendants (saved state that is not learnt, such as
     * {@code "1.running_mean"}), named by path as PyTorch's {@code state_dict()} names them.
     *
     * @return a new map from path to the live tensor, in registration order, parents' own buffers first
     */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        collectBuffers("", named);
        return named;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> into) {
        for (Map.Entry<String, Tensor> e : ownBuffers.entrySet()) {
            into.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Layer> e : children.entrySet()) {
            e.getValue().collectBuffers(prefix + e.getKey() + ".", into);
        }
    }

    /**
     * Every parameter, in {@link #namedParameters()} order.
     *
     * @return a new list; an optimiser keeps its state per position in it
     */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Clears the gradient of every parameter in the tree. */
    public final void zeroGrad() {
        for (int i = 0; i < ownParameterList.size(); i++) {
            ownParameterList.get(i).zeroGrad();
        }
        for (int i = 0; i < childList.size(); i++) {
            childList.get(i).zeroGrad();
        }
    }

    /**
     * Training mode (the default), for this layer and its descendants, as PyTorch's {@code model.train()}:
     * {@link Dropout} drops, {@link BatchNorm1d} normalises with the batch's statistics and updates its running
     * ones. {@code Trainer} switches its model to it for each training step.
     */
    public final void train() {
        setTraining(true);
    }

    /**
     * Evaluation mode, for this layer and its descendants, as PyTorch's {@code model.eval()}: {@link Dropout} is
     * the identity and {@link BatchNorm1d} normalises with its running statistics. {@code Predictor} evaluates in it.
     */
    public final void eval() {
        setTraining(false);
    }

    private void setTraining(boolean training) {
        this.training = training;
        for (int i = 0; i < childList.size(); i++) {
            childList.get(i).setTraining(training);
        }
    }

    /**
     * Whether the layer is in training mode.
     *
     * @return true in training mode, false after {@link #eval()}
     */
    public final boolean isTraining() {
        return training;
    }

    /**
     * The kernels the model this layer belongs to computes with (its root's; the default kernels unless set).
     *
     * @return the root's kernels, {@link Kernels#get()} until {@link #setKernels} is called on the model
     */
    public final Kernels kernels() {
        Layer root = root();
        if (root.kernels == null) {
            root.kernels = Kernels.get();
        }
        return root.kernels;
    }

    /**
     * Computes with {@code kernels} from now on (another provider or thread count): the whole model this
     * layer belongs to, and the optimiser, loss, trainer and predictor working on it, which read the model's.
     *
     * @param kernels the kernels for the whole model
     * @throws NullPointerException if kernels is null
     */
    public final void setKernels(Kernels kernels) {
        if (kernels == null) {
            throw new NullPointerException(describe() + ".setKernels: kernels is null");
        }
        root().kernels = kernels;
    }

    /**
     * The generator the model's random layers draw from (its root's): by default seeded with 0, so that an
     * unseeded model still runs the same way every time.
     *
     * @return the root's generator, which every forward pass in training mode of a {@link Dropout} advances
     */
    public final SeededRandom random() {
        Layer root = root();
        if (root.random == null) {
            root.random = new SeededRandom(0);
        }
        return root.random;
    }

    /**
     * Draws the model's randomness (dropout's masks) from {@code random} from now on: the whole model this layer
     * belongs to. A checkpoint saves its state, and a resumed run restores it.
     *
     * @param random the generator, e.g. {@code new SeededRandom(seed)}
     * @throws NullPointerException if random is null
     */
    public final void setRandom(SeededRandom random) {
        if (random == null) {
            throw new NullPointerException(describe() + ".setRandom: random is null");
        }
        root().random = random;
    }

    private Layer root() {
        Layer root = this;
        while (root.parent != null) {
            root = root.parent;
        }
        return root;
    }

    /**
     * A short description for messages and {@link #toString()}, e.g. {@code Linear(784 → 100)}.
     *
     * @return one line naming the layer and its sizes
     */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /**
     * {@link #outputFeatures} for a layer that takes rows of exactly {@code features} and gives rows of
     * {@code outputFeatures}.
     *
     * @param features the width this layer takes
     * @param inputFeatures the width it is given
     * @param outputFeatures the width it gives
     * @return {@code outputFeatures}
     * @throws IllegalArgumentException naming this layer if the widths differ
     */
    protected final int takesFeatures(int features, int inputFeatures, int outputFeatures) {
        if (inputFeatures != features) {
            throw new IllegalArgumentException(describe() + ": takes " + features + " features, given " + inputFeatures);
        }
        return outputFeatures;
    }

    /**
     * Checks a forward pass's input for a layer that takes a batch of {@code features} features in {@code dtype}
     * ([batch, features], or [batch, …] whose trailing dimensions hold that many, flattened).
     *
     * @param x the input
     * @param features the width this layer takes
     * @param dtype the element type it takes
     * @throws IllegalArgumentException naming this layer and the input if it is not such a batch
     */
    protected final void requireBatch(Tensor x, int features, DType dtype) {
        if (x.rank() < 2 || x.cols() != features || x.dtype() != dtype) {
            throw new IllegalArgumentException(describe() + ".forward: input " + x.describe()
                    + " is not a batch of " + features + " features in " + dtype + " ([batch, " + features + "])");
        }
    }

    /**
     * For {@link #backward} called before any forward.
     *
     * @return the exception to throw, naming this layer
     */
    protected IllegalStateException noForward() {
        return new IllegalStateException(describe() + ".backward: no forward pass to go back through (call forward first)");
    }
}
