package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.DType;
import dev.lanes.nn.Tensor;
import dev.lanes.nn.io.Architecture;
import dev.lanes.nn.layers.Parameter;
import dev.lanes.nn.layers.Sequential;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The models an executor JVM predicts with, by broadcast: the broadcast file is parsed once per JVM, and each task
 * thread gets its replica once (a model's layers keep reusable buffers, so two threads cannot share one).
 * Executors reuse their task threads, so neither is repeated per partition, let alone per row.
 */
final class ExecutorModels {

    private static final int KEEP = 8;
    private static final Map<String, Cached> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > KEEP;
        }
    };

    /** How many times this JVM parsed a model file (tests check it stays at one per model). */
    static final AtomicInteger PARSED = new AtomicInteger();

    private ExecutorModels() {
    }

    private static final class Cached {
        final Sequential template;
        final ThreadLocal<Sequential> replicas;

        Cached(Sequential template) {
            this.template = template;
            String architecture = Architecture.describe(template);
            Map<String, Parameter> saved = template.namedParameters();
            this.replicas = ThreadLocal.withInitial(() -> {
                Sequential replica = Architecture.build(architecture, DType.F32);
                for (Map.Entry<String, Parameter> p : replica.namedParameters().entrySet()) {
                    Tensor value = saved.get(p.getKey()).value();
                    p.getValue().value().copyFrom(value);
                }
                replica.eval();
                return replica;
            });
        }
    }

    /**
     * This thread's replica of the model broadcast as {@code key}, computing with {@code kernels}.
     *
     * @param key the application's id and the broadcast's (a broadcast id alone restarts at 0 in every
     *        SparkContext, and a JVM may see several one after another)
     * @param bytes the model file's bytes, read only the first time this JVM meets {@code key}
     */
    static Sequential replica(String key, Supplier<byte[]> bytes, Kernels kernels) {
        Cached entry;
        synchronized (CACHE) {
            entry = CACHE.get(key);
            if (entry == null) {
                PARSED.incrementAndGet();
                entry = new Cached(ModelBytes.load(bytes.get(), kernels));
                CACHE.put(key, entry);
            }
        }
        Sequential replica = entry.replicas.get();
        if (replica.kernels() != kernels) {
            replica.setKernels(kernels);
        }
        return replica;
    }
}
