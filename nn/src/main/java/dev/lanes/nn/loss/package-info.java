/** Loss functions and regularisation terms: their value and their gradient with respect to the output. */
package dev.lanes.nn.loss;
