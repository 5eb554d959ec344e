package dev.lanes.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.lanes.nn.DType;
import dev.lanes.nn.layers.ELU;
import dev.lanes.nn.layers.GELU;
import dev.lanes.nn.layers.Layer;
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

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Sequential}'s layers as a JSON string, for a model file's metadata, and back:
 * {@code [{"type":"Linear","in_features":784,"out_features":100},{"type":"GELU","approximate":"tanh"},…]} — the
 * class names and keyword arguments of PyTorch's {@code torch.nn} ({@code Linear}, {@code ReLU}, {@code Sigmoid},
 * {@code Tanh}, {@code GELU(approximate)}, {@code LeakyReLU(negative_slope)}, {@code ELU(alpha)}, {@code SiLU},
 * {@code Softplus(beta, threshold)}, {@code Softmax(dim)}, {@code LogSoftmax(dim)}), so a script can build the
 * same model. Every hyper-parameter is written, defaults included.
 *
 * <p>An architecture comes from a file, so it is capped before anything is built: at most
 * {@value #MAX_LAYERS} layers, each width at most {@value #MAX_FEATURES}, and each weight small enough for
 * one Java array. {@link #parse} checks the text alone; {@link ModelFile} then compares the
 * {@link #parameterCount} with the tensors present before it builds a layer, so a file cannot make a loader
 * allocate more than its own tensors hold.
 */
public final class Architecture {

    /** The most layers an architecture may declare. */
    public static final int MAX_LAYERS = 1024;
    /** The widest a Linear layer's input or output may be. */
    public static final int MAX_FEATURES = 1 << 20;
    /** A weight's elements must fit one array (as {@link dev.lanes.nn.Tensor} stores them). */
    private static final long MAX_WEIGHT_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * One layer as an architecture declares it: a Linear's widths (0 for a layer without parameters), and an
     * activation's keyword arguments by PyTorch's names (numbers as Double, {@code approximate} as String).
     */
    record LayerSpec(String type, int inFeatures, int outFeatures, Map<String, Object> options) {
        long parameters() {
            return type.equals("Linear") ? (long) inFeatures * outFeatures + outFeatures : 0;
        }
    }

    /** The keyword arguments each layer type may carry. */
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("Linear", Set.of()), Map.entry("ReLU", Set.of()), Map.entry("Sigmoid", Set.of()),
            Map.entry("Tanh", Set.of()), Map.entry("SiLU", Set.of()), Map.entry("GELU", Set.of("approximate")),
            Map.entry("LeakyReLU", Set.of("negative_slope")), Map.entry("ELU", Set.of("alpha")),
            Map.entry("Softplus", Set.of("beta", "threshold")), Map.entry("Softmax", Set.of("dim")),
            Map.entry("LogSoftmax", Set.of("dim")));

    private static final JsonFactory JSON = new JsonFactory();

    private Architecture() {
    }

    /**
     * The layers of {@code model} as JSON.
     *
     * @param model a model of the layers listed in the class comment
     * @return a JSON array with one object per layer
     * @throws IllegalArgumentException if the model holds another kind of layer
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
                        if (l.inFeatures() > MAX_FEATURES || l.outFeatures() > MAX_FEATURES) {
                            throw new IllegalArgumentException("Architecture: " + l.describe() + " is wider than the "
                                    + MAX_FEATURES + " features a model file may declare");
                        }
                        g.writeStringField("type", "Linear");
                        g.writeNumberField("in_features", l.inFeatures());
                        g.writeNumberField("out_features", l.outFeatures());
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
                    default -> throw new IllegalArgumentException("Architecture: cannot describe layer " + layer.describe()
                            + "; model files hold " + String.join(", ", OPTIONS.keySet().stream().sorted().toList()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    /**
     * A model with these layers (parameters zero), in {@code dtype}.
     *
     * @param json an architecture as {@link #describe} writes it
     * @param dtype the element type of the parameters
     * @return a new model, with activations fused as {@link Sequential#Sequential(Layer...)} does
     * @throws IllegalArgumentException if the JSON is not an architecture this class wrote, or exceeds the caps
     */
    public static Sequential build(String json, DType dtype) {
        return build(parse(json), dtype);
    }

    /** The layers {@code json} declares, checked (syntax, caps, widths chaining) without building any. */
    static List<LayerSpec> parse(String json) {
        List<LayerSpec> layers = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            require(p.nextToken() == JsonToken.START_ARRAY, "expected a JSON array of layers");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                require(layers.size() < MAX_LAYERS, "more than " + MAX_LAYERS + " layers");
                String type = null;
                long in = -1, out = -1;
                Map<String, Object> options = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "type" -> {
                            require(value == JsonToken.VALUE_STRING, "layer type must be a string");
                            type = p.getText();
                        }
                        case "in_features" -> {
                            require(value == JsonToken.VALUE_NUMBER_INT, "in_features must be an integer");
                            in = p.getLongValue();
                        }
                        case "out_features" -> {
                            require(value == JsonToken.VALUE_NUMBER_INT, "out_features must be an integer");
                            out = p.getLongValue();
                        }
                        case "negative_slope", "alpha", "beta", "threshold" -> {
                            require(value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT,
                                    field + " must be a number in layer " + layers.size());
                            options.put(field, p.getDoubleValue());
                        }
                        case "dim" -> {
                            require(value == JsonToken.VALUE_NUMBER_INT, "dim must be an integer in layer " + layers.size());
                            options.put(field, p.getDoubleValue());
                        }
                        case "approximate" -> {
                            require(value == JsonToken.VALUE_STRING, "approximate must be a string in layer " + layers.size());
                            options.put(field, p.getText());
                        }
                        default -> throw new IllegalArgumentException("Architecture: unknown field '" + field + "' in layer " + layers.size());
                    }
                }
                require(type != null, "layer " + layers.size() + " has no type");
                switch (type) {
                    case "Linear" -> {
                        require(in > 0 && in <= MAX_FEATURES && out > 0 && out <= MAX_FEATURES,
                                "layer " + layers.size() + " (Linear) needs in_features and out_features in 1.." + MAX_FEATURES
                                        + ", not " + in + " and " + out);
                        require(in * out <= MAX_WEIGHT_ELEMENTS, "layer " + layers.size() + " (Linear " + in + " → " + out
                                + ") has more weights than one array holds");
                        layers.add(new LayerSpec(type, (int) in, (int) out, Map.of()));
                    }
                    default -> {
                        require(OPTIONS.containsKey(type), "unknown layer type '" + type + "' at layer " + layers.size());
                        for (String option : options.keySet()) {
                            require(OPTIONS.get(type).contains(option), "layer " + layers.size() + " (" + type
                                    + ") takes no '" + option + "'");
                        }
                        LayerSpec spec = new LayerSpec(type, 0, 0, Map.copyOf(options));
                        try {
                            activation(spec); // checks the hyper-parameters as the layer's constructor does
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("Architecture: layer " + layers.size() + ": " + e.getMessage(), e);
                        }
                        layers.add(spec);
                    }
                }
            }
            require(p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null, "expected the array of layers to end the text");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Architecture: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string failed", e);
        }
        require(!layers.isEmpty(), "no layers");
        long width = -1;
        for (LayerSpec layer : layers) {
            if (layer.type().equals("Linear")) {
                require(width < 0 || width == layer.inFeatures(), "Linear(" + layer.inFeatures() + " → " + layer.outFeatures()
                        + ") follows a layer with " + width + " outputs");
                width = layer.outFeatures();
            }
        }
        return layers;
    }

    /** How many parameters (weights and biases) these layers hold; the caps keep it far from overflow. */
    static long parameterCount(List<LayerSpec> layers) {
        long count = 0;
        for (LayerSpec layer : layers) {
            count += layer.parameters();
        }
        return count;
    }

    /** A model with these checked layers (parameters zero). */
    static Sequential build(List<LayerSpec> specs, DType dtype) {
        List<Layer> layers = new ArrayList<>(specs.size());
        for (LayerSpec spec : specs) {
            layers.add(spec.type().equals("Linear") ? new Linear(spec.inFeatures(), spec.outFeatures(), dtype) : activation(spec));
        }
        return new Sequential(layers, true);
    }

    /** The layer without parameters a checked spec declares, with PyTorch's defaults for what it leaves out. */
    private static Layer activation(LayerSpec spec) {
        Map<String, Object> o = spec.options();
        return switch (spec.type()) {
            case "ReLU" -> new ReLU();
            case "Sigmoid" -> new Sigmoid();
            case "Tanh" -> new Tanh();
            case "SiLU" -> new SiLU();
            case "GELU" -> new GELU(GELU.Approximation.fromPytorchName((String) o.getOrDefault("approximate", "none")));
            case "LeakyReLU" -> new LeakyReLU((Double) o.getOrDefault("negative_slope", LeakyReLU.DEFAULT_SLOPE));
            case "ELU" -> new ELU((Double) o.getOrDefault("alpha", ELU.DEFAULT_ALPHA));
            case "Softplus" -> new Softplus((Double) o.getOrDefault("beta", Softplus.DEFAULT_BETA),
                    (Double) o.getOrDefault("threshold", Softplus.DEFAULT_THRESHOLD));
            case "Softmax", "LogSoftmax" -> {
                double dim = (Double) o.getOrDefault("dim", -1.0);
                if (dim != -1 && dim != 1) {
                    throw new IllegalArgumentException(spec.type() + ": dim must be -1 (or 1, the features of [batch, features]), got " + (long) dim);
                }
                yield spec.type().equals("Softmax") ? new Softmax() : new LogSoftmax();
            }
            default -> throw new IllegalStateException("parse admitted layer type " + spec.type());
        };
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Architecture: " + message);
        }
    }
}
