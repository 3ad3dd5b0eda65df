/**
 * Layers with named parameters: a {@link ipdnet2.nn.layers.Module} tree whose hierarchical
 * parameter names are the PyTorch {@code state_dict} keys of the reference implementation, and
 * whose {@link ipdnet2.nn.layers.Module#initialize(long) initialisation} reproduces the PyTorch
 * defaults from a seed. Each layer's forward is one of the ops of {@link ipdnet2.nn}, whose
 * backward is written next to its forward there.
 */
package ipdnet2.nn.layers;
