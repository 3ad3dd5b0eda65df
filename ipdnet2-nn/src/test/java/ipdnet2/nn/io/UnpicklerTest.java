package ipdnet2.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pickle machine on byte strings written by the reference Python pickler, compared with the
 * values they were made from (written out by hand below).
 */
class UnpicklerTest {

    private static final Path FILE = Path.of("test.pt");

    /** Every call becomes a placeholder; no persistent ids expected. */
    private static final Unpickler.Resolver INERT = new Unpickler.Resolver() {
        @Override
        public Object persistentLoad(Object pid) throws WeightFileException {
            throw new WeightFileException(FILE, "unexpected persistent id");
        }

        @Override
        public Object call(Unpickler.Global callable, List<Object> args) {
            return new PickleObject(callable, args);
        }
    };

    private static Object load(String hex) throws WeightFileException {
        return new Unpickler(FILE, "data.pkl", HexFormat.of().parseHex(hex), INERT).load();
    }

    // {'a': [1, -2, 3.5, None, True, False], 'b': (300, 70000, -70000, 2**70, -(2**40)),
    //  'c': 'é✓', 'd': b'\x00\x01', 'e': (), 'f': (1,), 'g': (1, 2), 'h': (1, 2, 3, 4)}
    private static final String PROTOCOL_2 = "80027d71002858010000006171015d7102284b014afeffffff47400c0000000000004e88896558"
            + "01000000627103284d2c014a701101004a90eefeff8a090000000000000000408a060000000000ff74710458010000006371055805"
            + "000000c3a9e29c9371065801000000647107635f636f646563730a656e636f64650a710858020000000001710958060000006c61"
            + "74696e31710a86710b52710c580100000065710d29580100000066710e4b0185710f58010000006771104b014b02867111580100"
            + "0000687112284b014b024b034b04747113752e";
    private static final String PROTOCOL_4 = "80049582000000000000007d94288c0161945d94284b014afeffffff47400c0000000000004e"
            + "8889658c016294284d2c014a701101004a90eefeff8a090000000000000000408a060000000000ff74948c0163948c05c3a9e29c"
            + "93948c01649443020001948c016594298c0166944b0185948c0167944b014b0286948c016894284b014b024b034b047494752e";

    @Test
    void buildsPlainValuesOfProtocols2And4() throws WeightFileException {
        for (String hex : List.of(PROTOCOL_2, PROTOCOL_4)) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) load(hex);
            assertThat(m.keySet()).containsExactly((Object) "a", "b", "c", "d", "e", "f", "g", "h");
            assertThat(m.get("a")).isEqualTo(Arrays.asList(1L, -2L, 3.5, null, true, false));
            assertThat(m.get("b")).isEqualTo(List.of(300L, 70000L, -70000L, BigInteger.ONE.shiftLeft(70), -(1L << 40)));
            assertThat(m.get("c")).isEqualTo("é✓");
            assertThat(m.get("e")).isEqualTo(List.of());
            assertThat(m.get("f")).isEqualTo(List.of(1L));
            assertThat(m.get("g")).isEqualTo(List.of(1L, 2L));
            assertThat(m.get("h")).isEqualTo(List.of(1L, 2L, 3L, 4L));
        }
        // protocol 4 has a bytes opcode; protocol 2 spells bytes as a call to _codecs.encode
        assertThat((byte[]) ((Map<?, ?>) load(PROTOCOL_4)).get("d")).containsExactly(0, 1);
        PickleObject encode = (PickleObject) ((Map<?, ?>) load(PROTOCOL_2)).get("d");
        assertThat(encode.type).isEqualTo(new Unpickler.Global("_codecs", "encode"));
        assertThat(encode.args).containsExactly("\u0000\u0001", "latin1");
    }

    // class Hp(dict); class Cb: k = 5 (instance attribute); od = OrderedDict(w=1.5) with
    // od._metadata = {'': {'version': 1}}; x = [7];
    // {'sd': od, 'hp': Hp(lr=0.1), 'cb': Cb(), 'p': x, 'q': x}
    private static final String OBJECTS = "80027d71002858020000007364710163636f6c6c656374696f6e730a4f726465726564446963740a"
            + "7102295271035801000000777104473ff8000000000000737d710558090000005f6d6574616461746171067d7107580000000071"
            + "087d7109580700000076657273696f6e710a4b017373736258020000006870710b635f5f6d61696e5f5f0a48700a710c298171"
            + "0d58020000006c72710e473fb999999999999a7358020000006362710f635f5f6d61696e5f5f0a43620a7110298171117d7112"
            + "58010000006b71134b05736258010000007071145d71154b076158010000007171166815752e";

    @Test
    void unknownClassesBecomeInertPlaceholdersThatRecordTheirContent() throws WeightFileException {
        Map<?, ?> m = (Map<?, ?>) load(OBJECTS);
        PickleObject od = (PickleObject) m.get("sd");
        assertThat(od.type).isEqualTo(new Unpickler.Global("collections", "OrderedDict"));
        assertThat(od.items).containsExactly(Map.entry("w", 1.5));
        assertThat(od.state).isEqualTo(Map.of("_metadata", Map.of("", Map.of("version", 1L))));
        PickleObject hp = (PickleObject) m.get("hp");
        assertThat(hp.type.toString()).isEqualTo("__main__.Hp");
        assertThat(hp.items).containsExactly(Map.entry("lr", 0.1));
        PickleObject cb = (PickleObject) m.get("cb");
        assertThat(cb.state).isEqualTo(Map.of("k", 5L));
        assertThat(m.get("p")).isEqualTo(List.of(7L)).isSameAs(m.get("q")); // memo keeps identity
    }

    @Test
    void malformedPicklesFailWithOffsetAndProblem() {
        assertThatThrownBy(() -> load("8002ff")).isInstanceOf(WeightFileException.class)
                .hasMessage("test.pt: data.pkl at byte 2: unsupported pickle opcode 0xff");
        assertThatThrownBy(() -> load("80027d")).hasMessageContaining("pickle ends unexpectedly");
        assertThatThrownBy(() -> load("8002580000ffff")).hasMessageContaining("runs past the end of the pickle");
        assertThatThrownBy(() -> load("8002680c2e")).hasMessageContaining("memo index 12 was never stored");
        assertThatThrownBy(() -> load("800273")).hasMessageContaining("stack underflow");
        assertThatThrownBy(() -> load("80024b014b022e")).hasMessageContaining("stops with 2 objects");
        assertThatThrownBy(() -> load("80027d4b012e")).hasMessageContaining("stops with 2 objects");
        assertThatThrownBy(() -> load("8002742e")).hasMessageContaining("no MARK");
        assertThatThrownBy(() -> load("8006")).hasMessageContaining("unsupported pickle protocol 6");
        assertThatThrownBy(() -> load("80024b014b0261")).hasMessageContaining("APPEND to a Long");
        // {[]: 1}, and {(1, []): 1}: lists cannot be keys, not even inside a tuple
        assertThatThrownBy(() -> load("80027d5d4b01732e")).hasMessageContaining("unhashable dict key or set element: a ArrayList");
        assertThatThrownBy(() -> load("80027d4b015d864b01732e")).hasMessageContaining("unhashable");
    }
}
