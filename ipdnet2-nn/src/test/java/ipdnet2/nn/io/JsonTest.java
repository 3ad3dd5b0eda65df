package ipdnet2.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValueInDocumentOrder() {
        Object v = Json.parse(" {\"z\": [1, -2.5e2, 0.125, true, false, null], \"a\": {\"s\": \"x\\\"y\\\\\\n\\u00e9\\ud83d\\ude00/\\/\"},"
                + " \"e\": [], \"o\": {}} \n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", Arrays.asList(1.0, -250.0, 0.125, true, false, null));
        expected.put("a", Map.of("s", "x\"y\\\n\u00e9\uD83D\uDE00//"));
        expected.put("e", List.of());
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) v).keySet())).containsExactly("z", "a", "e", "o");
        assertThat(Json.parse("-0")).isEqualTo(-0.0);
        assertThat(Json.parse("\"\"")).isEqualTo("");
    }

    @Test
    void writesCompactAndPrettyText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\"b\\c\nd\u0001");
        m.put("shape", List.of(48, 10, 5));
        m.put("offsets", List.of(0L, 9600L));
        m.put("x", 0.1);
        m.put("whole", 3.0);
        m.put("f", 1.0e-5f);
        m.put("ok", true);
        m.put("none", null);
        m.put("empty", new ArrayList<>());
        assertThat(Json.write(m)).isEqualTo("{\"name\":\"a\\\"b\\\\c\\nd\\u0001\",\"shape\":[48,10,5],"
                + "\"offsets\":[0,9600],\"x\":0.1,\"whole\":3,\"f\":1.0E-5,\"ok\":true,\"none\":null,\"empty\":[]}");
        assertThat(Json.writePretty(Map.of("a", List.of(1, 2)))).isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
        assertThat(Json.parse(Json.writePretty(m))).isEqualTo(Json.parse(Json.write(m)));
    }

    @Test
    void writtenTextParsesBackToTheSameValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "tab\t and \u2713 and \uD83D\uDE00");
        m.put("n", Arrays.asList(1.0, -2.0, 1.0e300, 4.9e-324, null));
        m.put("nested", Map.of("k", List.of(Map.of())));
        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
    }

    @Test
    void rejectsMalformedTextWithTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("offset 8");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate key \"a\"");
        assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> Json.parse("1.")).hasMessageContaining("digit after '.'");
        assertThatThrownBy(() -> Json.parse("tru")).hasMessageContaining("expected 'true'");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parse("[".repeat(300))).hasMessageContaining("nesting deeper");
        assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("not an object");
    }

    @Test
    void refusesValuesJsonCannotSpell() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageContaining("cannot write");
    }
}
