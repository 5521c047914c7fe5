package dev.warden.gateway.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Proxy-Authorization Basic credentials that identify a workload wherever it connects from (§6).
 * The file holds one {@code user:pbkdf2-sha256$iterations$salt$hash} line per user (base64 salt
 * and hash), so it can live in a Secret without holding passwords. Verifying PBKDF2 is slow on
 * purpose; a header once verified is remembered by its SHA-256, so a keep-alive client pays once.
 */
public final class ProxyCredentials {
    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 310_000;
    private static final int REMEMBERED_HEADERS = 10_000;

    private final Map<String, Hash> hashes;
    private final Map<String, String> verifiedHeaders = new ConcurrentHashMap<>();

    private record Hash(int iterations, byte[] salt, byte[] hash) {}

    private ProxyCredentials(Map<String, Hash> hashes) {
        this.hashes = hashes;
    }

    /**
     * Reads a credentials file.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed entry
     */
    public static ProxyCredentials load(Path file) throws IOException {
        Map<String, Hash> hashes = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String[] parts = colon < 0 ? new String[0] : line.substring(colon + 1).split("\\$");
            if (colon <= 0 || parts.length != 4 || !parts[0].equals(SCHEME)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected user:" + SCHEME
                        + "$iterations$salt$hash (make one with `warden gateway hash-password USER`)");
            }
            try {
                hashes.put(line.substring(0, colon), new Hash(Integer.parseInt(parts[1]),
                        Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ProxyCredentials(Map.copyOf(hashes));
    }

    /** A credentials line for {@code user} with a fresh random salt. */
    public static String line(String user, char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return user + ":" + SCHEME + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** The user of a header verified before, without the slow check; null when not remembered. */
    public String rememberedUser(String header) {
        return verifiedHeaders.get(sha256(header));
    }

    /** The user a {@code Proxy-Authorization} header proves, or null when it proves nobody. */
    public String verify(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String key = sha256(header);
        String remembered = verifiedHeaders.get(key);
        if (remembered != null) {
            return remembered;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        Hash expected = colon <= 0 ? null : hashes.get(decoded.substring(0, colon));
        if (expected == null) {
            return null;
        }
        byte[] actual = derive(decoded.substring(colon + 1).toCharArray(), expected.salt(), expected.iterations());
        if (!MessageDigest.isEqual(actual, expected.hash())) {
            return null;
        }
        String user = decoded.substring(0, colon);
        if (verifiedHeaders.size() >= REMEMBERED_HEADERS) {
            verifiedHeaders.clear();
        }
        verifiedHeaders.put(key, user);
        return user;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
