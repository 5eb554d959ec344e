package dev.lanes.kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls a {@link Kernels} operation by name in either precision, so that one test body covers the float and
 * the double overload: arrays are passed as they are (their type picks the overload), and numbers are
 * converted to the parameter's type ({@code 0.5} becomes {@code 0.5f} for the float overload).
 */
final class Invoke {
    private Invoke() {
    }

    /** The operation's return value (a Float or Double for the losses; null for void), as a double or NaN. */
    static double call(Kernels kernels, String operation, Object... args) {
        Method method = find(operation, args);
        Class<?>[] types = method.getParameterTypes();
        Object[] converted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            converted[i] = args[i] instanceof Number number ? convert(number, types[i]) : args[i];
        }
        try {
            Object result = method.invoke(kernels, converted);
            return result instanceof Number number ? number.doubleValue() : Double.NaN;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static Object convert(Number number, Class<?> type) {
        if (type == float.class) {
            return number.floatValue();
        } else if (type == double.class) {
            return number.doubleValue();
        } else if (type == int.class) {
            return number.intValue();
        }
        throw new IllegalArgumentException("cannot pass a number as " + type);
    }

    private static Method find(String operation, Object[] args) {
        // The precision is that of the first float[] or double[] argument; null arrays are allowed.
        Class<?> arrayType = null;
        for (Object arg : args) {
            if (arg instanceof float[] || arg instanceof double[]) {
                arrayType = arg.getClass();
                break;
            }
        }
        Class<?> element = arrayType == double[].class ? double.class : float.class;
        for (Method m : Kernels.class.getMethods()) {
            if (!m.getName().equals(operation) || m.getParameterCount() != args.length) {
                continue;
            }
            boolean matches = true;
            for (Class<?> t : m.getParameterTypes()) {
                if ((t.isArray() && t != int[].class && t.getComponentType() != element)
                        || (t.isPrimitive() && t != int.class && t != element)) {
                    matches = false;
                }
            }
            if (matches) {
                return m;
            }
        }
        throw new IllegalArgumentException("no Kernels." + operation + " with " + args.length + " arguments for " + element);
    }
}
