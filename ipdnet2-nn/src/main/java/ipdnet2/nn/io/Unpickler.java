package ipdnet2.nn.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle virtual machine restricted to building data: it never imports or runs anything.
 * Every global is a {@link Global} name; calling one (REDUCE, NEWOBJ) is delegated to a
 * {@link Resolver}, which knows the few constructors a weight file needs and answers the rest
 * with inert {@link PickleObject}s.
 *
 * <p>Python values map to: int → Long (BigInteger beyond 64 bits), float → Double, str →
 * String, bytes → byte[], None → null, bool → Boolean, tuple → unmodifiable List, list →
 * ArrayList, dict → LinkedHashMap, set → LinkedHashSet.
 *
 * <p>All protocol 2 opcodes are supported, and the protocol 3–4 additions that need no external
 * state (bytes, FRAME, MEMOIZE, STACK_GLOBAL, sets, NEWOBJ_EX). Every length and index read from
 * the stream is bounds-checked.
 */
final class Unpickler {

    /** A Python global, {@code module.name}. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** The torch-specific side of loading: persistent ids and calls. */
    interface Resolver {
        /** The object a persistent id stands for. */
        Object persistentLoad(Object pid) throws WeightFileException;

        /** The result of calling {@code callable(*args)}. */
        Object call(Global callable, List<Object> args) throws WeightFileException;
    }

    private final Path file;
    private final String entry;
    private final byte[] in;
    private final Resolver resolver;
    private int pos;
    private int opAt;
    private final ArrayList<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final HashMap<Long, Object> memo = new HashMap<>();

    /**
     * @param file     the weight file, for messages
     * @param entry    the pickle's name inside the file, for messages
     * @param data     the pickle bytes
     * @param resolver builds torch objects
     */
    Unpickler(Path file, String entry, byte[] data, Resolver resolver) {
        this.file = file;
        this.entry = entry;
        this.in = data;
        this.resolver = resolver;
    }

    /** Runs the pickle to its STOP and returns the object it built. */
    Object load() throws WeightFileException {
        while (true) {
            opAt = pos;
            int op = u8();
            switch (op) {
                case 0x80: // PROTO
                    int protocol = u8();
                    if (protocol > 5) {
                        throw error("unsupported pickle protocol " + protocol);
                    }
                    break;
                case 0x95: // FRAME: a length prefix only, the content follows inline
                    u64();
                    break;
                case '.': // STOP
                    if (stack.size() != 1 || markCount != 0) {
                        throw error("pickle stops with " + stack.size() + " objects on the stack");
                    }
                    return stack.get(0);

                // --- stack and marks
                case '(': // MARK
                    if (markCount == marks.length) {
                        marks = Arrays.copyOf(marks, markCount * 2);
                    }
                    marks[markCount++] = stack.size();
                    break;
                case '0': // POP
                    if (!stack.isEmpty() && (markCount == 0 || marks[markCount - 1] < stack.size())) {
                        pop();
                    } else {
                        popMark();
                    }
                    break;
                case '1': // POP_MARK
                    popToMark();
                    break;
                case '2': // DUP
                    push(peek());
                    break;

                // --- memo
                case 'q': // BINPUT
                    memo.put((long) u8(), peek());
                    break;
                case 'r': // LONG_BINPUT
                    memo.put(u32(), peek());
                    break;
                case 'p': // PUT
                    memo.put(lineInteger(), peek());
                    break;
                case 0x94: // MEMOIZE
                    memo.put((long) memo.size(), peek());
                    break;
                case 'h': // BINGET
                    push(memoGet(u8()));
                    break;
                case 'j': // LONG_BINGET
                    push(memoGet(u32()));
                    break;
                case 'g': // GET
                    push(memoGet(lineInteger()));
                    break;

                // --- constants
                case 'N': // NONE
                    push(null);
                    break;
                case 0x88: // NEWTRUE
                    push(Boolean.TRUE);
                    break;
                case 0x89: // NEWFALSE
                    push(Boolean.FALSE);
                    break;
                case 'J': // BININT: signed 32-bit
                    push((long) i32());
                    break;
                case 'K': // BININT1
                    push((long) u8());
                    break;
                case 'M': // BININT2
                    push((long) (u8() | (u8() << 8)));
                    break;
                case 0x8a: // LONG1
                    push(littleEndianInteger(u8()));
                    break;
                case 0x8b: // LONG4
                    push(littleEndianInteger(length(i32())));
                    break;
                case 'I': { // INT (text); "00"/"01" are protocol 0's False/True
                    String s = line();
                    if (s.equals("00") || s.equals("01")) {
                        push(s.equals("01"));
                    } else {
                        push(parseInteger(s));
                    }
                    break;
                }
                case 'L': { // LONG (text)
                    String s = line();
                    push(parseInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
                    break;
                }
                case 'G': // BINFLOAT: big-endian double
                    push(Double.longBitsToDouble(bigEndian64()));
                    break;
                case 'F': // FLOAT (text)
                    try {
                        push(Double.parseDouble(line()));
                    } catch (NumberFormatException e) {
                        throw error("malformed FLOAT");
                    }
                    break;

                // --- strings and bytes
                case 'X': // BINUNICODE
                    push(utf8(length(u32())));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    push(utf8(u8()));
                    break;
                case 0x8d: // BINUNICODE8
                    push(utf8(length(u64())));
                    break;
                case 'T': // BINSTRING (Python 2 str, read as UTF-8 like the loader's default)
                    push(utf8(length(i32())));
                    break;
                case 'U': // SHORT_BINSTRING
                    push(utf8(u8()));
                    break;
                case 'B': // BINBYTES
                    push(bytes(length(u32())));
                    break;
                case 'C': // SHORT_BINBYTES
                    push(bytes(u8()));
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    push(bytes(length(u64())));
                    break;

                // --- tuples, lists, dicts, sets
                case ')': // EMPTY_TUPLE
                    push(tuple());
                    break;
                case 0x85: { // TUPLE1
                    Object a = pop();
                    push(tuple(a));
                    break;
                }
                case 0x86: { // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    push(tuple(a, b));
                    break;
                }
                case 0x87: { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(tuple(a, b, c));
                    break;
                }
                case 't': // TUPLE
                    push(tuple(popToMark().toArray()));
                    break;
                case ']': // EMPTY_LIST
                    push(new ArrayList<>());
                    break;
                case 'l': // LIST
                    push(new ArrayList<>(popToMark()));
                    break;
                case 'a': { // APPEND
                    Object item = pop();
                    append(peek(), Collections.singletonList(item));
                    break;
                }
                case 'e': { // APPENDS
                    List<Object> items = popToMark();
                    append(peek(), items);
                    break;
                }
                case '}': // EMPTY_DICT
                    push(new LinkedHashMap<>());
                    break;
                case 'd': { // DICT
                    List<Object> items = popToMark();
                    LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
                    setItems(map, items);
                    push(map);
                    break;
                }
                case 's': { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    setItems(peek(), Arrays.asList(key, value));
                    break;
                }
                case 'u': { // SETITEMS
                    List<Object> items = popToMark();
                    setItems(peek(), items);
                    break;
                }
                case 0x8f: // EMPTY_SET
                    push(new LinkedHashSet<>());
                    break;
                case 0x90: { // ADDITEMS
                    List<Object> items = popToMark();
                    if (!(peek() instanceof Set<?>)) {
                        throw error("ADDITEMS on a " + describe(peek()));
                    }
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) peek();
                    for (Object item : items) {
                        checkHashable(item, 0);
                        set.add(item);
                    }
                    break;
                }
                case 0x91: { // FROZENSET
                    List<Object> items = popToMark();
                    for (Object item : items) {
                        checkHashable(item, 0);
                    }
                    push(Collections.unmodifiableSet(new LinkedHashSet<>(items)));
                    break;
                }

                // --- globals, calls, objects
                case 'c': { // GLOBAL: "module\nname\n"
                    String module = line();
                    push(new Global(module, line()));
                    break;
                }
                case 0x93: { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(new Global(m, n));
                    break;
                }
                case 'R': { // REDUCE: callable(*args)
                    List<Object> args = asTuple(pop(), "REDUCE");
                    push(call(pop(), args));
                    break;
                }
                case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
                    List<Object> args = asTuple(pop(), "NEWOBJ");
                    push(newObject(pop(), args));
                    break;
                }
                case 0x92: { // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs); kwargs are dropped
                    pop();
                    List<Object> args = asTuple(pop(), "NEWOBJ_EX");
                    push(newObject(pop(), args));
                    break;
                }
                case 'b': { // BUILD: obj.__setstate__(state) or obj.__dict__.update(state)
                    Object state = pop();
                    if (peek() instanceof PickleObject o) {
                        o.state = state;
                    }
                    // On dicts and tensors the state is instance attributes (e.g. a state_dict's
                    // _metadata), not items: it does not change the data.
                    break;
                }
                case 'Q': // BINPERSID
                    push(resolver.persistentLoad(pop()));
                    break;
                case 'P': // PERSID (text id)
                    push(resolver.persistentLoad(line()));
                    break;
                default:
                    throw error(String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    // ---------------------------------------------------------------- semantics

    private Object call(Object callable, List<Object> args) throws WeightFileException {
        if (callable instanceof Global g) {
            return resolver.call(g, args);
        }
        return new PickleObject(new Global("?", "call of " + describe(callable)), args);
    }

    private Object newObject(Object cls, List<Object> args) throws WeightFileException {
        if (!(cls instanceof Global g)) {
            throw error("NEWOBJ on a " + describe(cls));
        }
        return new PickleObject(g, args);
    }

    private void append(Object target, List<Object> items) throws WeightFileException {
        if (target instanceof ArrayList<?>) { // a list; tuples are unmodifiable lists
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) target;
            list.addAll(items);
        } else if (target instanceof PickleObject o) {
            o.elements.addAll(items);
        } else {
            throw error("APPEND to a " + describe(target));
        }
    }

    private void setItems(Object target, List<Object> keyValues) throws WeightFileException {
        if (keyValues.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        Map<Object, Object> map;
        if (target instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            map = m;
        } else if (target instanceof PickleObject o) {
            map = o.items;
        } else {
            throw error("SETITEM on a " + describe(target));
        }
        for (int i = 0; i < keyValues.size(); i += 2) {
            Object key = keyValues.get(i);
            checkHashable(key, 0);
            map.put(key, keyValues.get(i + 1));
        }
    }

    private static List<Object> tuple(Object... items) {
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(items)));
    }

    /**
     * Refuses dict keys and set elements that Python could not hash (lists, dicts, sets), which
     * only a corrupt pickle holds; hashing them here could recurse without end on a structure
     * that contains itself. Tuples and frozensets are checked element by element.
     */
    private void checkHashable(Object o, int depth) throws WeightFileException {
        if (depth > 64) {
            throw error("dict key nested too deeply");
        }
        if (o instanceof ArrayList || o instanceof Map || o instanceof LinkedHashSet) {
            throw error("unhashable dict key or set element: a " + describe(o));
        }
        if (o instanceof Iterable<?> items) { // tuple or frozenset
            for (Object item : items) {
                checkHashable(item, depth + 1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> asTuple(Object o, String op) throws WeightFileException {
        if (!(o instanceof List<?>)) {
            throw error(op + " arguments are a " + describe(o) + ", not a tuple");
        }
        return (List<Object>) o;
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof PickleObject p) {
            return p.toString();
        }
        if (o instanceof Global g) {
            return "global " + g;
        }
        return o.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- stack

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws WeightFileException {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw error("pickle stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws WeightFileException {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw error("pickle stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private int popMark() throws WeightFileException {
        if (markCount == 0) {
            throw error("no MARK on the pickle stack");
        }
        return marks[--markCount];
    }

    /** Removes and returns everything above the topmost mark, and the mark. */
    private List<Object> popToMark() throws WeightFileException {
        int at = popMark();
        List<Object> top = stack.subList(at, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private Object memoGet(long index) throws WeightFileException {
        if (!memo.containsKey(index)) {
            throw error("memo index " + index + " was never stored");
        }
        return memo.get(index);
    }

    // ---------------------------------------------------------------- reading

    private int u8() throws WeightFileException {
        need(1);
        return in[pos++] & 0xFF;
    }

    private int i32() throws WeightFileException {
        need(4);
        int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16 | (in[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long u32() throws WeightFileException {
        return i32() & 0xFFFFFFFFL;
    }

    private long u64() throws WeightFileException {
        long lo = u32();
        long hi = u32();
        return lo | (hi << 32);
    }

    private long bigEndian64() throws WeightFileException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        return v;
    }

    /** Checks that a length read from the stream is non-negative and fits in what remains. */
    private int length(long n) throws WeightFileException {
        if (n < 0 || n > in.length - pos) {
            throw error("length " + (n < 0 ? Long.toUnsignedString(n) : Long.toString(n)) + " runs past the end of the pickle ("
                    + (in.length - pos) + " bytes left)");
        }
        return (int) n;
    }

    private void need(int n) throws WeightFileException {
        if (in.length - pos < n) {
            throw error("pickle ends unexpectedly (truncated or corrupt)");
        }
    }

    private byte[] bytes(int n) throws WeightFileException {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) throws WeightFileException {
        need(n);
        String s = new String(in, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    private Object littleEndianInteger(int n) throws WeightFileException {
        need(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = in[pos + n - 1 - i];
        }
        pos += n;
        BigInteger v = new BigInteger(be); // two's complement, as pickle stores it
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() throws WeightFileException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            pos++;
        }
        if (pos >= in.length) {
            throw error("pickle ends inside a text line");
        }
        String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private long lineInteger() throws WeightFileException {
        Object v = parseInteger(line());
        if (!(v instanceof Long l)) {
            throw error("memo index out of range");
        }
        return l;
    }

    private Object parseInteger(String s) throws WeightFileException {
        try {
            BigInteger v = new BigInteger(s.trim());
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw error("malformed integer '" + s + "'");
        }
    }

    private WeightFileException error(String problem) {
        return new WeightFileException(file, entry + " at byte " + opAt + ": " + problem);
    }
}
