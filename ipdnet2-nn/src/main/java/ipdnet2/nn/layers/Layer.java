package ipdnet2.nn.layers;

import ipdnet2.nn.Tensor;

/** A map from one tensor to another: a layer with a fixed configuration, or a parameter-free function. */
@FunctionalInterface
public interface Layer {
    Tensor forward(Tensor x);
}
