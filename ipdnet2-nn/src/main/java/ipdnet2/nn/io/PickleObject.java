package ipdnet2.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert stand-in for an instance of a Python class the unpickler does not know (training
 * hyper-parameters, callbacks, optimiser states, ...). It records what the pickle did to it so
 * that loading never fails on such objects, and nothing is ever executed.
 */
final class PickleObject {

    /** The class or callable that would have built the object. */
    final Unpickler.Global type;
    /** The arguments it would have been called with. */
    final List<Object> args;
    /** Items set on it (dict subclasses). */
    final Map<Object, Object> items = new LinkedHashMap<>();
    /** Elements appended to it (list subclasses). */
    final List<Object> elements = new ArrayList<>();
    /** The state given by BUILD, if any. */
    Object state;

    PickleObject(Unpickler.Global type, List<Object> args) {
        this.type = type;
        this.args = args;
    }

    @Override
    public String toString() {
        return type + " object";
    }
}
