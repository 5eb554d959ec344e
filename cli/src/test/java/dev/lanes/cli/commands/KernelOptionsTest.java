package dev.lanes.cli.commands;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The default kernels by the size of a run: scalar below the threshold when the default would be vector. */
class KernelOptionsTest {

    @Test
    void aSmallRunGetsScalarKernelsUnlessAProviderIsNamed() {
        String best = Kernels.get().providerName();
        KernelOptions options = new KernelOptions();
        assertEquals(best, options.kernels(KernelOptions.SCALAR_BELOW_WORK).providerName(), "at the threshold: the default");
        assertFalse(options.pickedForSize);
        assertEquals(best, options.kernels().providerName(), "size unknown: the default");
        Kernels small = options.kernels(KernelOptions.SCALAR_BELOW_WORK - 1);
        assertEquals(best.equals("vector") ? "scalar" : best, small.providerName());
        assertEquals(best.equals("vector"), options.pickedForSize);
        options.provider = best;
        assertEquals(options.provider, options.kernels(1).providerName(), "a named provider is kept");
        assertFalse(options.pickedForSize);
        options.provider = null;
        options.threads = 1;
        assertEquals(1, options.kernels(1).threads());
    }
}
