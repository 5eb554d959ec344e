/**
 * Tensors and network builders: {@link dev.lanes.nn.Tensor} (float32 or float64, a shape, row-major storage),
 * {@link dev.lanes.nn.DType}, {@link dev.lanes.nn.SeededRandom} and {@link dev.lanes.nn.Nets}, which builds the
 * common fully-connected nets.
 */
package dev.lanes.nn;
