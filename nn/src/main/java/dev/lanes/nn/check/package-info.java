/** Numerical gradient checks: central differences compared with the analytic gradients of a model. */
package dev.lanes.nn.check;
