package dev.warden.capacity.preset;

/**
 * Where a documented number comes from: the provider page's title as the provider names it, the
 * section on that page, and its address. Reports cite every number by this.
 */
public record Source(String page, String section, String url) {

    @Override
    public String toString() {
        return "\"" + page + "\"" + (section == null || section.isEmpty() ? "" : ", " + section);
    }
}
