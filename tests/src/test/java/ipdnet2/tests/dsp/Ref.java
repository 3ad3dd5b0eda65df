package ipdnet2.tests.dsp;

import ipdnet2.dsp.io.Npy;
import ipdnet2.dsp.io.NpyArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the reference tensors of the published implementation from the test classpath. */
final class Ref {
    private Ref() {
    }

    static NpyArray load(String name) {
        String res = "/reference/dsp/" + name;
        try (InputStream in = Ref.class.getResourceAsStream(res)) {
            return Npy.read(in, res);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
