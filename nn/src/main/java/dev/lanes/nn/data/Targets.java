package dev.lanes.nn.data;

import dev.lanes.nn.Buffer;
import dev.lanes.nn.Tensor;

/**
 * A data set's targets, one per sample, of one of the two kinds a loss takes: class indices ({@code int[]}) or
 * values ({@link Tensor}, [samples, outputs]). Each kind knows how to select rows and how to gather a batch's
 * rows into storage reused from batch to batch, so the rest of the package is written once for both.
 *
 * @param <T> {@code int[]} or {@link Tensor}
 */
sealed interface Targets<T> permits Targets.Classes, Targets.Values {

    int size();

    /** Every target, as given (not a copy). */
    T all();

    /** A copy of the targets of these samples, in this order. */
    Targets<T> select(int[] samples);

    /** Gathers batches of these targets into storage of its own, reused from batch to batch. */
    Gatherer<T> gatherer();

    interface Gatherer<T> {
        /** The targets of samples {@code order[first .. first + rows)}; valid until the next call. */
        T gather(int[] order, int first, int rows, int fullRows);
    }

    record Classes(int[] labels) implements Targets<int[]> {

        public Classes {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0) {
                    throw new IllegalArgumentException("Dataset: class index " + i + " is " + labels[i] + ", negative");
                }
            }
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public int[] all() {
            return labels;
        }

        @Override
        public Targets<int[]> select(int[] samples) {
            int[] picked = new int[samples.length];
            for (int i = 0; i < samples.length; i++) {
                picked[i] = labels[samples[i]];
            }
            return new Classes(picked);
        }

        @Override
        public Gatherer<int[]> gatherer() {
            // A loss checks one label per row, so a batch needs an array of exactly its rows: one for the full
            // batch and one for a short last batch, each allocated once.
            return new Gatherer<>() {
                private int[] full = new int[0];
                private int[] last = new int[0];

                @Override
                public int[] gather(int[] order, int first, int rows, int fullRows) {
                    int[] out;
                    if (rows == fullRows) {
                        out = full.length == rows ? full : (full = new int[rows]);
                    } else {
                        out = last.length == rows ? last : (last = new int[rows]);
                    }
                    for (int r = 0; r < rows; r++) {
                        out[r] = labels[order[first + r]];
                    }
                    return out;
                }
            };
        }
    }

    record Values(Tensor values) implements Targets<Tensor> {

        public Values {
            if (values.rank() != 2) {
                throw new IllegalArgumentException("Dataset: target values " + values.describe() + " are not [samples, outputs]");
            }
        }

        @Override
        public int size() {
            return values.rows();
        }

        @Override
        public Tensor all() {
            return values;
        }

        @Override
        public Targets<Tensor> select(int[] samples) {
            return new Values(Rows.select(values, samples));
        }

        @Override
        public Gatherer<Tensor> gatherer() {
            Buffer buffer = new Buffer();
            return (order, first, rows, fullRows) -> Rows.gather(values, order, first, rows, buffer);
        }
    }
}
