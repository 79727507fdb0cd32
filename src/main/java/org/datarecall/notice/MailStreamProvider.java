package org.datarecall.notice;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Names Angus Mail's stream provider to Jakarta Mail, at start. Unnamed, Jakarta Mail (mail-api 2.1) looks
 * its provider up through the {@link java.util.ServiceLoader} for every message, header block, multipart
 * and body part it makes or parses ({@code StreamProvider.provider()} in their constructors), which under
 * Quarkus's class loader reads the jars' service files again each time: four fifths of the CPU of reading
 * a bounce went there. Named by the system property it checks first, the provider is a class looked up by
 * name. A value set on the command line is left as it is.
 */
@ApplicationScoped
class MailStreamProvider {

    /** The system property {@code jakarta.mail.util.FactoryFinder} reads before the ServiceLoader. */
    static final String PROPERTY = "jakarta.mail.util.StreamProvider";

    /** Angus Mail's provider, the one the ServiceLoader would find. */
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    void name(@Observes @Priority(1) StartupEvent start) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ANGUS);
        }
    }
}
