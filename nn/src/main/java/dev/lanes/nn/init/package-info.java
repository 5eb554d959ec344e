/** Weight initialisers (normal, Xavier, He, PyTorch's default), all drawing from a seeded generator. */
package dev.lanes.nn.init;
