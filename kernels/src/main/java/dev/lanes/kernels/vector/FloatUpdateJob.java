package dev.lanes.kernels.vector;

import static dev.lanes.kernels.vector.PreferredSpecies.FLOATS;

/**
 * One optimiser update (float) cut into parts of contiguous elements for the {@link WorkerPool}, one reusable
 * instance per calling thread: Adam(W), SGD with momentum, RMSprop, Adagrad, or {@code axpy} (y += α·x), which is
 * plain SGD's update. Each entry point takes the thread budget; an update too small to share runs on the calling
 * thread as one part (the pool runs a single part in place). The updates are element-wise and each element goes
 * through the reference's operations in its order, so the cut changes no bit. Parts start at whole multiples of
 * {@link #UNIT} elements (256 bytes, whole cache lines of an aligned array), so that only the last part ends in the
 * scalar tail and two threads seldom write one cache line.
 */
final class FloatUpdateJob extends WorkerPool.Job {
    private static final ThreadLocal<FloatUpdateJob> JOBS = ThreadLocal.withInitial(FloatUpdateJob::new);
    private static final int UNIT = 4 * FLOATS.length();

    /**
     * Fewest elements per part: an update of 32 Ki floats takes some 10 µs on one core (Adam; axpy about 3), against
     * about a microsecond to hand a part to a helper that is spinning, as it is between the GEMMs of a training step.
     */
    static final int MIN_ELEMENTS_PER_PART = 32 * 1024;

    private enum Update { ADAMW, SGD_MOMENTUM, RMSPROP, ADAGRAD, AXPY }

    private Update update;
    private int n, step;
    // The update's own state, in the order of its kernel's parameters: Adam's m and v; SGD's momentum buffer;
    // RMSprop's square average, gradient average and momentum buffer; Adagrad's sum of squares.
    private float[] param, grad, state0, state1, state2;
    private float learningRate, beta1, beta2, epsilon, weightDecay, momentum, alpha;
    private boolean nesterov;

    /** How many parts an update of n elements is cut into: at most {@code threads}, each at least the minimum. */
    private static int parts(int threads, int n) {
        return Math.max(1, Math.min(threads, n / MIN_ELEMENTS_PER_PART));
    }

    static void adamw(int threads, int n, float[] param, float[] grad, float[] m, float[] v, float learningRate,
                      float beta1, float beta2, float epsilon, float weightDecay, int step) {
        FloatUpdateJob job = JOBS.get();
        job.set(Update.ADAMW, n, param, grad, m, v, null, learningRate);
        job.beta1 = beta1;
        job.beta2 = beta2;
        job.epsilon = epsilon;
        job.weightDecay = weightDecay;
        job.step = step;
        job.runParts(parts(threads, n));
    }

    static void sgdMomentum(int threads, int n, float[] param, float[] grad, float[] buffer, float learningRate,
                            float momentum, boolean nesterov) {
        FloatUpdateJob job = JOBS.get();
        job.set(Update.SGD_MOMENTUM, n, param, grad, buffer, null, null, learningRate);
        job.momentum = momentum;
        job.nesterov = nesterov;
        job.runParts(parts(threads, n));
    }

    static void rmsprop(int threads, int n, float[] param, float[] grad, float[] squareAvg, float[] gradAvg,
                        float[] buffer, float learningRate, float alpha, float epsilon, float momentum) {
        FloatUpdateJob job = JOBS.get();
        job.set(Update.RMSPROP, n, param, grad, squareAvg, gradAvg, buffer, learningRate);
        job.alpha = alpha;
        job.epsilon = epsilon;
        job.momentum = momentum;
        job.runParts(parts(threads, n));
    }

    static void adagrad(int threads, int n, float[] param, float[] grad, float[] sum, float learningRate, float epsilon) {
        FloatUpdateJob job = JOBS.get();
        job.set(Update.ADAGRAD, n, param, grad, sum, null, null, learningRate);
        job.epsilon = epsilon;
        job.runParts(parts(threads, n));
    }

    /** y += alpha·x; x and y go where an update's gradient and parameter go. */
    static void axpy(int threads, int n, float alpha, float[] x, float[] y) {
        FloatUpdateJob job = JOBS.get();
        job.set(Update.AXPY, n, y, x, null, null, null, alpha);
        job.runParts(parts(threads, n));
    }

    private void set(Update update, int n, float[] param, float[] grad, float[] state0, float[] state1, float[] state2,
                     float learningRate) {
        this.update = update;
        this.n = n;
        this.param = param;
        this.grad = grad;
        this.state0 = state0;
        this.state1 = state1;
        this.state2 = state2;
        this.learningRate = learningRate;
    }

    /** Runs the parts, then lets go of the arrays, which a thread-local must not keep reachable. */
    private void runParts(int parts) {
        try {
            invoke(parts);
        } finally {
            param = grad = state0 = state1 = state2 = null;
        }
    }

    /** Where part {@code part} of {@code parts} starts: whole units, parts differing by at most one unit. */
    static int start(int part, int parts, int n) {
        int units = (n + UNIT - 1) / UNIT;
        return (int) Math.min(n, (long) part * units / parts * UNIT);
    }

    @Override
    protected void run(int part, int parts) {
        int from = start(part, parts, n), to = start(part + 1, parts, n);
        switch (update) {
            case ADAMW -> VectorOptimizerSteps.adamw(from, to, param, grad, state0, state1, learningRate, beta1, beta2,
                    epsilon, weightDecay, step);
            case SGD_MOMENTUM -> VectorOptimizerSteps.sgdMomentum(from, to, param, grad, state0, learningRate, momentum,
                    nesterov);
            case RMSPROP -> VectorOptimizerSteps.rmsprop(from, to, param, grad, state0, state1, state2, learningRate,
                    alpha, epsilon, momentum);
            case ADAGRAD -> VectorOptimizerSteps.adagrad(from, to, param, grad, state0, learningRate, epsilon);
            case AXPY -> VectorElementwise.axpy(from, to, learningRate, grad, param);
        }
    }
}
