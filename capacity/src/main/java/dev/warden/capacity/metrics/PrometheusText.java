package dev.warden.capacity.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4): {@code # HELP} and
 * {@code # TYPE} comments, {@code name{label="value",...} value [timestamp]} samples, label values
 * with {@code \\}, {@code \"} and {@code \n} escapes, and the values NaN, +Inf and -Inf. A line it
 * cannot read is an error naming the line.
 */
public final class PrometheusText {
    private PrometheusText() {}

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int number = 0; number < lines.length; number++) {
            String line = lines[number].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                samples.add(sample(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (number + 1) + ": " + e.getMessage() + ": " + abbreviate(line), e);
            }
        }
        return samples;
    }

    private static Sample sample(String line) {
        int i = 0;
        int length = line.length();
        while (i < length && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a metric name");
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < length && line.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipSpaces(line, i);
                if (i >= length) {
                    throw new IllegalArgumentException("unclosed label set");
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < length && isNameChar(line.charAt(i), i == start)) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("expected a label name");
                }
                String key = line.substring(start, i);
                i = skipSpaces(line, i);
                if (i >= length || line.charAt(i) != '=') {
                    throw new IllegalArgumentException("expected = after label " + key);
                }
                i = skipSpaces(line, i + 1);
                if (i >= length || line.charAt(i) != '"') {
                    throw new IllegalArgumentException("expected a quoted value for label " + key);
                }
                i++;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (i < length) {
                    char c = line.charAt(i++);
                    if (c == '\\' && i < length) {
                        char next = line.charAt(i++);
                        value.append(next == 'n' ? '\n' : next);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unclosed value of label " + key);
                }
                labels.put(key, value.toString());
                i = skipSpaces(line, i);
                if (i < length && line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException("expected a value (and an optional timestamp)");
        }
        return new Sample(name, labels, value(rest[0]));
    }

    static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("\"" + text + "\" is not a number");
                }
            }
        };
    }

    private static boolean isNameChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
    }

    private static int skipSpaces(String line, int i) {
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
