package dev.warden.capacity.preset;

import java.util.Locale;

/** How reports and preset tables print numbers: 55,000 and 1.5 and 120 s. */
public final class Numbers {
    private Numbers() {}

    public static String count(double value) {
        if (Double.isInfinite(value)) {
            return "unlimited";
        }
        if (Math.abs(value - Math.rint(value)) < 1e-9 || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    public static String seconds(double value) {
        if (Double.isInfinite(value)) {
            return "never";
        }
        if (value >= 3600 && value % 3600 == 0) {
            return count(value / 3600) + " h";
        }
        if (value >= 60 && value % 60 == 0) {
            return count(value / 60) + " min";
        }
        if (value < 1 && value > 0) {
            return Math.round(value * 1000) + " ms";
        }
        return (Math.abs(value - Math.rint(value)) < 1e-9 ? String.valueOf(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value)) + " s";
    }

    public static String percent(double fraction) {
        if (Double.isInfinite(fraction) || Double.isNaN(fraction)) {
            return "-";
        }
        double pct = fraction * 100;
        return (pct >= 10 || pct == 0 ? String.format(Locale.ROOT, "%,.0f", pct) : String.format(Locale.ROOT, "%.1f", pct)) + "%";
    }
}
