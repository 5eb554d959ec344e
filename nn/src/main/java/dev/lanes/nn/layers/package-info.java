/** Layers with forward and backward passes, their parameters, and {@code Sequential} to chain them. */
package dev.lanes.nn.layers;
