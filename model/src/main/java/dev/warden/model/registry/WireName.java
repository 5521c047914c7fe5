package dev.warden.model.registry;

/**
 * A closed set whose members are spelt in kebab-case in the registry files. The wire name is
 * what users write and what messages show; the Java constant is only for code.
 */
public interface WireName {
    String wireName();

    /** Finds the constant written as {@code text} in a file, or throws naming the choices. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not one of " + choices(type));
    }

    static <E extends Enum<E> & WireName> String choices(Class<E> type) {
        StringBuilder out = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            out.append(out.isEmpty() ? "" : ", ").append(constant.wireName());
        }
        return out.toString();
    }
}
