package dev.lanes.onnx;

import dev.lanes.onnx.proto.OnnxProto.NodeProto;

import java.util.Set;

import static dev.lanes.onnx.ChainBuilder.hasInput;
import static dev.lanes.onnx.ChainBuilder.intAttribute;
import static dev.lanes.onnx.ChainBuilder.requireAttributes;
import static dev.lanes.onnx.ChainBuilder.unsupported;

/**
 * The operators that change no value, only its shape or nothing: {@code Identity}, {@code Flatten} and {@code Reshape} to [batch, features…]. They add no layer,
 * because a Lanes {@code Linear} flattens an input of rank above 2 itself; they only move the shape the chain
 * tracks, so that the next Linear's width is checked against the right number of features.
 */
final class ShapeMapping {

    private ShapeMapping() {
    }

    static void readIdentity(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of());
        chain.dataInput(node, 0);
    }

    static void readFlatten(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("axis"));
        chain.dataInput(node, 0);
        int rank = chain.shape().length + 1;
        long axis = intAttribute(node, "axis", 1);
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized != 1) {
            throw unsupported(node, "has axis = " + axis + " for an input of rank " + rank
                    + "; Lanes flattens to [batch, features], axis = 1");
        }
        chain.setShape(chain.features());
    }

    /** A target shape whose first entry is the batch (0 copies it, −1 infers it) and whose rest holds the features. */
    static void readReshape(NodeProto node, ChainBuilder chain) throws OnnxFormatException {
        requireAttributes(node, Set.of("allowzero"));
        chain.dataInput(node, 0);
        if (intAttribute(node, "allowzero", 0) != 0) {
            throw unsupported(node, "has allowzero = 1, which Lanes does not support");
        }
        long[] target = OnnxTensors.readLongs(chain.constant(node, 1));
        int[] from = chain.shape();
        String why = "reshapes [batch, " + join(from) + "] to " + java.util.Arrays.toString(target);
        if (target.length < 2 || target[0] != 0 && target[0] != -1) {
            throw unsupported(node, why + "; Lanes keeps the batch first (0 or -1 as the first entry)");
        }
        int[] to = new int[target.length - 1];
        int inferred = -1;
        long known = 1;
        for (int i = 1; i < target.length; i++) {
            long t = target[i];
            if (t == 0) {
                if (i - 1 >= from.length) {
                    throw unsupported(node, why + ": entry " + i + " copies a dimension the input does not have");
                }
                t = from[i - 1];
            }
            if (t == -1) {
                if (inferred >= 0) {
                    throw unsupported(node, why + ": more than one -1");
                }
                inferred = i - 1;
                continue;
            }
            if (t <= 0 || t > Integer.MAX_VALUE) {
                throw unsupported(node, why + ": entry " + i + " is " + t);
            }
            to[i - 1] = (int) t;
            known *= t;
            if (known > Integer.MAX_VALUE) {
                throw unsupported(node, why + ": more features than an array holds");
            }
        }
        int features = chain.features();
        if (target[0] == -1 && inferred >= 0) {
            throw unsupported(node, why + ": with the batch inferred, the features must be given");
        }
        if (inferred >= 0) {
            if (known == 0 || features % known != 0) {
                throw unsupported(node, why + ": " + features + " features do not divide into it");
            }
            to[inferred] = (int) (features / known);
            known = features;
        }
        if (known != features) {
            throw unsupported(node, why + ": " + known + " features per example, where the input has " + features);
        }
        chain.setShape(to);
    }

    private static String join(int[] shape) {
        String s = java.util.Arrays.toString(shape);
        return s.substring(1, s.length() - 1);
    }
}
