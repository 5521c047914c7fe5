package dev.warden.model.finding;

/** A place in a file, 1-based like compilers and editors count. */
public record SourcePosition(String file, int line, int column) implements Comparable<SourcePosition> {

    @Override
    public int compareTo(SourcePosition other) {
        int byFile = file.compareTo(other.file);
        if (byFile != 0) {
            return byFile;
        }
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
