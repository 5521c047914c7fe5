package dev.warden.lab.net;

/** The lab could not be built or run; the message says what failed, for the person at the terminal. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
