package dev.warden.model.net;

import com.ibm.icu.text.IDNA;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A DNS host name in its normalised ASCII form: lowercase, internationalised labels as
 * {@code xn--} A-labels, no trailing dot.
 *
 * <p>Normalisation is UTS #46 non-transitional processing (as curl with libidn2 and the browsers
 * do), so {@code faß.de} becomes {@code xn--fa-hia.de}, not {@code fass.de}. IP literals and
 * names a URL parser would read as an IPv4 address are refused: those belong under {@code cidrs}.
 *
 * @param ascii the normalised form, e.g. {@code xn--bcher-kva.example}
 */
public record Hostname(String ascii) {

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.USE_STD3_RULES);
    private static final int MAX_LABEL_OCTETS = 63;
    private static final int MAX_NAME_OCTETS = 253;
    private static final String EXAMPLE = "api.vendor.example";

    /**
     * @throws InvalidValueException unless {@code ascii} is already in the normalised form that
     *     {@link #parse} produces
     */
    public Hostname {
        Objects.requireNonNull(ascii, "ascii");
        if (ascii.isEmpty()) {
            throw new InvalidValueException("is empty; write a name such as " + EXAMPLE);
        }
        checkShape(ascii, 1);
        String normalised = toAscii(ascii, 1);
        if (!normalised.equals(ascii)) {
            throw new InvalidValueException("is not in normalised form; write " + normalised);
        }
    }

    /**
     * Normalises a host name as typed by a person: Unicode or A-labels, any case, at most one
     * trailing dot.
     *
     * @throws InvalidValueException naming the first problem and what to write instead
     */
    public static Hostname parse(String text) {
        return parse(text, 1);
    }

    /**
     * Parses a name whose first label is label number {@code firstLabelNumber} of what the user
     * wrote, so messages point at the right label when this is a suffix (as in a wildcard).
     */
    static Hostname parse(String text, int firstLabelNumber) {
        String name = requirePlainText(text, EXAMPLE);
        if (name.indexOf('*') >= 0) {
            throw new InvalidValueException(
                    "contains '*'; list wildcard names under `wildcards` with `reviewed: true` and a `reason`");
        }
        refuseIpv6Literal(name);
        if (name.chars().allMatch(c -> c == '.')) {
            throw new InvalidValueException("has only dots; write a host name such as " + EXAMPLE);
        }
        if (name.startsWith(".")) {
            throw new InvalidValueException("starts with a dot; write the name without it, or list *"
                    + name + " under `wildcards` for its subdomains");
        }
        if (name.endsWith("..")) {
            throw new InvalidValueException("ends with more than one dot; write at most one trailing dot");
        }
        String withoutRoot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        int emptyLabel = withoutRoot.indexOf("..");
        if (emptyLabel >= 0) {
            long dotsBefore = withoutRoot.substring(0, emptyLabel).chars().filter(c -> c == '.').count();
            throw new InvalidValueException("has an empty label " + (firstLabelNumber + dotsBefore + 1)
                    + " (two dots in a row); remove one dot");
        }
        String ascii = toAscii(withoutRoot, firstLabelNumber);
        checkShape(ascii, firstLabelNumber);
        return new Hostname(ascii);
    }

    /** The labels from left to right, e.g. {@code [api, vendor, example]}. */
    public List<String> labels() {
        return List.of(ascii.split("\\."));
    }

    /** Whether the name has one label only, such as {@code localhost}. */
    public boolean isSingleLabel() {
        return ascii.indexOf('.') < 0;
    }

    /** The name with A-labels shown in Unicode, for display only: {@code xn--fa-hia.de} gives {@code faß.de}. */
    public String toUnicode() {
        return UTS46.nameToUnicode(ascii, new StringBuilder(), new IDNA.Info()).toString();
    }

    /**
     * Whether this name is strictly below {@code parent}: {@code a.b.example} is below
     * {@code b.example} and {@code example}, but no name is below itself.
     */
    public boolean isSubdomainOf(Hostname parent) {
        return ascii.endsWith("." + parent.ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }

    /**
     * Checks what host names and wildcards share: not empty, no whitespace. Returns the text with
     * the ideographic and full-width full stops replaced by '.', which UTS #46 treats as dots
     * anyway, so the dot rules see them.
     */
    static String requirePlainText(String text, String example) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidValueException("is empty; write a name such as " + example);
        }
        if (text.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new InvalidValueException("contains whitespace; write the name with no spaces, such as " + example);
        }
        return text.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
    }

    private static void refuseIpv6Literal(String name) {
        boolean bracketed = name.length() >= 2 && name.startsWith("[") && name.endsWith("]");
        String inner = bracketed ? name.substring(1, name.length() - 1) : name;
        if (inner.indexOf(':') >= 0) {
            Optional<IpAddress> address = parseAddress(inner);
            if (address.isPresent()) {
                throw notAHostName(address.get());
            }
        }
        if (bracketed) {
            throw new InvalidValueException("looks like a bracketed IPv6 address; list IP addresses under `cidrs`"
                    + " without brackets, as a /128 such as 2001:db8::1/128");
        }
    }

    /** Lengths, and the rule that a name must not end in a number (WHATWG URL reads those as IPv4). */
    private static void checkShape(String ascii, int firstLabelNumber) {
        String[] labels = ascii.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            int number = firstLabelNumber + i;
            if (label.isEmpty()) {
                throw new InvalidValueException("has an empty label " + number + "; remove the extra dot");
            }
            if (label.length() > MAX_LABEL_OCTETS) {
                throw new InvalidValueException("has label " + number + " that is " + label.length() + " octets long"
                        + (label.startsWith("xn--") ? " in its xn-- form" : "")
                        + "; a DNS label is at most " + MAX_LABEL_OCTETS + " octets");
            }
        }
        if (ascii.length() > MAX_NAME_OCTETS) {
            throw new InvalidValueException("is " + ascii.length() + " octets long"
                    + (ascii.contains("xn--") ? " in its xn-- form" : "")
                    + "; a DNS name is at most " + MAX_NAME_OCTETS + " octets, dots included");
        }
        if (endsInNumber(labels[labels.length - 1])) {
            throw parseAddress(ascii).map(Hostname::notAHostName).orElseGet(() -> new InvalidValueException(
                    "ends in a number, so resolvers and URL parsers may read it as an IPv4 address;"
                            + " list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32"));
        }
    }

    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** The WHATWG URL "ends in a number" test: decimal digits, or 0x followed by hex digits. */
    private static boolean endsInNumber(String lastLabel) {
        return NUMBER.matcher(lastLabel).matches();
    }

    private static InvalidValueException notAHostName(IpAddress address) {
        return new InvalidValueException("is an IP address, not a host name; list it under `cidrs` as "
                + new Cidr(address, address.bitLength()));
    }

    private static Optional<IpAddress> parseAddress(String text) {
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (InvalidValueException notAnAddress) {
            return Optional.empty();
        }
    }

    /** UTS #46 mapping; lengths are left to {@link #checkShape}, which reports them precisely. */
    private static String toAscii(String name, int firstLabelNumber) {
        IDNA.Info info = new IDNA.Info();
        String ascii = UTS46.nameToASCII(name, new StringBuilder(), info).toString();
        Set<IDNA.Error> errors = significant(info);
        if (!errors.isEmpty()) {
            throw new InvalidValueException(describe(name, errors, firstLabelNumber));
        }
        return ascii;
    }

    private static Set<IDNA.Error> significant(IDNA.Info info) {
        Set<IDNA.Error> errors = EnumSet.noneOf(IDNA.Error.class);
        errors.addAll(info.getErrors());
        errors.remove(IDNA.Error.LABEL_TOO_LONG);
        errors.remove(IDNA.Error.DOMAIN_NAME_TOO_LONG);
        return errors;
    }

    /** Turns ICU's error set for the whole name into a sentence about the first offending character or label. */
    private static String describe(String name, Set<IDNA.Error> errors, int firstLabelNumber) {
        if (errors.contains(IDNA.Error.DISALLOWED)) {
            Optional<Integer> disallowed = name.codePoints()
                    .filter(c -> labelErrors(Character.toString(c)).contains(IDNA.Error.DISALLOWED))
                    .boxed().findFirst();
            if (disallowed.isPresent()) {
                return describeDisallowed(disallowed.get());
            }
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            Set<IDNA.Error> found = labelErrors(labels[i]);
            if (!found.isEmpty()) {
                // EnumSet iterates in declaration order, which ICU lists from most to least basic.
                return "has label " + (firstLabelNumber + i) + " that " + describe(found.iterator().next(), labels[i]);
            }
        }
        if (errors.contains(IDNA.Error.BIDI)) {
            return "breaks the IDNA rules for names with right-to-left text (RFC 5893);"
                    + " check the order of right-to-left letters, digits and left-to-right labels";
        }
        return "is not a valid internationalised host name (IDNA errors " + errors + ")";
    }

    private static Set<IDNA.Error> labelErrors(String label) {
        IDNA.Info info = new IDNA.Info();
        UTS46.labelToASCII(label, new StringBuilder(), info);
        return significant(info);
    }

    private static String describe(IDNA.Error error, String label) {
        return switch (error) {
            case EMPTY_LABEL -> "is empty once IDNA removes its invisible characters; delete the label";
            case LEADING_HYPHEN -> "starts with a hyphen; a label starts and ends with a letter or digit";
            case TRAILING_HYPHEN -> "ends with a hyphen; a label starts and ends with a letter or digit";
            case HYPHEN_3_4 -> "contains \"--\" in the third and fourth positions, which DNS reserves for xn-- labels";
            case LEADING_COMBINING_MARK -> "starts with a combining mark; put the letter it belongs to first";
            case PUNYCODE, INVALID_ACE_LABEL -> "starts with xn-- but is not valid punycode;"
                    + " write the name in Unicode or copy the xn-- label exactly";
            case CONTEXTJ -> "contains a zero-width joiner or non-joiner where IDNA does not allow one; remove it";
            case BIDI -> "mixes right-to-left and left-to-right characters in a way IDNA forbids (RFC 5893)";
            default -> "is not valid under IDNA (" + error + "): " + label;
        };
    }

    private static String describeDisallowed(int codePoint) {
        String shown = switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE -> String.format("U+%04X", codePoint);
            default -> codePoint < 0x80 ? "'" + Character.toString(codePoint) + "'"
                    : String.format("'%s' (U+%04X)", Character.toString(codePoint), codePoint);
        };
        String advice = ":/?#@[]".indexOf(codePoint) >= 0
                ? "write the host name alone, without scheme, port or path"
                : "use letters, digits and hyphens";
        return "contains a character not allowed in host names: " + shown + "; " + advice;
    }
}
