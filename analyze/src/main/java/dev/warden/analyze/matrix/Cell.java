package dev.warden.analyze.matrix;

/**
 * What one row reaches of one column: made on request from the matrix's counts, never stored.
 *
 * @param reached how many of the column's destinations the row can connect to
 * @param total how many destinations the column counts, at least 1
 */
public record Cell(int reached, int total) {
    public Cell {
        if (total < 1 || reached < 0 || reached > total) {
            throw new IllegalArgumentException("not a cell: " + reached + "/" + total);
        }
    }

    /** The share reached, 0 to 1. */
    public double value() {
        return (double) reached / total;
    }
}
