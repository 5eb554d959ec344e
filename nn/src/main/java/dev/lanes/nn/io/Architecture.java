package dev.lanes.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.lanes.nn.DType;
import dev.lanes.nn.layers.Layer;
import dev.lanes.nn.layers.Linear;
import dev.lanes.nn.layers.ReLU;
import dev.lanes.nn.layers.Sequential;
import dev.lanes.nn.layers.Sigmoid;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sequential}'s layers as a JSON string, for a model file's metadata, and back:
 * {@code [{"type":"Linear","in_features":784,"out_features":100},{"type":"ReLU"},…]} — the names PyTorch's
 * {@code nn.Linear}, {@code nn.ReLU} and {@code nn.Sigmoid} use, so a script can build the same model.
 */
public final class Architecture {

    private static final JsonFactory JSON = new JsonFactory();

    private Architecture() {
    }

    /**
     * The layers of {@code model} as JSON.
     *
     * @param model a model of Linear, ReLU and Sigmoid layers
     * @return a JSON array with one object per layer
     * @throws IllegalArgumentException if the model holds another kind of layer
     */
    public static String describe(Sequential model) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (Layer layer : model.layers()) {
                g.writeStartObject();
                switch (layer) {
                    case Linear l -> {
                        g.writeStringField("type", "Linear");
                        g.writeNumberField("in_features", l.inFeatures());
                        g.writeNumberField("out_features", l.outFeatures());
                    }
                    case ReLU r -> g.writeStringField("type", "ReLU");
                    case Sigmoid s -> g.writeStringField("type", "Sigmoid");
                    default -> throw new IllegalArgumentException("Architecture: cannot describe layer " + layer.describe()
                            + "; model files hold Linear, ReLU and Sigmoid");
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
     * @throws IllegalArgumentException if the JSON is not an architecture this class wrote
     */
    public static Sequential build(String json, DType dtype) {
        List<Layer> layers = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            require(p.nextToken() == JsonToken.START_ARRAY, "expected a JSON array of layers");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                long in = -1, out = -1;
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
                        default -> throw new IllegalArgumentException("Architecture: unknown field '" + field + "' in layer " + layers.size());
                    }
                }
                require(type != null, "layer " + layers.size() + " has no type");
                switch (type) {
                    case "Linear" -> {
                        require(in > 0 && in <= Integer.MAX_VALUE && out > 0 && out <= Integer.MAX_VALUE,
                                "layer " + layers.size() + " (Linear) needs positive in_features and out_features");
                        layers.add(new Linear((int) in, (int) out, dtype));
                    }
                    case "ReLU" -> layers.add(new ReLU());
                    case "Sigmoid" -> layers.add(new Sigmoid());
                    default -> throw new IllegalArgumentException("Architecture: unknown layer type '" + type + "' at layer " + layers.size());
                }
            }
            require(p.currentToken() == JsonToken.END_ARRAY && p.nextToken() == null, "expected the array of layers to end the text");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Architecture: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string failed", e);
        }
        require(!layers.isEmpty(), "no layers");
        int width = -1;
        for (Layer layer : layers) {
            if (layer instanceof Linear l) {
                require(width < 0 || width == l.inFeatures(), "Linear(" + l.inFeatures() + " → " + l.outFeatures()
                        + ") follows a layer with " + width + " outputs");
                width = l.outFeatures();
            }
        }
        return new Sequential(layers, true);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Architecture: " + message);
        }
    }
}
