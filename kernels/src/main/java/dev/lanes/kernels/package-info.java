/**
 * The kernel API: {@link dev.lanes.kernels.Kernels}, the one entry point to every operation (GEMM, bias-add,
 * activations, softmax, reductions, optimiser steps) on {@code float[]} and {@code double[]} arrays in row-major
 * layout. {@code Kernels.get()} returns the best provider that can run in this JVM; every argument is checked
 * before a provider sees it.
 */
package dev.lanes.kernels;
