package org.datarecall.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.platform.config.DataRecallConfig;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The webhook subscriptions of {@code datarecall.webhooks.<name>.*}, checked when the service starts: a
 * subscription with a bad URL, a short secret or an event type it cannot have stops the start, rather
 * than a receiver silently never hearing of it.
 */
@ApplicationScoped
public class Subscriptions {

    static final int MIN_SECRET = 16;

    /** One subscription: its name, where it posts, its key, and the types it takes. */
    public record Subscription(String name, URI url, byte[] secret, Set<CaseEventType> events) {
    }

    @Inject
    DataRecallConfig config;

    private volatile Map<String, Subscription> byName;

    void check(@Observes StartupEvent start) {
        all();
        enforcementUrl();
    }

    /** Where enforcement calls go ({@code datarecall.platform.enforcement-url}), or null when none is set. */
    public URI enforcementUrl() {
        return config.platform().enforcementUrl().filter(u -> !u.isBlank())
                .map(u -> url("datarecall.platform.enforcement-url", u)).orElse(null);
    }

    /** The key that signs enforcement calls, or null: they go unsigned. */
    public byte[] enforcementSecret() {
        return config.platform().enforcementSecret().filter(k -> !k.isBlank())
                .map(k -> k.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    /** Every subscription by name; read (and checked) once. */
    public Map<String, Subscription> all() {
        Map<String, Subscription> read = byName;
        if (read == null) {
            read = byName = read(config.webhooks());
        }
        return read;
    }

    /** The names of the subscriptions that take events of this type, for the set-based writers' statements. */
    public String[] names(CaseEventType type) {
        return matching(type.name()).stream().map(Subscription::name).toArray(String[]::new);
    }

    /** The subscriptions that take events of this type. */
    public List<Subscription> matching(String type) {
        List<Subscription> found = new ArrayList<>();
        for (Subscription s : all().values()) {
            if (s.events().stream().anyMatch(t -> t.name().equals(type))) {
                found.add(s);
            }
        }
        return found;
    }

    static Map<String, Subscription> read(Map<String, DataRecallConfig.Webhook> configured) {
        Map<String, Subscription> read = new TreeMap<>();
        configured.forEach((name, w) -> {
            String key = "datarecall.webhooks." + name;
            if (name.contains("@") || name.length() > 100) {
                throw new IllegalStateException(key + ": a subscription's name has at most 100 characters and no '@'");
            }
            URI url = url(key + ".url", w.url());
            if (w.secret().strip().length() < MIN_SECRET) {
                throw new IllegalStateException(key + ".secret must be at least " + MIN_SECRET + " characters");
            }
            Set<CaseEventType> events = EnumSet.noneOf(CaseEventType.class);
            if (w.events().isEmpty()) {
                events.addAll(EnumSet.allOf(CaseEventType.class));
            } else {
                for (String type : w.events().get()) {
                    events.add(Arrays.stream(CaseEventType.values()).filter(v -> v.name().equals(type.strip()))
                            .findFirst().orElseThrow(() -> new IllegalStateException(key + ".events: " + type
                                    + " is no event type; one of " + deliverable())));
                }
            }
            read.put(name, new Subscription(name, url, w.secret().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    events));
        });
        return Map.copyOf(read);
    }

    /** An absolute http or https URL, or the start stops with what is wrong with it. */
    static URI url(String key, String text) {
        URI url;
        try {
            url = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + " is not a URL: " + text);
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalStateException(key + " must be an absolute http or https URL: " + text);
        }
        return url;
    }

    static String deliverable() {
        return Arrays.stream(CaseEventType.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
