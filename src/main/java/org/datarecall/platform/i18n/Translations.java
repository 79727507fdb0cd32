package org.datarecall.platform.i18n;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * A message bundle in one of our languages, for Java code that writes words itself (subjects, the
 * page's notices). Templates need none of this: they are rendered with the language's locale, and
 * their {@code {bundle:key}} expressions pick the file by it.
 */
public final class Translations {

    private static final Map<Class<?>, Map<Language, Object>> BUNDLES = new ConcurrentHashMap<>();

    private Translations() {
    }

    public static <T> T of(Class<T> bundle, Language language) {
        Object found = BUNDLES.computeIfAbsent(bundle, b -> new ConcurrentHashMap<>())
                .computeIfAbsent(language, l -> MessageBundles.get(bundle, Localized.Literal.of(l.tag())));
        return bundle.cast(found);
    }
}
