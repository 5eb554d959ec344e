package dev.lanes.kernels.thirdparty;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.spi.KernelsBackend;
import dev.lanes.kernels.spi.KernelsProvider;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider as a third party would write it, registered only from this module's test resources
 * ({@code META-INF/services/dev.lanes.kernels.spi.KernelsProvider}), with no change to Lanes. Its rank is negative
 * so the default choice is unchanged. Its backend forwards every call to the public API of the {@code scalar}
 * provider, and counts the calls, so a test can tell that selecting it by name really routes work through it.
 */
public final class DelegatingThirdPartyProvider implements KernelsProvider {
    public static final String NAME = "thirdparty-test";

    /** Calls that reached a backend of this provider, over the whole JVM. */
    public static final AtomicLong CALLS = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return -10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "test-only third-party provider delegating to 'scalar'";
    }

    @Override
    public KernelsBackend create(int threads) {
        // Kernels has the same methods as KernelsBackend (same names and parameter types), minus the argument
        // checks it does before reaching us, so a proxy can forward each backend call to the scalar public API.
        Kernels scalar = Kernels.withProvider("scalar");
        InvocationHandler forward = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(scalar, args);
            }
            CALLS.incrementAndGet();
            Method target = Kernels.class.getMethod(method.getName(), method.getParameterTypes());
            try {
                return target.invoke(scalar, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (KernelsBackend) Proxy.newProxyInstance(KernelsBackend.class.getClassLoader(),
                new Class<?>[] {KernelsBackend.class}, forward);
    }
}
