package dev.lanes.nn.train;

import dev.lanes.nn.data.Dataset;
import dev.lanes.nn.DType;
import dev.lanes.nn.SeededRandom;
import dev.lanes.nn.Tensor;

/** Test data: {@code classes} Gaussian blobs in {@code features} dimensions, centres 4 apart, unit spread. */
final class Blobs {

    private Blobs() {
    }

    static Dataset<int[]> make(int samples, int features, int classes, DType dtype, long seed) {
        SeededRandom r = new SeededRandom(seed);
        SeededRandom centres = new SeededRandom(12345);
        double[][] centre = new double[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int f = 0; f < features; f++) {
                centre[c][f] = 4 * centres.nextGaussian();
            }
        }
        Tensor x = Tensor.zeros(dtype, samples, features);
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = r.nextInt(classes);
            for (int f = 0; f < features; f++) {
                x.set(centre[y[i]][f] + r.nextGaussian(), i, f);
            }
        }
        return Dataset.classification(x, y);
    }
}
