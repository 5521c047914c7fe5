package dev.warden.capacity.report;

import dev.warden.capacity.model.Storm;
import java.util.ArrayList;
import java.util.List;

/** Thins a storm curve for charts and JSON while keeping its shape: each bucket keeps its highest point. */
public final class Curves {
    public static final int MAX_POINTS = 600;

    private Curves() {}

    public static List<Storm.Point> thin(List<Storm.Point> curve, int max) {
        if (curve.size() <= max) {
            return curve;
        }
        int bucket = (int) Math.ceil((double) curve.size() / (max - 1));
        List<Storm.Point> kept = new ArrayList<>();
        kept.add(curve.get(0));
        for (int start = 1; start < curve.size() - 1; start += bucket) {
            Storm.Point best = curve.get(start);
            for (int i = start; i < Math.min(curve.size() - 1, start + bucket); i++) {
                if (curve.get(i).held() > best.held()) {
                    best = curve.get(i);
                }
            }
            kept.add(best);
        }
        kept.add(curve.get(curve.size() - 1));
        return kept;
    }

    /** Unicode block sparkline of ports held, {@code width} columns, scaled to {@code top}. */
    public static String sparkline(List<Storm.Point> curve, int width, double top) {
        String blocks = "▁▂▃▄▅▆▇█";
        StringBuilder out = new StringBuilder();
        int n = curve.size();
        for (int column = 0; column < width; column++) {
            int from = (int) ((long) column * n / width);
            int to = (int) Math.max(from + 1, (long) (column + 1) * n / width);
            double most = 0;
            for (int i = from; i < Math.min(n, to); i++) {
                most = Math.max(most, curve.get(i).held());
            }
            int level = top <= 0 ? 0 : (int) Math.round(Math.min(1, most / top) * (blocks.length() - 1));
            out.append(blocks.charAt(level));
        }
        return out.toString();
    }
}
