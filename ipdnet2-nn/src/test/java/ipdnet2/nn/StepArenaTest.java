package ipdnet2.nn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepArenaTest {
    @Test
    void aScopeReusesTheArraysOfThePreviousScopeOnItsThread() {
        float[] a, b;
        try (StepArena.Scope s = StepArena.open()) {
            a = ArrayPool.take(10);
            b = ArrayPool.take(10);
        }
        assertThat(ArrayPool.take(10)).isNotSameAs(a).isNotSameAs(b); // no scope: fresh
        float[] c;
        try (StepArena.Scope s = StepArena.open()) {
            float[] first = ArrayPool.take(10), second = ArrayPool.take(10), third = ArrayPool.take(10);
            assertThat(new Object[] {first, second}).containsExactlyInAnyOrder(a, b);
            assertThat(third).isNotSameAs(a).isNotSameAs(b);
            c = ArrayPool.take(7);
        }
        try (StepArena.Scope s = StepArena.open()) {
            assertThat(ArrayPool.take(7)).isSameAs(c);
        }
        // the scope before last handed out a, b and the third array; the last scope used none of
        // them, so they are gone and a new one is fresh
        try (StepArena.Scope s = StepArena.open()) {
            float[] d = ArrayPool.take(10);
            assertThat(d).isNotSameAs(a).isNotSameAs(b).containsOnly(0f);
        }
    }

    @Test
    void inferenceInsideAScopeStillUsesTheInferencePool() {
        try (StepArena.Scope s = StepArena.open(); NoGrad n = NoGrad.enter()) {
            float[] dead = new float[13];
            ArrayPool.release(dead);
            assertThat(ArrayPool.take(13)).isSameAs(dead);
        }
    }

    @Test
    void releaseAllDropsTheArraysOfEveryThread() throws Exception {
        float[][] taken = new float[2][];
        Thread other = new Thread(() -> {
            try (StepArena.Scope s = StepArena.open()) {
                taken[1] = ArrayPool.take(11);
            }
        });
        try (StepArena.Scope s = StepArena.open()) {
            taken[0] = ArrayPool.take(11);
        }
        other.start();
        other.join();
        StepArena.releaseAll();
        try (StepArena.Scope s = StepArena.open()) {
            assertThat(ArrayPool.take(11)).isNotSameAs(taken[0]).isNotSameAs(taken[1]);
        }
    }

    @Test
    void aScopeIsClosedOnItsOwnThread() throws Exception {
        StepArena.Scope s = StepArena.open();
        Throwable[] thrown = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                s.close();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        other.start();
        other.join();
        s.close();
        assertThat(thrown[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("thread that opened it");
    }

    @Test
    void scopesDoNotNest() {
        try (StepArena.Scope s = StepArena.open()) {
            assertThatThrownBy(StepArena::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
        }
        StepArena.open().close();
    }
}
