package dev.lanes.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.lanes.nn.DType;
import dev.lanes.nn.layers.BatchNorm1d;
import dev.lanes.nn.layers.Dropout;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.LayerNorm;
import dev.lanes.nn.layers.LeakyReLU;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.LogSoftmax;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.SiLU;
import dev.lanes.nn.layers.Sigmoid;
import dev.lanes.nn.layers.Softmax;
import dev.lanes.nn.layers.Softplus;
import dev.lanes.nn.layers.Tanh;
import dev.lanes.nn.quant.QuantizedLinear;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link Sequential}'s layers as a JSON string, for a model file's metadata, and back:
 * {@code [{"type":"Linear","in_features":784,"out_features":100},{"type":"ReLU"},…]} — the names and arguments
 * PyTorch's modules take, so a script can build the same model:
 * <ul>
 * <li>{@code {"type":"Linear","in_features":784,"out_features":100}}, with {@code "bias":false} for a Linear
 *     without a bias;
 * <li>{@code {"type":"ReLU"}}, {@code {"type":"Sigmoid"}}, {@code {"type":"Tanh"}}, {@code {"type":"SiLU"}};
 * <li>{@code {"type":"GELU","approximate":"tanh"}} ({@code "none"} for the erf form),
 *     {@code {"type":"LeakyReLU","negative_slope":0.01}}, {@code {"type":"ELU","alpha":1.0}},
 *     {@code {"type":"Softplus","beta":1.0,"threshold":20.0}};
 * <li>{@code {"type":"Softmax","dim":-1}}, {@code {"type":"LogSoftmax","dim":-1}} (over the features);
 * <li>{@code {"type":"Dropout","p":0.5}};
 * <li>{@code {"type":"BatchNorm1d","num_features":100,"eps":1e-05,"momentum":0.1,"affine":true}};
 * <li>{@code {"type":"LayerNorm","normalized_shape":100,"eps":1e-05,"elementwise_affine":true}}.
 * </ul>
 * Every hyper-parameter is written, defaults included; a missing one is read as PyTorch's default.
 *
 * <p>An architecture comes from a file, so it is capped before anything is built: at most
 * {@value #MAX_LAYERS} layers, each width at most {@value #MAX_FEATURES}, and each weight small enough for
 * one Java array. {@link #parse} checks the text alone; {@link ModelFile} then compares the
 * {@link #parameterCount} (parameters and buffers) with the tensors present before it builds a layer, so a file
 * cannot make a loader allocate more than its own tensors hold.
 */
public final class Architecture {

    /** The most layers an architecture may declare. */
    public static final int MAX_LAYERS = 1024;
    /** The widest a layer's input or output may be. */
    public static final int MAX_FEATURES = 1 << 20;
    /** A weight's elements must fit one array (as {@link dev.lanes.nn.Tensor} stores them). */
    private static final long MAX_WEIGHT_ELEMENTS = Integer.MAX_VALUE - 8;

    /** One layer as an architecture declares it, checked, not yet built. */
    sealed interface LayerSpec {
        /** The elements of the tensors the layer saves (parameters and buffers). */
        long tensorElements();

        /** The width of the layer's rows, if it fixes one (in and out), else -1: the input width it needs. */
        default long inFeatures() {
            return -1;
        }

        /** The width of its output, or -1 if it keeps its input's. */
        default long outFeatures() {
            return -1;
        }

        Layer build(DType dtype);
    }

    record LinearSpec(int in, int out, boolean bias) implements LayerSpec {
        public long tensorElements() {
            return (long) in * out + (bias ? out : 0);
        }

        public long inFeatures() {
            return in;
        }

        public long outFeatures() {
            return out;
        }

        public Layer build(DType dtype) {
            return new Linear(in, out, bias, dtype);
        }
    }

    /** A layer without parameters; {@code layer} makes a fresh one per model, as each keeps its own buffers. */
    record ActivationSpec(Supplier<Layer> layer) implements LayerSpec {
        public long tensorElements() {
            return 0;
        }

        public Layer build(DType dtype) {
            return layer.get();
        }
    }

    record DropoutSpec(double p) implements LayerSpec {
        public long tensorElements() {
            return 0;
        }

        public Layer build(DType dtype) {
            return new Dropout(p);
        }
    }

    record BatchNormSpec(int features, double eps, double momentum, boolean affine) implements LayerSpec {
        public long tensorElements() {
            // running_mean, running_var, num_batches_tracked; weight and bias.
            return 2L * features + 1 + (affine ? 2L * features : 0);
        }

        public long inFeatures() {
            return features;
        }

        public long outFeatures() {
            return features;
        }

        public Layer build(DType dtype) {
            return new BatchNorm1d(features, eps, momentum, affine, dtype);
        }
    }

    record LayerNormSpec(int features, double eps, boolean affine) implements LayerSpec {
        public long tensorElements() {
            return affine ? 2L * features : 0;
        }

        public long inFeatures() {
            return features;
        }

        public long outFeatures() {
            return features;
        }

        public Layer build(DType dtype) {
            return new LayerNorm(features, eps, affine, dtype);
        }
    }

    private static final String LAYER_TYPES = "Linear, ReLU, Sigmoid, Tanh, SiLU, GELU, LeakyReLU, ELU, Softplus, "
            + "Softmax, LogSoftmax, Dropout, BatchNorm1d and LayerNorm";

    private static final JsonFactory JSON = new JsonFactory();

    private Architecture() {
    }

    /**
     * The layers of {@code model} as JSON.
     *
     * @param model a model of the layers listed in the class comment
     * @return a JSON array with one object per layer
     * @throws IllegalArgumentException if the model holds another kind of layer, or more or wider layers than a file may declare
     */
    public static String describe(Sequential model) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (model.layers().size() > MAX_LAYERS) {
                throw new IllegalArgumentException("Architecture: " + model.layers().size() + " layers; a model file holds at most " + MAX_LAYERS);
            }
            g.writeStartArray();
            for (Layer layer : model.layers()) {
                g.writeStartObject();
                switch (layer) {
                    case Linear l -> {
                        requireWithinCap(l, l.inFeatures(), l.outFeatures());
                        g.writeStringField("type", "Linear");
                        g.writeNumberField("in_features", l.inFeatures());
                        g.writeNumberField("out_features", l.outFeatures());
                        if (l.bias() == null) {
                            g.writeBooleanField("bias", false);
                        }
                    }
                    case QuantizedLinear q -> {
                        // The architecture of the float32 model it came from; the weights' precision is the file's.
                        requireWithinCap(q, q.inFeatures(), q.outFeatures());
                        g.writeStringField("type", "Linear");
                        g.writeNumberField("in_features", q.inFeatures());
                        g.writeNumberField("out_features", q.outFeatures());
                        if (q.bias() == null) {
                            g.writeBooleanField("bias", false);
                        }
                    }
                    case ReLU r -> g.writeStringField("type", "ReLU");
                    case Sigmoid s -> g.writeStringField("type", "Sigmoid");
                    case Tanh t -> g.writeStringField("type", "Tanh");
                    case SiLU s -> g.writeStringField("type", "SiLU");
                    case GELU gelu -> {
                        g.writeStringField("type", "GELU");
                        g.writeStringField("approximate", gelu.approximation().pytorchName());
                    }
                    case LeakyReLU l -> {
                        g.writeStringField("type", "LeakyReLU");
                        g.writeNumberField("negative_slope", l.slope());
                    }
                    case ELU e -> {
                        g.writeStringField("type", "ELU");
                        g.writeNumberField("alpha", e.alpha());
                    }
                    case Softplus sp -> {
                        g.writeStringField("type", "Softplus");
                        g.writeNumberField("beta", sp.beta());
                        g.writeNumberField("threshold", sp.threshold());
                    }
                    case Softmax sm -> {
                        g.writeStringField("type", "Softmax");
                        g.writeNumberField("dim", -1);
                    }
                    case LogSoftmax lsm -> {
                        g.writeStringField("type", "LogSoftmax");
                        g.writeNumberField("dim", -1);
                    }
                    case Dropout d -> {
                        g.writeStringField("type", "Dropout");
                        g.writeNumberField("p", d.p());
                    }
                    case BatchNorm1d b -> {
                        requireWithinCap(b, b.features(), b.features());
                        g.writeStringField("type", "BatchNorm1d");
                        g.writeNumberField("num_features", b.features());
                        g.writeNumberField("eps", b.eps());
                        g.writeNumberField("momentum", b.momentum());
                        g.writeBooleanField("affine", b.affine());
                    }
                    case LayerNorm n -> {
                        requireWithinCap(n, n.features(), n.features());
                        g.writeStringField("type", "LayerNorm");
                        g.writeNumberField("normalized_shape", n.features());
                        g.writeNumberField("eps", n.eps());
                        g.writeBooleanField("elementwise_affine", n.elementwiseAffine());
                    }
                    default -> throw new IllegalArgumentException("Architecture: cannot describe layer " + layer.describe()
                            + "; model files hold " + LAYER_TYPES);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    private static void requireWithinCap(Layer layer, int in, int out) {
        if (in > MAX_FEATURES || out > MAX_FEATURES) {
            throw new IllegalArgumentException("Architecture: " + layer.describe() + " is wider than the "
                    + MAX_FEATURES + " features a model file may declare");
        }
    }

    /**
     * A model with these layers (parameters zero, buffers at their initial values), in {@code dtype}.
     *
     * @param json an architecture as {@link #describe} writes it
     * @param dtype the element type of the parameters
     * @return a new model, with activations fused as {@link Sequential#Sequential(Layer...)} does
     * @throws IllegalArgumentException if the JSON is not an architecture this class wrote, or exceeds the caps
     */
    public static Sequential build(String json, DType dtype) {
        return build(parse(json), dtype);
    }

    /**
     * Makes the layer that stands in a Linear's place when a model is built with
     * {@link #build(String, DType, LinearFactory)}.
     */
    @FunctionalInterface
    public interface LinearFactory {
        /**
         * The layer for the Linear at {@code index}.
         *
         * @param index the layer's position in the model
         * @param inFeatures its input width
         * @param outFeatures its output width
         * @param bias whether it has a bias
         * @return a new layer taking and giving those widths
         */
        Layer create(int index, int inFeatures, int outFeatures, boolean bias);
    }

    /**
     * As {@link #build(String, DType)}, with each Linear made by {@code linears} (a quantized model's layers).
     *
     * @param json an architecture as {@link #describe} writes it
     * @param dtype the element type of the other layers' parameters
     * @param linears makes the layer in each Linear's place
     * @return a new model
     * @throws IllegalArgumentException if the JSON is not an architecture this class wrote, or exceeds the caps
     */
    public static Sequential build(String json, DType dtype, LinearFactory linears) {
        return build(parse(json), dtype, linears);
    }

    /** The layers {@code json} declares, checked (syntax, caps, widths chaining) without building any. */
    static List<LayerSpec> parse(String json) {
        List<LayerSpec> layers = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            require(p.nextToken() == JsonToken.START_ARRAY, "expected a JSON array of layers");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                require(layers.size() < MAX_LAYERS, "more than " + MAX_LAYERS + " layers");
                Map<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    require(!fields.containsKey(field), "field '" + field + "' twice in layer " + layers.size());
                    fields.put(field, switch (value) {
                        case VALUE_STRING -> p.getText();
                        case VALUE_NUMBER_INT -> p.getLongValue();
                        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        default -> throw new IllegalArgumentException("Architecture: field '" + field + "' of layer " + layers.size()
                                + " must be a string, a number or a boolean");
                    });
                }
                layers.add(spec(new LayerFields(layers.size(), fields)));
            }
            require(p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null, "expected the array of layers to end the text");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Architecture: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string failed", e);
        }
        require(!layers.isEmpty(), "no layers");
        long width = -1;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer.inFeatures() >= 0) {
                require(width < 0 || width == layer.inFeatures(), "layer " + i + " takes " + layer.inFeatures()
                        + " features but follows a layer with " + width + " outputs");
                width = layer.outFeatures();
            }
        }
        return layers;
    }

    /** The fields of one layer object, each taken once; whatever is left over is an unknown field. */
    private record LayerFields(int index, Map<String, Object> fields) {
        String type() {
            Object type = fields.remove("type");
            require(type != null, "layer " + index + " has no type");
            require(type instanceof String, "layer type must be a string");
            return (String) type;
        }

        long integer(String name, long absent) {
            Object value = fields.remove(name);
            require(value == null || value instanceof Long, name + " must be an integer");
            return value == null ? absent : (Long) value;
        }

        double number(String name, double absent) {
            Object value = fields.remove(name);
            require(value == null || value instanceof Number, name + " must be a number");
            return value == null ? absent : ((Number) value).doubleValue();
        }

        String string(String name, String absent) {
            Object value = fields.remove(name);
            require(value == null || value instanceof String, name + " must be a string");
            return value == null ? absent : (String) value;
        }

        boolean bool(String name, boolean absent) {
            Object value = fields.remove(name);
            require(value == null || value instanceof Boolean, name + " must be true or false");
            return value == null ? absent : (Boolean) value;
        }

        int features(String type, String name) {
            long n = integer(name, -1);
            require(n > 0 && n <= MAX_FEATURES, "layer " + index + " (" + type + ") needs " + name + " in 1.." + MAX_FEATURES + ", not " + n);
            return (int) n;
        }

        void noneLeft(String type) {
            if (!fields.isEmpty()) {
                throw new IllegalArgumentException("Architecture: unknown field '" + fields.keySet().iterator().next() + "' in layer "
                        + index + " (" + type + " takes no '" + fields.keySet().iterator().next() + "')");
            }
        }
    }

    private static LayerSpec spec(LayerFields f) {
        String type = f.type();
        LayerSpec spec = switch (type) {
            case "Linear" -> {
                long in = f.integer("in_features", -1), out = f.integer("out_features", -1);
                require(in > 0 && in <= MAX_FEATURES && out > 0 && out <= MAX_FEATURES,
                        "layer " + f.index() + " (Linear) needs in_features and out_features in 1.." + MAX_FEATURES
                                + ", not " + in + " and " + out);
                require(in * out <= MAX_WEIGHT_ELEMENTS, "layer " + f.index() + " (Linear " + in + " → " + out
                        + ") has more weights than one array holds");
                yield new LinearSpec((int) in, (int) out, f.bool("bias", true));
            }
            case "ReLU" -> new ActivationSpec(ReLU::new);
            case "Sigmoid" -> new ActivationSpec(Sigmoid::new);
            case "Tanh" -> new ActivationSpec(Tanh::new);
            case "SiLU" -> new ActivationSpec(SiLU::new);
            case "GELU" -> {
                String approximate = f.string("approximate", "none");
                yield checked(f, () -> new GELU(GELU.Approximation.fromPytorchName(approximate)));
            }
            case "LeakyReLU" -> {
                double slope = f.number("negative_slope", LeakyReLU.DEFAULT_SLOPE);
                yield checked(f, () -> new LeakyReLU(slope));
            }
            case "ELU" -> {
                double alpha = f.number("alpha", ELU.DEFAULT_ALPHA);
                yield checked(f, () -> new ELU(alpha));
            }
            case "Softplus" -> {
                double beta = f.number("beta", Softplus.DEFAULT_BETA), threshold = f.number("threshold", Softplus.DEFAULT_THRESHOLD);
                yield checked(f, () -> new Softplus(beta, threshold));
            }
            case "Softmax", "LogSoftmax" -> {
                long dim = f.integer("dim", -1);
                require(dim == -1 || dim == 1, "layer " + f.index() + " (" + type
                        + ") normalises over the features: dim must be -1 (or 1 of [batch, features]), not " + dim);
                yield new ActivationSpec(type.equals("Softmax") ? Softmax::new : LogSoftmax::new);
            }
            case "Dropout" -> {
                double p = f.number("p", Double.NaN);
                require(p >= 0 && p <= 1, "layer " + f.index() + " (Dropout) needs p in [0, 1], not " + p);
                yield new DropoutSpec(p);
            }
            case "BatchNorm1d" -> {
                int features = f.features(type, "num_features");
                double eps = f.number("eps", BatchNorm1d.DEFAULT_EPS), momentum = f.number("momentum", BatchNorm1d.DEFAULT_MOMENTUM);
                require(eps > 0 && !Double.isInfinite(eps) && momentum >= 0 && momentum <= 1,
                        "layer " + f.index() + " (BatchNorm1d) needs eps > 0 and momentum in [0, 1], not " + eps + " and " + momentum);
                yield new BatchNormSpec(features, eps, momentum, f.bool("affine", true));
            }
            case "LayerNorm" -> {
                int features = f.features(type, "normalized_shape");
                double eps = f.number("eps", LayerNorm.DEFAULT_EPS);
                require(eps > 0 && !Double.isInfinite(eps), "layer " + f.index() + " (LayerNorm) needs eps > 0, not " + eps);
                yield new LayerNormSpec(features, eps, f.bool("elementwise_affine", true));
            }
            default -> throw new IllegalArgumentException("Architecture: unknown layer type '" + type + "' at layer " + f.index());
        };
        f.noneLeft(type);
        return spec;
    }

    /** A spec for {@code layer}, whose constructor has checked the hyper-parameters a file gave it. */
    private static ActivationSpec checked(LayerFields f, Supplier<Layer> layer) {
        try {
            layer.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Architecture: layer " + f.index() + ": " + e.getMessage(), e);
        }
        return new ActivationSpec(layer);
    }

    /** How many elements (parameters and buffers) these layers save; the caps keep it far from overflow. */
    static long parameterCount(List<LayerSpec> layers) {
        long count = 0;
        for (LayerSpec layer : layers) {
            count += layer.tensorElements();
        }
        return count;
    }

    /** A model with these checked layers (parameters zero). */
    static Sequential build(List<LayerSpec> specs, DType dtype) {
        return build(specs, dtype, (index, in, out, bias) -> new Linear(in, out, bias, dtype));
    }

    /** A model with these checked layers (parameters zero), each Linear made by {@code linears}. */
    static Sequential build(List<LayerSpec> specs, DType dtype, LinearFactory linears) {
        List<Layer> layers = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            layers.add(spec instanceof LinearSpec l ? linears.create(i, l.in(), l.out(), l.bias()) : spec.build(dtype));
        }
        return new Sequential(layers, true);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Architecture: " + message);
        }
    }
}
