package org.datarecall.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting as a pod of the manifests sees it: its environment (the ConfigMap it reads, then its own
 * variables), else {@code application.properties} without a profile (production), else the default the
 * README's configuration table documents (the defaults of {@code DataRecallConfig}).
 */
final class ServiceSettings {

    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path README = Path.of("README.md");

    /** What the portal page's evidence form may add around its file (RequestBodyLimit.FORM_ENVELOPE). */
    static final long FORM_ENVELOPE = 64 * 1024;

    /** A configuration table row: | `key` | `default` | meaning |. */
    private static final Pattern README_ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)`");
    private static final Pattern MEMORY_SIZE = Pattern.compile("(\\d+)([KMGT]?)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> environment;
    private final Map<String, String> properties;
    private final Map<String, String> documented;

    private ServiceSettings(Map<String, String> environment, Map<String, String> properties,
            Map<String, String> documented) {
        this.environment = environment;
        this.properties = properties;
        this.documented = documented;
    }

    /** The settings of a pod whose environment is this (ConfigMap data and plain variables by name). */
    static ServiceSettings withEnvironment(Map<String, String> environment) {
        try {
            return new ServiceSettings(environment, applicationProperties(), readmeDefaults());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of a key such as {@code quarkus.datasource.jdbc.max-size}; fails when nothing sets it. */
    String get(String key) {
        String value = environment.get(environmentName(key));
        if (value == null) {
            value = properties.get(key);
        }
        if (value == null) {
            value = documented.get(key);
        }
        if (value == null) {
            throw new IllegalStateException(key + " is set nowhere: not in the pod's environment, "
                    + APPLICATION_PROPERTIES + " or the README's configuration table");
        }
        return value;
    }

    int integer(String key) {
        return Integer.parseInt(get(key).strip());
    }

    /** A size in bytes, as Quarkus reads it: a number, or one with K, M, G or T (powers of 1024). */
    long bytes(String key) {
        String value = get(key).strip();
        Matcher m = MEMORY_SIZE.matcher(value);
        if (!m.matches()) {
            throw new IllegalStateException(key + "=" + value + " is not a size");
        }
        int power = "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        return Long.parseLong(m.group(1)) << (10 * power);
    }

    /**
     * The largest request body that is written to disk whole before it is read: the multipart uploads of
     * the staff pages' import forms and of the portal page's evidence form (the API's raw bodies stream).
     * Each is capped by its own limit and all by {@code quarkus.http.limits.max-body-size}.
     */
    long largestSpooledUpload() {
        long largestForm = Math.max(bytes("datarecall.import.max-bytes"),
                bytes("datarecall.evidence.max-bytes") + FORM_ENVELOPE);
        return Math.min(bytes("quarkus.http.limits.max-body-size"), largestForm);
    }

    /** quarkus.datasource.jdbc.max-size → QUARKUS_DATASOURCE_JDBC_MAX_SIZE. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> applicationProperties() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            p.load(in);
        }
        Map<String, String> production = new HashMap<>();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("%"))
                .forEach(k -> production.put(k, p.getProperty(k)));
        return production;
    }

    private static Map<String, String> readmeDefaults() throws IOException {
        Map<String, String> defaults = new HashMap<>();
        for (String line : Files.readAllLines(README)) {
            Matcher m = README_ROW.matcher(line);
            if (m.find()) {
                defaults.putIfAbsent(m.group(1), m.group(2));
            }
        }
        return defaults;
    }
}
