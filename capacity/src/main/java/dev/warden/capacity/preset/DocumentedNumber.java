package dev.warden.capacity.preset;

/**
 * One number a preset uses, with where it comes from. {@code documented} is false for the few
 * values no provider page states; {@code note} then says what the model assumes and why.
 */
public record DocumentedNumber(String name, String value, Source source, boolean documented, String note) {

    static DocumentedNumber of(String name, String value, Source source) {
        return new DocumentedNumber(name, value, source, true, "");
    }

    static DocumentedNumber assumed(String name, String value, Source source, String note) {
        return new DocumentedNumber(name, value, source, false, note);
    }

    /** A value the scenario set instead of the provider default. */
    static DocumentedNumber configured(String name, String value) {
        return new DocumentedNumber(name, value, null, true, "set in the scenario");
    }
}
