package dev.warden.model.net;

/**
 * A value written by a person (an address, range, host name or duration) is not acceptable.
 *
 * <p>The message is one short sentence saying what is wrong and what to write instead. It is a
 * predicate about the input and never repeats it, so the caller can prefix the field position and
 * the quoted input: {@code cidrs[2]: "10.1.2.3/8" } + {@code "has host bits set; ..."}.
 */
public final class InvalidValueException extends IllegalArgumentException {

    /** Creates the exception with a message written as described in the class comment. */
    public InvalidValueException(String message) {
        super(message);
    }
}
